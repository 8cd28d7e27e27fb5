import type { DigitalTwin } from '@doppel/protocol';
import type { StoredTwin } from '../graph/registry.js';
import { twinToWire } from '../graph/twin-record.js';
import type { PathValue } from '../state/twin-state-store.js';

/**
 * A twin in Azure Digital Twins' shape with its live state laid over it: reported properties
 * newer than the stored ones replace them, and (`telemetry: true`, for queries) each telemetry's
 * current value appears beside the properties, with its source time in `$metadata`. Paths inside
 * components (`motor/speed`) are left out here: they are read through the state API.
 */
export function twinDocument(
  twin: StoredTwin,
  state: ReadonlyMap<string, PathValue> | undefined,
  options: { readonly telemetry: boolean },
): DigitalTwin {
  const wire = twinToWire(twin) as Record<string, unknown> & { $metadata: Record<string, unknown> };
  if (state === undefined) return wire as DigitalTwin;
  for (const [path, value] of state) {
    if (path.includes('/') || !liveValueShows(twin, path, value, options)) continue;
    wire[path] = value.value;
    wire.$metadata[path] = {
      lastUpdateTime: new Date(value.sourceTimeMs).toISOString(),
      receiveTime: new Date(value.receivedMs).toISOString(),
      source: value.source,
    };
  }
  return wire as DigitalTwin;
}

/**
 * Whether a live value takes the place of (or stands beside) the twin's stored properties: a
 * reported property when it is not older than the stored one, a telemetry value (when asked for)
 * unless a stored property has its name.
 */
export function liveValueShows(
  twin: StoredTwin,
  name: string,
  value: PathValue,
  options: { readonly telemetry: boolean },
): boolean {
  if (value.kind === 'property') return value.sourceTimeMs >= (twin.propertyTimesMs[name] ?? -Infinity);
  return options.telemetry && !Object.hasOwn(twin.properties, name);
}
