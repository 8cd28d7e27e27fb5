/** What the orchestrator needs of each engine, and what it records of one. */
import type { QueryName, QuerySpec } from './dataset.js';
import type { Latency } from './measure.js';

/**
 * An engine's answer in one shape for comparison: timestamps and, per field, the values (the
 * bucket's mean, or the raw sample); for bucketed queries also the sample count per bucket.
 */
export interface Answer {
  readonly timestamps: readonly number[];
  readonly fields: Readonly<Record<string, readonly (number | null)[]>>;
  readonly counts?: readonly number[];
}

export interface LoadedEngine {
  /** The query as a user would run it (timed): resolves with the number of points returned. */
  run(query: QuerySpec): Promise<number>;
  /** The same query plus what the oracle check needs (counts), untimed. */
  answer(query: QuerySpec): Promise<Answer>;
  close(): Promise<void>;
}

/** One phase's write, timed from its first write to its last one acknowledged (Doppel: in history). */
export interface WriteFigures {
  readonly points: number;
  readonly seconds: number;
  readonly pointsPerSecond: number;
  /** CPU of everything doing the work (process or server + writer) over the window, in cores. */
  readonly cores: number;
  /** Busy CPU of the rest of the machine over the window (not the bench's): above ~0.2, contention. */
  readonly otherCores: number;
  readonly notes: readonly string[];
}

/** The store after a phase: what it holds by then, divided by the points it holds. */
export interface SizeFigures {
  /** What the ratio and the target use: Doppel's DuckDB file + WAL; InfluxDB's TSM files. */
  readonly bytes: number;
  /** The points the bytes are divided by: the headline's, or after the backfill every point written. */
  readonly points: number;
  readonly bytesPerPoint: number;
  /** The engine's whole data directory (InfluxDB: data + wal; Doppel: the history store's directory). */
  readonly dirBytes: number;
  readonly dirBytesPerPoint: number;
  readonly notes: readonly string[];
}

export interface PhaseFigures {
  readonly write: WriteFigures;
  readonly size: SizeFigures;
}

/** What an engine's loader returns: both phases' figures and the engine, ready for the queries. */
export interface EngineLoad {
  /** Phase 1: the live part into an empty store (the figures the targets and ratios use). */
  readonly headline: PhaseFigures;
  /** Phase 2: archive + day after it; `size` is then the whole store, over every point written. */
  readonly backfill: PhaseFigures;
  readonly engine: LoadedEngine;
}

export interface QueryFigures {
  readonly name: QueryName;
  readonly points: number;
  readonly latency: Latency;
}

export interface EngineResult {
  readonly engine: 'doppel' | 'influxdb';
  /** Headline (phase 1): the live part into an empty store. */
  readonly write?: WriteFigures;
  /** Headline (phase 1): the store holding the live part only. */
  readonly size?: SizeFigures;
  /** Phase 2, notes: the backfill's write, and the whole store after it. */
  readonly backfill?: PhaseFigures;
  readonly queries: readonly QueryFigures[];
  readonly answers: Partial<Record<QueryName, Answer>>;
  readonly error?: string;
}
