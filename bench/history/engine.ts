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

export interface SizeFigures {
  /** What the ratio and the target use: Doppel's DuckDB file + WAL; InfluxDB's TSM files. */
  readonly bytes: number;
  readonly bytesPerPoint: number;
  /** The engine's whole data directory (InfluxDB: data + wal; Doppel: the history store's directory). */
  readonly dirBytes: number;
  readonly dirBytesPerPoint: number;
  readonly notes: readonly string[];
}

export interface QueryFigures {
  readonly name: QueryName;
  readonly points: number;
  readonly latency: Latency;
}

export interface EngineResult {
  readonly engine: 'doppel' | 'influxdb';
  readonly write?: WriteFigures;
  readonly size?: SizeFigures;
  readonly queries: readonly QueryFigures[];
  readonly answers: Partial<Record<QueryName, Answer>>;
  readonly error?: string;
}
