/**
 * The ingest payload shape shared by MQTT and HTTP (README "Topics and payloads"):
 * a JSON object `{ "ts"?: ISO 8601 | epoch ms, "<name>": value, … }` or an array of such objects.
 */
export type TimestampInput = string | number;

export interface SampleObject {
  readonly ts?: TimestampInput;
  readonly [name: string]: unknown;
}

export type IngestPayload = SampleObject | readonly SampleObject[];

/** The reserved key that carries the source time in a sample object. */
export const TIMESTAMP_KEY = 'ts';
