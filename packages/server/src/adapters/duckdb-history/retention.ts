import type { DuckDBConnection } from '@duckdb/node-api';
import type { RetentionPolicy } from '../../history/history-store.js';
import { META_RAW_HORIZON } from './catalog.js';
import type { CatalogModel } from './catalog.js';
import { DAY_MS, FIFTEEN_MINUTES_MS, ONE_MINUTE_MS, partitionTable, quoteIdent, rollupTable } from './sql-names.js';
import { createRawViewSql } from './table-ddl.js';

export interface RetentionOutcome {
  /** Per model, the raw partitions (day starts) dropped. */
  readonly dropped: Map<CatalogModel, number[]>;
  readonly rawHorizonMs: number;
}

/**
 * Inside the caller's transaction. Raw data goes a whole day partition at a time (DROP TABLE frees
 * its blocks at the next checkpoint, no row-by-row delete), so raw is kept up to a day longer than
 * `rawMs`. Rollup buckets are deleted once they end before their tier's cutoff; they are small.
 */
export async function applyRetentionSql(
  connection: DuckDBConnection,
  models: Iterable<CatalogModel>,
  nowMs: number,
  policy: RetentionPolicy,
  rawHorizonMs: number,
): Promise<RetentionOutcome> {
  const dropped = new Map<CatalogModel, number[]>();
  const rawCutoffMs = policy.rawMs === null ? null : nowMs - policy.rawMs;
  for (const model of models) {
    if (rawCutoffMs !== null) {
      const days = [...model.partitions].filter((dayMs) => dayMs + DAY_MS <= rawCutoffMs);
      for (const dayMs of days) {
        await connection.run(`DROP TABLE IF EXISTS ${quoteIdent(partitionTable(model.stem, dayMs))}`);
        await connection.run('DELETE FROM doppel_partitions WHERE model_id = $1 AND day_ms = $2', [
          model.modelId,
          BigInt(dayMs),
        ]);
      }
      if (days.length > 0) {
        const kept = [...model.partitions].filter((dayMs) => !days.includes(dayMs));
        await connection.run(createRawViewSql(model, kept));
        dropped.set(model, days);
      }
    }
    for (const [tier, bucketMs, keepMs] of [
      ['1m', ONE_MINUTE_MS, policy.oneMinuteMs],
      ['15m', FIFTEEN_MINUTES_MS, policy.fifteenMinutesMs],
    ] as const) {
      if (keepMs === null) continue;
      await connection.run(
        `DELETE FROM ${quoteIdent(rollupTable(model.stem, tier))} WHERE bucket <= ${nowMs - keepMs - bucketMs}`,
      );
    }
  }
  // Samples older than the raw cutoff would land in a partition retention already dropped: refuse them.
  const horizonMs = rawCutoffMs === null ? rawHorizonMs : Math.max(rawHorizonMs, rawCutoffMs);
  if (horizonMs !== rawHorizonMs) {
    await connection.run('UPDATE doppel_meta SET value = $1 WHERE key = $2', [BigInt(horizonMs), META_RAW_HORIZON]);
  }
  return { dropped, rawHorizonMs: horizonMs };
}
