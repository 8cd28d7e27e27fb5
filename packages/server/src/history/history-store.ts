import type { Readable } from 'node:stream';
import type { EpochMs } from '@doppel/core';
import type { LogOffset } from '../log/event-log.js';

/**
 * The history port (DESIGN.md 5): every applied sample, stored for charts, replay, analytics and
 * the query language. Embedded adapter: DuckDB, one wide table per model (adapters/duckdb-history).
 * Scale-out adapter (later): PostgreSQL / TimescaleDB. Both pass `runHistoryStoreContract`.
 *
 * Time bounds are epoch milliseconds, `fromMs` inclusive and `toMs` exclusive, everywhere.
 */

/** Storage type of one path, derived from its DTDL schema (history/history-schema.ts). */
export type HistoryColumnType = 'double' | 'bigint' | 'boolean' | 'string' | 'json';

export interface HistoryColumn {
  /** Twin path: `name`, or `component/name`. */
  readonly path: string;
  readonly type: HistoryColumnType;
}

/** The columns of one model's history table. A new model version may add columns, never change one. */
export interface HistoryModelSchema {
  readonly modelId: string;
  readonly columns: readonly HistoryColumn[];
  /**
   * Paths of the model deliberately left out of history (DTDL Historization: the model marks
   * other paths `Historized`). Stores ignore it; the consumer counts their values as not
   * historized rather than as dropped.
   */
  readonly excludedPaths?: ReadonlySet<string>;
}

/** One stored row: the values some paths of a twin had at one source time. */
export interface HistoryRow {
  readonly twinId: string;
  readonly modelId: string;
  readonly ts: EpochMs;
  readonly values: Readonly<Record<string, unknown>>;
}

/**
 * Rows of a contiguous run of the event log, up to (not including) `throughOffset`. A store writes
 * the rows and the checkpoint in one transaction: after a crash, history resumes from the stored
 * checkpoint, so nothing is lost and nothing is written twice.
 */
export interface HistoryBatch {
  readonly rows: readonly HistoryRow[];
  readonly throughOffset: LogOffset;
}

export const AGGREGATIONS = ['avg', 'min', 'max', 'sum', 'count', 'first', 'last'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

/** Raw samples, or the rollup tiers: buckets of 1 minute and of 15 minutes. */
export type HistoryTier = 'raw' | '1m' | '15m';

export interface SeriesSelector {
  readonly twinId: string;
  readonly modelId: string;
  readonly path: string;
}

export interface SeriesQuery {
  readonly series: readonly SeriesSelector[];
  readonly fromMs: number;
  readonly toMs: number;
  /** Bucket width; omitted = raw samples (subject to `pointsMax`). */
  readonly stepMs?: number;
  /** Required with `stepMs`. */
  readonly agg?: Aggregation;
  /** IANA time zone that buckets of a day or longer align to (default UTC). */
  readonly timeZone?: string;
  /** `auto` (default) picks the coarsest tier whose bucket divides `stepMs`. */
  readonly tier?: HistoryTier | 'auto';
  /** Most points returned per series; the store refuses rather than truncating silently. */
  readonly pointsMax: number;
}

/** Columnar result, like a Grafana data frame: one timestamp array shared by the series of a frame. */
export interface SeriesFrame {
  readonly series: SeriesSelector;
  readonly timestamps: readonly number[];
  readonly values: readonly unknown[];
  /**
   * Set when the range starts before what the tier read still holds of this series: retention
   * removed what came before, so the frame is complete from here on only. A coarser step reads
   * a tier kept longer.
   */
  readonly retainedFromMs?: number;
}

export interface SeriesResult {
  readonly frames: readonly SeriesFrame[];
  /** The tier that was read. */
  readonly tier: HistoryTier;
  readonly stepMs: number | null;
  readonly agg: Aggregation | null;
}

/** How long each tier is kept, in ms; `null` = forever. */
export interface RetentionTiers {
  readonly rawMs: number | null;
  readonly oneMinuteMs: number | null;
  readonly fifteenMinutesMs: number | null;
}

/** The tiers an override sets replace those of the level above it; the others are inherited. */
export type RetentionOverride = Partial<RetentionTiers>;

export interface ModelRetention extends RetentionOverride {
  /** By twin path (`name` or `component/name`). */
  readonly paths?: Readonly<Record<string, RetentionOverride>>;
}

/**
 * Global tiers (defaults: raw 24 h, 1 min 30 days, 15 min forever) with overrides by model, keyed
 * by model id (`dtmi:acme:Pump;2`: that version) or versionless id (`dtmi:acme:Pump`: every
 * version), and by path within a model. The most specific setting wins: path over model over
 * global, an exact id over a versionless one (history/retention-policy.ts resolves it).
 */
export interface RetentionPolicy extends RetentionTiers {
  readonly models?: Readonly<Record<string, ModelRetention>>;
}

export interface HistoryStats {
  /** Raw rows stored (one row = one twin at one source time, any number of paths). */
  readonly rows: number;
  readonly bytesOnDisk: number;
  readonly checkpoint: LogOffset;
  /**
   * Rows refused since open because they were older than the late-data window or the raw
   * retention horizon (each is also logged). Optional so that test doubles need not count.
   */
  readonly lateRowsRefused?: number;
}

/** A series turning stale or fresh again (sync/freshness-tracker.ts), as history keeps it. */
export interface FreshnessEvent {
  readonly twinId: string;
  readonly path: string;
  readonly atMs: number;
  /** `degraded` (and `fresh` again) for the roll-up of a twin, whose events have the path `$rollup`. */
  readonly freshness: 'fresh' | 'stale' | 'degraded';
  /** `rollup`: the twin's roll-up changed; `source` then names the series that caused it (`twinId/path`). */
  readonly reason: 'no-update' | 'source-offline' | 'update' | 'rollup';
  readonly cadenceMs: number;
  readonly source: string;
}

export interface FreshnessEventQuery {
  readonly twinId: string;
  /** One path, or every path of the twin. */
  readonly path?: string;
  /** [fromMs, toMs) on `atMs`. */
  readonly fromMs: number;
  readonly toMs: number;
  /** Most events returned (oldest first). */
  readonly limit: number;
}

export interface HistoryStore {
  open(): Promise<void>;
  close(): Promise<void>;
  /** Creates or widens the table of a model. Idempotent. */
  ensureSchema(schema: HistoryModelSchema): Promise<void>;
  /** Writes rows and the checkpoint atomically; rollups are updated in the same transaction. */
  write(batch: HistoryBatch): Promise<void>;
  /** The log offset history has consumed up to (0 on a new store). */
  checkpoint(): Promise<LogOffset>;
  query(query: SeriesQuery): Promise<SeriesResult>;
  /** Drops whatever the policy no longer keeps (whole partitions where it can). */
  applyRetention(nowMs: number, policy: RetentionPolicy): Promise<void>;
  stats(): Promise<HistoryStats>;
  /**
   * Read-only SQL over the documented history schema (docs/history.md), for data scientists.
   * Refuses anything but a single SELECT / WITH query and any file-system or extension function;
   * bounded by `rowsMax` (refused beyond) and `timeoutMs` (interrupted beyond).
   */
  sql(text: string, limits: { readonly rowsMax: number; readonly timeoutMs: number }): Promise<SqlResult>;
  /**
   * A range of one twin's paths as one Parquet file (zstd), whole: the file is complete before the
   * first byte is read. Columns: `ts`, TIMESTAMP WITH TIME ZONE in UTC (the source time, or the
   * bucket start with `stepMs`), then one column per path named like its SQL column (the path),
   * typed double, bigint, boolean or varchar (strings, and JSON as its text); one row per time at
   * which some path has a value, in time order. With `stepMs` and `agg` the buckets come from the
   * tier `query` would read, aggregated as `query` does (`avg` is a double, `count` a bigint).
   */
  exportParquet(query: HistoryExportQuery): Promise<HistoryExport>;
  /** Keeps freshness transitions (kept as long as the 1-minute tier; `doppel_freshness` in SQL). */
  appendFreshness(events: readonly FreshnessEvent[]): Promise<void>;
  /** A twin's freshness transitions in a range, oldest first. */
  readFreshness(query: FreshnessEventQuery): Promise<FreshnessEvent[]>;
}

export interface HistoryExportQuery {
  readonly twinId: string;
  readonly modelId: string;
  readonly paths: readonly string[];
  readonly fromMs: number;
  readonly toMs: number;
  /** Bucket width; omitted = raw samples. */
  readonly stepMs?: number;
  /** Required with `stepMs`. */
  readonly agg?: Aggregation;
  /** IANA time zone that buckets of a day or longer align to (default UTC). */
  readonly timeZone?: string;
  /** Most rows in the file; more is refused (`history.too-many-points`), never truncated. */
  readonly rowsMax: number;
  /** Time the store may take to write the file; beyond it, `history.query-timeout`. */
  readonly timeoutMs: number;
}

/**
 * An exported file. The store has already removed it from the file system and keeps it open for
 * `content` only: the bytes go away when `content` ends, fails or is destroyed (destroy it to drop
 * an export unread), so nothing is left behind, whatever the client does.
 */
export interface HistoryExport {
  readonly rows: number;
  readonly bytes: number;
  /** The tier that was read. */
  readonly tier: HistoryTier;
  /** The file's bytes, readable once. */
  readonly content: Readable;
}

export interface SqlResult {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly (readonly unknown[])[];
}
