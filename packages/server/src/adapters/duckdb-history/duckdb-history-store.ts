import { mkdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DoppelError, silentLogger } from '@doppel/core';
import type { Logger } from '@doppel/core';
import type {
  FreshnessEvent,
  FreshnessEventQuery,
  HistoryBatch,
  HistoryExport,
  HistoryExportQuery,
  HistoryModelSchema,
  HistoryStats,
  HistoryStore,
  RetentionPolicy,
  SeriesQuery,
  SeriesResult,
  SqlResult,
} from '../../history/history-store.js';
import type { LogOffset } from '../../log/event-log.js';
import { writeCheckpoint, writeModelRun } from './batch-write.js';
import type { RunWritten } from './batch-write.js';
import { loadCatalog } from './catalog.js';
import type { CatalogModel } from './catalog.js';
import { ConnectionLane } from './connection-lane.js';
import { runGuardedSql } from './guarded-sql.js';
import { loadHighWater } from './high-water.js';
import type { HighWater } from './high-water.js';
import { appendFreshnessEvents, dropFreshnessEventsBefore, readFreshnessEvents } from './freshness-events.js';
import { exportParquet, prepareExportDir } from './parquet-export.js';
import { applyRetentionSql } from './retention.js';
import { evolveSchema } from './schema-evolution.js';
import { readSeries } from './series-read.js';
import { storedMarks } from './rollup-marks.js';
import { storedSortMark } from './sort-mark.js';
import { TwinKeys } from './twin-keys.js';
import { markExpired } from '../../history/retention-policy.js';
import type { AppliedRetention } from '../../history/retention-policy.js';
import { partitionTable, quoteIdent, quoteString } from './sql-names.js';
import { groupByModel, planModelRun } from './stage-rows.js';
import type { ModelRun } from './stage-rows.js';
import { createRawViewSql, createStageSql } from './table-ddl.js';

export interface DuckDbHistoryOptions {
  /** The database file (`:memory:` for tests); DuckDB keeps its WAL beside it (`<path>.wal`). */
  readonly path: string;
  /**
   * Rows older than the model's newest source time minus this are refused (counted and logged).
   * Unbounded by default: a backfill of old data is history like any other.
   */
  readonly lateWindowMs?: number;
  /**
   * How long after its end a rollup bucket waits for stragglers before it is aggregated into its
   * tier (rollup-marks.ts); a sample later than that adds a partial row. Until then queries read
   * the bucket from raw data.
   */
  readonly rollupGraceMs?: number;
  /** The only directory DuckDB may touch besides its own files (exports); none by default. */
  readonly exportDir?: string;
  /**
   * Where raw retention archives each day partition, as Parquet, before it drops it
   * (`<archiveDir>/<model id, file-safe>/<yyyy-mm-dd>.parquet`); none: dropped days are gone.
   */
  readonly archiveDir?: string;
  /**
   * WAL size that makes DuckDB checkpoint (fold the WAL into the compressed file). Each
   * checkpoint rewrites the tables' last, partly filled row groups, so a small threshold costs
   * write time and leaves freed blocks in the file; a large one costs memory (committed rows wait
   * uncompressed) and replay time at open. DuckDB's default is 16 MB, about 1.5 M points.
   */
  readonly checkpointThreshold?: string;
  readonly logger?: Logger;
}

export const DUCKDB_HISTORY_DEFAULTS = {
  /**
   * No late-data cut-off: refusing old samples loses data (a backfill after an outage, a gateway's
   * buffer). Its cost is bounded anyway: duplicate checks read only the raw partitions that
   * retention keeps.
   */
  lateWindowMs: Number.POSITIVE_INFINITY,
  /** Devices' clocks and gateways' buffering differ by seconds; two minutes absorbs most of it. */
  rollupGraceMs: 120_000,
  /** About 12 M points: 128 MB of memory at most, 1.95 → 2.25 M points/s written (tmp bench, 6 M points). */
  checkpointThreshold: '128MB',
} as const;

interface Opened {
  readonly instance: DuckDBInstance;
  readonly writer: ConnectionLane;
  readonly reader: ConnectionLane;
  readonly sql: ConnectionLane;
}

/**
 * The embedded HistoryStore (DESIGN.md 5): DuckDB, one wide table per model and UTC day, rollup
 * tiers of 1 and 15 minutes that close behind marks (rollup-marks.ts), all in the write
 * transaction with the log checkpoint.
 * Three connections: the writer (one transaction at a time), the reader (series queries, which
 * see committed data only) and the guarded user-SQL connection, which also writes Parquet exports
 * (parquet-export.ts says why).
 */
export class DuckDbHistoryStore implements HistoryStore {
  private opened: Opened | undefined;
  private models = new Map<string, CatalogModel>();
  private readonly highWater = new Map<CatalogModel, HighWater>();
  private twinKeys = new TwinKeys();
  private retention: AppliedRetention | undefined;
  private checkpointOffset: LogOffset = 0;
  private rawHorizonMs = Number.MIN_SAFE_INTEGER;
  private lateRowsRefused = 0;
  private readonly lateWindowMs: number;
  private readonly rollupGraceMs: number;
  private readonly logger: Logger;

  constructor(private readonly options: DuckDbHistoryOptions) {
    this.lateWindowMs = options.lateWindowMs ?? DUCKDB_HISTORY_DEFAULTS.lateWindowMs;
    this.rollupGraceMs = options.rollupGraceMs ?? DUCKDB_HISTORY_DEFAULTS.rollupGraceMs;
    this.logger = options.logger ?? silentLogger;
  }

  async open(): Promise<void> {
    if (this.opened !== undefined) return;
    const instance = await DuckDBInstance.create(this.options.path, {
      checkpoint_threshold: this.options.checkpointThreshold ?? DUCKDB_HISTORY_DEFAULTS.checkpointThreshold,
    });
    const writerConnection = await instance.connect();
    const catalog = await loadCatalog(writerConnection);
    this.models = catalog.models;
    this.checkpointOffset = catalog.checkpoint;
    this.rawHorizonMs = catalog.rawHorizonMs;
    this.twinKeys = await TwinKeys.load(writerConnection);
    for (const model of this.models.values()) {
      model.rollupMarks = storedMarks(catalog.meta, model);
      model.sortedMark = storedSortMark(catalog.meta, model);
    }
    for (const model of this.models.values()) await writerConnection.run(createStageSql(model));
    const exportDir = this.exportDir();
    if (exportDir !== undefined) await prepareExportDir(exportDir);
    const archiveDir = this.archiveDir();
    if (archiveDir !== undefined) await mkdir(archiveDir, { recursive: true });
    await lockDown(writerConnection, [exportDir, archiveDir]);
    this.opened = {
      instance,
      writer: new ConnectionLane(writerConnection),
      reader: new ConnectionLane(await instance.connect()),
      sql: new ConnectionLane(await instance.connect()),
    };
  }

  async close(): Promise<void> {
    const opened = this.opened;
    if (opened === undefined) return;
    this.opened = undefined;
    await Promise.all([opened.writer.close(), opened.reader.close(), opened.sql.close()]);
    opened.instance.closeSync();
    this.highWater.clear();
  }

  ensureSchema(schema: HistoryModelSchema): Promise<void> {
    return this.lanes().writer.run(async (connection) => {
      const changed = await transaction(connection, () => evolveSchema(connection, this.models, schema));
      if (changed === null) return;
      const previous = this.models.get(schema.modelId);
      const models = new Map(this.models);
      models.set(schema.modelId, changed);
      this.models = models;
      if (previous !== undefined) {
        const marks = this.highWater.get(previous);
        this.highWater.delete(previous);
        if (marks !== undefined) this.highWater.set(changed, marks);
      }
      await connection.run(createStageSql(changed));
    });
  }

  write(batch: HistoryBatch): Promise<void> {
    return this.lanes().writer.run(async (connection) => {
      const groups = groupByModel(batch.rows, this.models);
      const runs: ModelRun[] = [];
      for (const [model, rows] of groups) {
        const marks = await this.marksOf(connection, model);
        runs.push(planModelRun(model, rows, marks, this.lateWindowMs));
      }
      const twinKeys = this.twinKeys;
      const keyOf = (twinId: string): number => twinKeys.writeKeyOf(twinId);
      const created = await transaction(connection, async () => {
        const writtenByModel = new Map<CatalogModel, RunWritten>();
        await twinKeys.assign(connection, new Set(runs.flatMap((run) => run.rows.map((row) => row.twinId))));
        for (const run of runs) {
          const written = await writeModelRun(connection, run, keyOf, this.rollupGraceMs);
          if (written.created.length > 0) {
            await connection.run(createRawViewSql(run.model, [...run.model.partitions, ...written.created]));
          }
          writtenByModel.set(run.model, written);
        }
        await writeCheckpoint(connection, batch.throughOffset);
        return writtenByModel;
      }).catch((error: unknown) => {
        twinKeys.rollback();
        throw error;
      });
      twinKeys.commit();
      // Committed: publish what the transaction made visible.
      for (const [model, written] of created) {
        for (const dayMs of written.created) model.partitions.add(dayMs);
        model.rollupMarks = written.marks;
        model.sortedMark = written.sortedMark;
      }
      for (const run of runs) {
        const marks = this.highWater.get(run.model);
        for (const row of run.rows) marks?.advance(row.twinId, row.ts);
        if (run.lateRowsRefused > 0) {
          this.lateRowsRefused += run.lateRowsRefused;
          this.logger.warn('history: late rows refused', {
            modelId: run.model.modelId,
            rows: run.lateRowsRefused,
            lateWindowMs: this.lateWindowMs,
          });
        }
      }
      this.checkpointOffset = batch.throughOffset;
    });
  }

  checkpoint(): Promise<LogOffset> {
    this.lanes();
    return Promise.resolve(this.checkpointOffset);
  }

  query(query: SeriesQuery): Promise<SeriesResult> {
    const twinKeys = this.twinKeys;
    return this.lanes()
      .reader.run((connection) => readSeries(connection, this.models, (twinId) => twinKeys.keyOf(twinId), query))
      .then((result) => markExpired(result, query, this.retention));
  }

  applyRetention(nowMs: number, policy: RetentionPolicy): Promise<void> {
    return this.lanes().writer.run(async (connection) => {
      const models = [...this.models.values()];
      const outcome = await transaction(connection, async () => {
        // Freshness transitions are kept as long as the 1-minute tier.
        if (policy.oneMinuteMs !== null) await dropFreshnessEventsBefore(connection, nowMs - policy.oneMinuteMs);
        return applyRetentionSql(connection, models, nowMs, policy, this.rawHorizonMs, this.archiveDir());
      });
      for (const [model, days] of outcome.dropped) for (const dayMs of days) model.partitions.delete(dayMs);
      for (const [model, marks] of outcome.marks) model.rollupMarks = marks;
      this.rawHorizonMs = outcome.rawHorizonMs;
      this.retention = { policy, nowMs };
    });
  }

  stats(): Promise<HistoryStats> {
    return this.lanes().writer.run(async (connection) => {
      // No CHECKPOINT here: a status page polling this would force one (seconds with a full WAL)
      // each time, and stall writes meanwhile. The size is the file plus the WAL.
      const counts = [...this.models.values()].flatMap((model) =>
        [...model.partitions].map(
          (dayMs) => `SELECT count(*) AS n FROM ${quoteIdent(partitionTable(model.stem, dayMs))}`,
        ),
      );
      let rows = 0;
      if (counts.length > 0) {
        const reader = await connection.runAndReadAll(`SELECT sum(n)::BIGINT FROM (${counts.join(' UNION ALL ')})`);
        rows = Number(reader.getRows()[0]?.[0] ?? 0);
      }
      return {
        rows,
        bytesOnDisk: (await fileSize(this.options.path)) + (await fileSize(`${this.options.path}.wal`)),
        checkpoint: this.checkpointOffset,
        lateRowsRefused: this.lateRowsRefused,
      };
    });
  }

  sql(text: string, limits: { readonly rowsMax: number; readonly timeoutMs: number }): Promise<SqlResult> {
    return this.lanes().sql.run((connection) => runGuardedSql(connection, text, limits));
  }

  appendFreshness(events: readonly FreshnessEvent[]): Promise<void> {
    return this.lanes().writer.run((connection) =>
      transaction(connection, () => appendFreshnessEvents(connection, events)),
    );
  }

  readFreshness(query: FreshnessEventQuery): Promise<FreshnessEvent[]> {
    return this.lanes().reader.run((connection) => readFreshnessEvents(connection, query));
  }

  exportParquet(query: HistoryExportQuery): Promise<HistoryExport> {
    const lanes = this.lanes();
    const dir = this.exportDir();
    if (dir === undefined) throw new DoppelError('history.unavailable', 'history: no export directory configured');
    const twinKeys = this.twinKeys;
    return lanes.sql.run((connection) =>
      exportParquet(connection, this.models, (twinId) => twinKeys.keyOf(twinId), dir, query),
    );
  }

  /** Absolute, so that it matches what DuckDB's allowed_directories compares COPY targets with. */
  private archiveDir(): string | undefined {
    return this.options.archiveDir === undefined ? undefined : resolve(this.options.archiveDir);
  }

  private exportDir(): string | undefined {
    return this.options.exportDir === undefined ? undefined : resolve(this.options.exportDir);
  }

  private lanes(): Opened {
    if (this.opened === undefined) throw new DoppelError('history.unavailable', 'history: the store is not open');
    return this.opened;
  }

  private async marksOf(connection: DuckDBConnection, model: CatalogModel): Promise<HighWater> {
    let marks = this.highWater.get(model);
    if (marks === undefined) {
      marks = await loadHighWater(connection, model, this.lateWindowMs, (key) => this.twinKeys.idOf(key));
      this.highWater.set(model, marks);
    }
    return marks;
  }
}

/** Runs `body` in a transaction on the writer connection; rolls back (and rethrows) on any error. */
async function transaction<T>(connection: DuckDBConnection, body: () => Promise<T>): Promise<T> {
  await connection.run('BEGIN TRANSACTION');
  try {
    const result = await body();
    await connection.run('COMMIT');
    return result;
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * Database-wide, once: no file access outside DuckDB's own files (and the export and archive
 * directories), no extension loading, and a locked configuration so that no later statement can
 * undo it.
 */
async function lockDown(connection: DuckDBConnection, dirs: readonly (string | undefined)[]): Promise<void> {
  const allowed = dirs.filter((dir) => dir !== undefined).map((dir) => (dir.endsWith('/') ? dir : `${dir}/`));
  if (allowed.length > 0) {
    await connection.run(`SET allowed_directories = [${allowed.map(quoteString).join(', ')}]`);
  }
  await connection.run('SET enable_external_access = false');
  await connection.run('SET autoinstall_known_extensions = false');
  await connection.run('SET autoload_known_extensions = false');
  await connection.run('SET lock_configuration = true');
}

async function fileSize(path: string): Promise<number> {
  if (path === ':memory:') return 0;
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}
