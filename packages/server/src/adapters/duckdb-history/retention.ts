import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RetentionPolicy } from '../../history/history-store.js';
import { tierPlanOf } from '../../history/retention-policy.js';
import type { TierPlan } from '../../history/retention-policy.js';
import { META_RAW_HORIZON } from './catalog.js';
import type { CatalogColumn, CatalogModel } from './catalog.js';
import {
  DAY_MS,
  FIFTEEN_MINUTES_MS,
  ONE_MINUTE_MS,
  partitionTable,
  quoteIdent,
  quoteString,
  rollupColumn,
  rollupTable,
} from './sql-names.js';
import { NO_MARK, advanceMarks } from './rollup-marks.js';
import type { RollupMarks } from './rollup-marks.js';
import { createRawViewSql, rollupColumnDefs } from './table-ddl.js';

export interface RetentionOutcome {
  /** Per model, the raw partitions (day starts) dropped. */
  readonly dropped: Map<CatalogModel, number[]>;
  /** Per model, the rollup marks after retention closed the buckets it reaches (to publish on commit). */
  readonly marks: Map<CatalogModel, RollupMarks>;
  readonly rawHorizonMs: number;
}

const q = quoteIdent;

/**
 * Inside the caller's transaction, per model and tier (docs/history.md "Retention tiers"):
 * - the model's data as a whole is kept as long as its longest-kept path. Raw data goes a whole
 *   day partition at a time (DROP TABLE frees its blocks at the next checkpoint, no row-by-row
 *   delete), so raw is kept up to a day longer than configured; rollup buckets are deleted once
 *   they end before the cutoff;
 * - a path kept for less has its own values cleared (set to NULL) once older than its setting,
 *   in the partitions and rollup rows that remain; a row left with no value at all is deleted.
 */
export async function applyRetentionSql(
  connection: DuckDBConnection,
  models: Iterable<CatalogModel>,
  nowMs: number,
  policy: RetentionPolicy,
  rawHorizonMs: number,
  archiveDir?: string,
): Promise<RetentionOutcome> {
  const dropped = new Map<CatalogModel, number[]>();
  const marks = new Map<CatalogModel, RollupMarks>();
  for (const model of models) {
    const paths = model.columns.map((column) => column.path);
    // Nothing leaves raw (or the 1-minute tier) before it is rolled up: close what retention reaches.
    const target = retentionMarks(policy, model.modelId, paths, nowMs);
    marks.set(model, await advanceMarks(connection, model, model.partitions, model.rollupMarks, target));
    const days = await retainRaw(
      connection,
      model,
      nowMs,
      tierPlanOf(policy, model.modelId, paths, 'rawMs'),
      archiveDir,
    );
    if (days.length > 0) dropped.set(model, days);
    for (const [tier, bucketMs, key] of [
      ['1m', ONE_MINUTE_MS, 'oneMinuteMs'],
      ['15m', FIFTEEN_MINUTES_MS, 'fifteenMinutesMs'],
    ] as const) {
      await retainRollups(connection, model, tier, bucketMs, nowMs, tierPlanOf(policy, model.modelId, paths, key));
    }
  }
  // No raw sample older than the longest raw setting survives anywhere (a bound, not enforced on write).
  const longestMs = longestRawMs(policy);
  const horizonMs = longestMs === null ? rawHorizonMs : Math.max(rawHorizonMs, nowMs - longestMs);
  if (horizonMs !== rawHorizonMs) {
    await connection.run('UPDATE doppel_meta SET value = $1 WHERE key = $2', [BigInt(horizonMs), META_RAW_HORIZON]);
  }
  return { dropped, marks, rawHorizonMs: horizonMs };
}

/**
 * Marks that close every bucket holding data retention may remove: raw values before the earliest
 * raw cutoff of the model's paths, 1-minute rows before the earliest 1-minute cutoff. A bucket
 * that straddles a cutoff is closed whole (rows arriving for it later add partial rows).
 */
function retentionMarks(
  policy: RetentionPolicy,
  modelId: string,
  paths: readonly string[],
  nowMs: number,
): RollupMarks {
  const earliestCutoff = (tier: 'rawMs' | 'oneMinuteMs'): number | null => {
    const plan = tierPlanOf(policy, modelId, paths, tier);
    const keeps = [plan.keepMs, ...plan.shorter.values()].filter((keepMs) => keepMs !== null);
    return keeps.length === 0 ? null : nowMs - Math.min(...keeps);
  };
  const ceil = (ms: number | null, bucketMs: number): number =>
    ms === null ? NO_MARK : Math.ceil(ms / bucketMs) * bucketMs;
  const fifteen = ceil(earliestCutoff('oneMinuteMs'), FIFTEEN_MINUTES_MS);
  // The 15-minute tier closes from 1-minute rows: the 1-minute mark must be at least as far.
  return { '1m': Math.max(ceil(earliestCutoff('rawMs'), ONE_MINUTE_MS), fifteen), '15m': fifteen };
}

/**
 * Writes a day partition to `<archiveDir>/<model id, file-safe>/<yyyy-mm-dd>.parquet` (twin ids,
 * ordered by twin and time, zstd) before retention drops it; overwrites an earlier attempt.
 */
async function archiveDay(
  connection: DuckDBConnection,
  model: CatalogModel,
  dayMs: number,
  archiveDir: string,
): Promise<void> {
  const dir = join(archiveDir, model.modelId.replace(/[^A-Za-z0-9._-]/g, '_'));
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${new Date(dayMs).toISOString().slice(0, 10)}.parquet`);
  await connection.run(
    `COPY (SELECT k.twin_id, p.* EXCLUDE (twin_key) FROM ${q(partitionTable(model.stem, dayMs))} AS p
       JOIN doppel_twins AS k USING (twin_key) ORDER BY k.twin_id, p.ts)
     TO ${quoteString(file)} (FORMAT parquet, COMPRESSION zstd)`,
  );
}

/** Drops the model's expired day partitions, then clears shorter-kept paths in the others. */
async function retainRaw(
  connection: DuckDBConnection,
  model: CatalogModel,
  nowMs: number,
  plan: TierPlan,
  archiveDir: string | undefined,
): Promise<number[]> {
  const cutoffMs = plan.keepMs === null ? null : nowMs - plan.keepMs;
  const days = cutoffMs === null ? [] : [...model.partitions].filter((dayMs) => dayMs + DAY_MS <= cutoffMs);
  for (const dayMs of days) {
    if (archiveDir !== undefined) await archiveDay(connection, model, dayMs, archiveDir);
    await connection.run(`DROP TABLE IF EXISTS ${q(partitionTable(model.stem, dayMs))}`);
    await connection.run('DELETE FROM doppel_partitions WHERE model_id = $1 AND day_ms = $2', [
      model.modelId,
      BigInt(dayMs),
    ]);
  }
  const kept = [...model.partitions].filter((dayMs) => !days.includes(dayMs));
  if (days.length > 0) await connection.run(createRawViewSql(model, kept));
  const clears = clearsOf(model, plan, nowMs);
  for (const dayMs of kept) {
    const table = q(partitionTable(model.stem, dayMs));
    let clearedBeforeMs: number | null = null;
    for (const [beforeMs, columns] of clears) {
      if (dayMs >= beforeMs) continue; // every row of the day is newer
      const names = columns.map((column) => q(column.name));
      await connection.run(
        `UPDATE ${table} SET ${names.map((name) => `${name} = NULL`).join(', ')}
         WHERE ts < ${beforeMs} AND (${names.map((name) => `${name} IS NOT NULL`).join(' OR ')})`,
      );
      clearedBeforeMs = Math.max(clearedBeforeMs ?? beforeMs, beforeMs);
    }
    if (clearedBeforeMs !== null) {
      const empty = model.columns.map((column) => `${q(column.name)} IS NULL`).join(' AND ');
      await connection.run(`DELETE FROM ${table} WHERE ts < ${clearedBeforeMs} AND ${empty}`);
    }
  }
  return days;
}

/** Deletes the tier's expired buckets, then clears shorter-kept paths in the buckets that remain. */
async function retainRollups(
  connection: DuckDBConnection,
  model: CatalogModel,
  tier: '1m' | '15m',
  bucketMs: number,
  nowMs: number,
  plan: TierPlan,
): Promise<void> {
  const table = q(rollupTable(model.stem, tier));
  // A bucket goes once it ends at or before the cutoff: bucket + bucketMs <= nowMs - keepMs.
  if (plan.keepMs !== null)
    await connection.run(`DELETE FROM ${table} WHERE bucket <= ${nowMs - plan.keepMs - bucketMs}`);
  let clearedThroughMs: number | null = null;
  for (const [beforeMs, columns] of clearsOf(model, plan, nowMs)) {
    const throughMs = beforeMs - bucketMs;
    const parts = columns.flatMap((column) => rollupColumnDefs(column).map(([name]) => `${q(name)} = NULL`));
    const present = columns.map((column) => `${q(rollupColumn(column.name, 'count'))} IS NOT NULL`).join(' OR ');
    await connection.run(`UPDATE ${table} SET ${parts.join(', ')} WHERE bucket <= ${throughMs} AND (${present})`);
    clearedThroughMs = Math.max(clearedThroughMs ?? throughMs, throughMs);
  }
  if (clearedThroughMs !== null) {
    const empty = model.columns
      .map((column) => `coalesce(${q(rollupColumn(column.name, 'count'))}, 0) = 0`)
      .join(' AND ');
    await connection.run(`DELETE FROM ${table} WHERE bucket <= ${clearedThroughMs} AND ${empty}`);
  }
}

/** The shorter-kept columns of a model grouped by cutoff: values before it are cleared. */
function clearsOf(model: CatalogModel, plan: TierPlan, nowMs: number): Map<number, CatalogColumn[]> {
  const clears = new Map<number, CatalogColumn[]>();
  for (const [path, keepMs] of plan.shorter) {
    const column = model.byPath.get(path);
    if (column === undefined) continue;
    const beforeMs = nowMs - keepMs;
    clears.set(beforeMs, [...(clears.get(beforeMs) ?? []), column]);
  }
  return clears;
}

/** The longest raw setting anywhere in the policy; null = some raw data is kept forever. */
function longestRawMs(policy: RetentionPolicy): number | null {
  const keeps = [policy.rawMs];
  for (const model of Object.values(policy.models ?? {})) {
    keeps.push(model.rawMs ?? policy.rawMs);
    for (const path of Object.values(model.paths ?? {})) if (path.rawMs !== undefined) keeps.push(path.rawMs);
  }
  return keeps.includes(null) ? null : Math.max(...(keeps as number[]));
}
