import type { DuckDBConnection } from '@duckdb/node-api';
import { BatchRollup } from './batch-rollup.js';
import { META_CHECKPOINT } from './catalog.js';
import { aggregateRollupsSql, aggregateRowsSql, mergeRollupSql } from './rollup-sql.js';
import { DAY_MS, FIFTEEN_MINUTES_MS, ONE_MINUTE_MS, partitionTable, quoteIdent, rollupTable } from './sql-names.js';
import type { ModelRun } from './stage-rows.js';
import { appendToPartitions, orderForAppend, stageRows, supportsDirectAppend } from './stage-rows.js';
import { createPartitionSql, stageTable } from './table-ddl.js';

/**
 * The SQL of one write, run inside the caller's transaction, per model:
 * 1. stage the rows (DataChunk appender into a temp table);
 * 2. resolve duplicates: within the batch (first arrival wins per path) and against stored rows of
 *    the same (twin, ts) — only when the plan says they may exist (see HighWater);
 * 3. append the new rows to their day partitions, sorted by twin and time (compression);
 * 4. merge the batch's aggregates into the 1-minute tier, and those into the 15-minute tier.
 * A value for a (twin, path, ts) already stored is a duplicate: it is dropped, not counted again.
 */

const q = quoteIdent;

function bucketOf(tsMs: number, bucketMs: number): number {
  return Math.floor(tsMs / bucketMs) * bucketMs;
}

/** Writes one model's run; returns the day partitions it created (to publish after commit). */
export async function writeModelRun(
  connection: DuckDBConnection,
  run: ModelRun,
  rolledUpMs: ReadonlyMap<string, number> | undefined,
  keyOf: (twinId: string) => number,
): Promise<number[]> {
  const { model } = run;
  if (run.rows.length === 0) return [];
  const clean = !run.mayOverlapStored && !run.mayRepeatInBatch;
  // Without possible duplicates the rows are written as they are, straight into their partitions…
  const direct = clean && supportsDirectAppend(model);
  const rows = direct ? orderForAppend(run.rows) : run.rows;
  // …and aggregated while they are appended or staged.
  const rollup =
    rolledUpMs !== undefined && clean && BatchRollup.supports(model)
      ? new BatchRollup(model, rows, ONE_MINUTE_MS, rolledUpMs)
      : undefined;
  const created = await createPartitions(connection, run);
  const stage = `temp.main.${q(stageTable(model))}`;
  if (direct) {
    await appendToPartitions(connection, model, rows, keyOf, rollup);
    if (rollup?.usable === true) {
      await writeBatchRollup(connection, run, rollup);
    } else {
      // NaN (whose ordering JS and SQL disagree on): aggregate in SQL from a staged copy.
      await connection.run(`DELETE FROM ${stage}`);
      await stageRows(connection, run, keyOf);
      await writeRollupsSql(connection, run, stage);
    }
    return created;
  }
  await connection.run(`DELETE FROM ${stage}`);
  await stageRows(connection, run, keyOf, rollup);

  const columns = model.columns.map((column) => q(column.name));
  const delta = await buildDelta(connection, run, stage, columns);
  const rowFilter = delta.hasExisted ? 'AND NOT existed' : '';
  for (const dayMs of run.days) {
    const table = q(partitionTable(model.stem, dayMs));
    await connection.run(
      `INSERT INTO ${table} (${['twin_key', 'ts', ...columns].join(', ')})
       SELECT ${['twin_key', 'ts', ...columns].join(', ')} FROM ${delta.relation}
       WHERE ts >= ${dayMs} AND ts < ${dayMs + DAY_MS} ${rowFilter} ORDER BY twin_id, ts`,
    );
    if (delta.hasExisted && columns.length > 0) {
      // A stored row at the same (twin, ts) gains the paths it did not carry; carried ones stay.
      const sets = columns.map((column) => `${column} = coalesce(p.${column}, d.${column})`).join(', ');
      await connection.run(
        `UPDATE ${table} AS p SET ${sets} FROM ${delta.relation} AS d
         WHERE d.existed AND p.twin_key = d.twin_key AND p.ts = d.ts
           AND p.ts >= ${Math.max(dayMs, run.minTsMs)} AND p.ts <= ${Math.min(dayMs + DAY_MS - 1, run.maxTsMs)}`,
      );
    }
  }

  if (rollup?.usable === true) {
    await writeBatchRollup(connection, run, rollup);
    return created;
  }
  await writeRollupsSql(connection, run, delta.relation);
  return created;
}

/** Creates the day partitions the run needs that do not exist yet; returns their day starts. */
async function createPartitions(connection: DuckDBConnection, run: ModelRun): Promise<number[]> {
  const { model } = run;
  const created: number[] = [];
  for (const dayMs of run.days) {
    if (model.partitions.has(dayMs)) continue;
    await connection.run(createPartitionSql(model, dayMs));
    await connection.run('INSERT INTO doppel_partitions VALUES ($1, $2, $3)', [
      model.modelId,
      BigInt(dayMs),
      partitionTable(model.stem, dayMs),
    ]);
    created.push(dayMs);
  }
  return created;
}

/** Both tiers from `relation` (the rows written) by SQL aggregation and MERGE. */
async function writeRollupsSql(connection: DuckDBConnection, run: ModelRun, relation: string): Promise<void> {
  const { model } = run;
  const agg1 = `temp.main.${q(`${model.stem}_agg1`)}`;
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ${q(`${model.stem}_agg1`)} AS ${aggregateRowsSql(model, relation, ONE_MINUTE_MS)}`,
  );
  await connection.run(
    mergeRollupSql(model, '1m', agg1, bucketOf(run.minTsMs, ONE_MINUTE_MS), bucketOf(run.maxTsMs, ONE_MINUTE_MS)),
  );
  await connection.run(
    mergeRollupSql(
      model,
      '15m',
      `(${aggregateRollupsSql(model, agg1, FIFTEEN_MINUTES_MS)})`,
      bucketOf(run.minTsMs, FIFTEEN_MINUTES_MS),
      bucketOf(run.maxTsMs, FIFTEEN_MINUTES_MS),
    ),
  );
}

/**
 * The tiers from the aggregates computed in JS: buckets newer than their twin's rolled-up mark are
 * inserted (a MERGE costs a join even when nothing matches), the others merged.
 */
async function writeBatchRollup(connection: DuckDBConnection, run: ModelRun, rollup: BatchRollup): Promise<void> {
  const { model } = run;
  const groups = await rollup.writeTo(connection, `${model.stem}_agg1js`);
  // bucket is a DOUBLE in the JS table, where `//` does not floor.
  const new15 = `floor(bucket / ${FIFTEEN_MINUTES_MS}) * ${FIFTEEN_MINUTES_MS} > fresh_after`;
  const tiers = [
    { tier: '1m', fresh: groups('bucket > fresh_after'), stale: groups('bucket <= fresh_after'), ms: ONE_MINUTE_MS },
    {
      tier: '15m',
      fresh: `(${aggregateRollupsSql(model, groups(new15), FIFTEEN_MINUTES_MS)})`,
      stale: `(${aggregateRollupsSql(model, groups(`NOT ${new15}`), FIFTEEN_MINUTES_MS)})`,
      ms: FIFTEEN_MINUTES_MS,
    },
  ] as const;
  for (const { tier, fresh, stale, ms } of tiers) {
    if (rollup.fresh[tier]) {
      await connection.run(`INSERT INTO ${q(rollupTable(model.stem, tier))} BY NAME SELECT * FROM ${fresh}`);
    }
    if (rollup.stale[tier]) {
      await connection.run(mergeRollupSql(model, tier, stale, bucketOf(run.minTsMs, ms), bucketOf(run.maxTsMs, ms)));
    }
  }
}

interface Delta {
  /** Relation with twin_id, twin_key, ts, (existed,) and the new values only. */
  readonly relation: string;
  readonly hasExisted: boolean;
}

async function buildDelta(
  connection: DuckDBConnection,
  run: ModelRun,
  stage: string,
  columns: readonly string[],
): Promise<Delta> {
  const { model } = run;
  if (!run.mayOverlapStored && !run.mayRepeatInBatch) return { relation: stage, hasExisted: false };
  // Within the batch, the first arrival of each (twin, path, ts) wins.
  const source = run.mayRepeatInBatch
    ? `(SELECT twin_id, twin_key, ts${columns.map((c) => `, arg_min(${c}, seq) FILTER (WHERE ${c} IS NOT NULL) AS ${c}`).join('')}
        FROM ${stage} GROUP BY twin_id, twin_key, ts)`
    : stage;
  const storedDays = [...run.days].filter((dayMs) => model.partitions.has(dayMs));
  const deltaName = q(`${model.stem}_delta`);
  if (!run.mayOverlapStored || storedDays.length === 0) {
    await connection.run(
      `CREATE OR REPLACE TEMP TABLE ${deltaName} AS SELECT twin_id, twin_key, ts${columns.map((c) => `, ${c}`).join('')} FROM ${source}`,
    );
    return { relation: `temp.main.${deltaName}`, hasExisted: false };
  }
  // Only stored rows in the batch's time range are read; zone maps on ts skip the rest.
  const stored = storedDays
    .map(
      (dayMs) =>
        `SELECT twin_key, ts${columns.map((c) => `, ${c}`).join('')} FROM ${q(partitionTable(model.stem, dayMs))}
         WHERE ts >= ${run.minTsMs} AND ts <= ${run.maxTsMs}`,
    )
    .join(' UNION ALL ');
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ${deltaName} AS
     SELECT s.twin_id, s.twin_key, s.ts, e.twin_key IS NOT NULL AS existed
       ${columns.map((c) => `, CASE WHEN e.${c} IS NULL THEN s.${c} END AS ${c}`).join('')}
     FROM ${source} AS s LEFT JOIN (${stored}) AS e ON e.twin_key = s.twin_key AND e.ts = s.ts`,
  );
  return { relation: `temp.main.${deltaName}`, hasExisted: true };
}

export async function writeCheckpoint(connection: DuckDBConnection, throughOffset: number): Promise<void> {
  await connection.run('UPDATE doppel_meta SET value = $1 WHERE key = $2', [BigInt(throughOffset), META_CHECKPOINT]);
}
