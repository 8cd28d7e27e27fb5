import type { EpochMs, ErrorCode, TwinId } from '@doppel/core';
import type { IngestKind } from '@doppel/protocol';

/**
 * Where an input came from. `replay` is a dead letter sent through ingest again; `derived` is a
 * value the platform computed (a consistency rule's resolved value).
 */
export type Transport = 'mqtt' | 'http' | 'replay' | 'derived';

/** One raw input, as a source adapter hands it to ingest. */
export interface IngestInput {
  readonly transport: Transport;
  /** MQTT topic or HTTP route. */
  readonly topic: string;
  /** MQTT client id, or the HTTP caller (remote address or principal). */
  readonly clientId: string;
  readonly twinId: string;
  readonly kind: IngestKind;
  readonly payload: Uint8Array;
  readonly receivedMs: EpochMs;
}

/** A quality a device reported for a value (`$quality`) other than the default, `good`. */
export type ReportedQuality = 'uncertain' | 'bad';

/** One row of a normalised batch: the values of several paths at one source time. */
export interface SampleRow {
  readonly ts: EpochMs;
  readonly values: Readonly<Record<string, unknown>>;
  /**
   * The qualities the device reported (`$quality`) that are not `good`, by path; only for paths
   * in `values`. Absent when every value is good (the common case).
   */
  readonly quality?: Readonly<Record<string, ReportedQuality>>;
}

/**
 * The unit written to the durable log and applied to twin state: the valid samples of one input.
 * Paths of component contents are `component/name`.
 */
export interface IngestEntry {
  readonly twinId: TwinId;
  readonly kind: IngestKind;
  readonly source: string;
  readonly transport: Transport;
  readonly receivedMs: EpochMs;
  readonly rows: readonly SampleRow[];
  /** Number of values in `rows` (points). */
  readonly points: number;
  /**
   * The input's payload when `rows` is exactly what it says: every value valid, no component
   * nesting, no `$quality`. The log then stores these bytes instead of re-encoding the rows
   * (entry-codec.ts).
   */
  readonly raw?: Uint8Array;
}

/** A dead letter before it is stored (the store assigns the id). */
export interface DeadLetterDraft {
  readonly reason: ErrorCode;
  readonly message: string;
  readonly transport: Transport;
  readonly topic: string;
  readonly clientId: string;
  readonly twinId: string | null;
  readonly receivedMs: EpochMs;
  /** Points this dead letter stands for (1 for an undecodable payload). */
  readonly points: number;
  /** The raw payload, or for one bad sample of a batch, that sample alone. */
  readonly payload: Uint8Array;
  /** JSON pointer into the original payload, for sample-level errors. */
  readonly pointer?: string;
}

/** What decoding one input produced: at most one entry, any number of dead letters. */
export interface DecodedInput {
  readonly entry: IngestEntry | undefined;
  readonly deadLetters: readonly DeadLetterDraft[];
  /** All points the input carried (applied + dead-lettered). */
  readonly points: number;
}
