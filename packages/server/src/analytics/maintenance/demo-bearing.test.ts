// The demo plant's worn bearing through the platform's bearing monitor: @doppel/sim's pumps send
// a waveform every simulated minute, pump-1's bearing wears out in 2 hours and is replaced; the
// monitor's health index and remaining useful life must tell, in time for the demo's alert rule.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PlantMessage } from '@doppel/sim';
import { demoSite, FAULT_PRONE_TWINS, Plant } from '@doppel/sim';
import type { BearingReading } from './bearing-monitor.js';
import { BearingMonitor } from './bearing-monitor.js';

const START_MS = Date.UTC(2025, 5, 4, 8, 0, 0);
const MINUTE_MS = 60_000;
const LIFE_MINUTES = 120;
const CYCLE_MINUTES = LIFE_MINUTES + 5; // then 5 minutes failed, then a new bearing

interface Reading extends BearingReading {
  readonly minute: number;
}

/**
 * Two lives and a half of the demo plant at the platform's speed (1), sampled once a minute (the
 * waveform cadence), each pump's waveforms through a monitor of its own.
 */
function runDemo(twinIds: readonly string[]): Map<string, Reading[]> {
  const plant = new Plant(demoSite(), { startMs: START_MS, utcOffsetMinutes: 0, periodMs: MINUTE_MS });
  const monitors = new Map(twinIds.map((id) => [id, new BearingMonitor(25)]));
  const readings = new Map(twinIds.map((id): [string, Reading[]] => [id, []]));
  for (let minute = 0; minute <= 2 * CYCLE_MINUTES + 60; minute++) {
    for (const message of plant.takeDue(START_MS + minute * MINUTE_MS) as PlantMessage[]) {
      const monitor = monitors.get(message.twinId);
      const waveform = message.payload['waveform'] as { sampleRateHz: number; samples: number[] } | undefined;
      if (monitor === undefined || waveform === undefined) continue;
      const ts = message.payload['ts'] as number;
      const reading = monitor.observe(ts, waveform.samples, waveform.sampleRateHz);
      readings.get(message.twinId)?.push({ ...reading, minute: (ts - START_MS) / MINUTE_MS });
    }
  }
  return readings;
}

/** The demo rule `pump-bearing-failing` (demo-alert-rules.ts) on a reading. */
const failingSoon = (reading: Reading): boolean =>
  (reading.rulP10Hours ?? Infinity) < 0.5 && (reading.healthIndex ?? 1) < 0.9;

void describe('the demo plant’s worn bearing through BearingMonitor', () => {
  const worn = FAULT_PRONE_TWINS.bearingWear;
  const all = runDemo([worn, 'pump-2']);
  const readings = all.get(worn) ?? [];

  void it('sends a waveform a minute, learned as healthy for the first 30', () => {
    assert.ok(readings.length >= 2 * CYCLE_MINUTES, `${readings.length} waveforms`);
    assert.equal(readings.filter((reading) => reading.healthIndex === undefined).length, 30);
  });

  for (const life of [0, 1]) {
    void it(`life ${life + 1}: the health falls below 0.5 and the alert condition holds well before the failure`, () => {
      const start = life * CYCLE_MINUTES;
      const failedAt = start + LIFE_MINUTES;
      const lifeReadings = readings.filter((reading) => reading.minute >= start && reading.minute < failedAt);
      const worst = Math.min(...lifeReadings.map((reading) => reading.healthIndex ?? 1));
      assert.ok(worst < 0.5, `health down to ${worst}`);
      const warned = lifeReadings.find(failingSoon);
      assert.ok(warned !== undefined, 'the RUL alert condition');
      assert.ok(failedAt - warned.minute >= 20, `warned ${failedAt - warned.minute} minutes before failure`);
      // The estimate converges: p50 within 15 minutes of the truth over the last half hour.
      for (const reading of lifeReadings.filter((r) => r.minute >= failedAt - 30 && r.rulP50Hours !== undefined)) {
        const truthHours = (failedAt - reading.minute) / 60;
        assert.ok(
          Math.abs((reading.rulP50Hours ?? 0) - truthHours) < 0.25,
          `${reading.rulP50Hours} h vs ${truthHours}`,
        );
      }
    });
  }

  void it('reads a replaced bearing as healthy at once, without the old bearing’s trend', () => {
    const renewed = readings.filter(
      (reading) => reading.minute >= CYCLE_MINUTES && reading.minute < CYCLE_MINUTES + 30,
    );
    assert.ok(renewed.length > 0);
    for (const reading of renewed) {
      assert.ok((reading.healthIndex ?? 0) >= 0.9, `health ${reading.healthIndex} at ${reading.minute}`);
      assert.equal(reading.rulP10Hours, undefined, `RUL ${reading.rulP10Hours} at ${reading.minute}`);
      assert.ok(!failingSoon(reading));
    }
  });

  void it('keeps a healthy pump healthy, without an alert', () => {
    const healthy = (all.get('pump-2') ?? []).filter((reading) => reading.healthIndex !== undefined);
    assert.ok(healthy.length > 200);
    assert.ok(healthy.every((reading) => (reading.healthIndex ?? 0) > 0.9 && !failingSoon(reading)));
  });
});
