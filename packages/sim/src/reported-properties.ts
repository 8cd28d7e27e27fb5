import type { DemoTwin } from './demo-site-types.js';
import { numberProperty } from './behaviour.js';
import { roundTo } from './signals.js';

const HOUR_MS = 3_600_000;
const BATTERY_DRAIN_PERCENT_PER_DAY = 1;
const BATTERY_REPLACED_BELOW_PERCENT = 5;

/**
 * What a device's controller reports about itself, now and then: its firmware (on the first
 * report), run hours for equipment and battery charge for sensors. Only properties the twin's
 * model declares are reported (`declared`).
 */
export function reportedProperties(
  twin: DemoTwin,
  declared: ReadonlySet<string>,
  simMs: number,
  simStartMs: number,
  first: boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (first && declared.has('firmwareVersion') && typeof twin['firmwareVersion'] === 'string') {
    out['firmwareVersion'] = twin['firmwareVersion'];
  }
  const elapsedMs = Math.max(0, simMs - simStartMs);
  if (declared.has('operatingHours')) {
    out['operatingHours'] = roundTo(numberProperty(twin, 'operatingHours', 0) + elapsedMs / HOUR_MS, 0.01);
  }
  if (declared.has('batteryLevel')) {
    // Drains a percent a day; someone replaces the battery when it is nearly flat.
    const span = 100 - BATTERY_REPLACED_BELOW_PERCENT;
    const drained = numberProperty(twin, 'batteryLevel', 100) - BATTERY_REPLACED_BELOW_PERCENT;
    const left = drained - (BATTERY_DRAIN_PERCENT_PER_DAY * elapsedMs) / (24 * HOUR_MS);
    out['batteryLevel'] = roundTo((((left % span) + span) % span) + BATTERY_REPLACED_BELOW_PERCENT, 0.1);
  }
  return out;
}
