import type { ValueQuality } from './rest.js';

/**
 * The ingest payload shape shared by MQTT and HTTP (README "Topics and payloads"):
 * a JSON object `{ "ts"?: ISO 8601 | epoch ms, "$quality"?: …, "<name>": value, … }` or an array
 * of such objects.
 */
export type TimestampInput = string | number;

/**
 * The quality a device reports with a sample: one for every value of the sample (component
 * contents included), or one per value path as the values appear in the sample (`name`, or
 * `component/name` for a component's contents). A value without one is `good`.
 */
export type QualityInput = ValueQuality | Readonly<Record<string, ValueQuality>>;

export interface SampleObject {
  readonly ts?: TimestampInput;
  readonly $quality?: QualityInput;
  readonly [name: string]: unknown;
}

export type IngestPayload = SampleObject | readonly SampleObject[];

/** The reserved key that carries the source time in a sample object. */
export const TIMESTAMP_KEY = 'ts';

/**
 * The reserved key that carries the quality of a sample's values (`QualityInput`). DTDL names
 * cannot start with `$`, so it never names a telemetry or property. Like `ts`, it is not a point.
 */
export const QUALITY_KEY = '$quality';
