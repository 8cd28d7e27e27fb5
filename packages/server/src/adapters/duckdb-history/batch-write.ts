import type { DuckDBConnection } from '@duckdb/node-api';
import { META_CHECKPOINT } from './catalog.js';
import { advanceMarks, appendLatePartials, marksAt } from './rollup-marks.js';
import type { RollupMarks } from './rollup-marks.js';
import { advanceSortMark } from './sort-mark.js';
import { DAY_MS, partitionTable, quoteIdent } from './sql-names.js';
import type { ModelRun } from './stage-rows.js';
import { appendToPartitions, orderForAppend, stageRows, supportsDirectAppend } from './stage-rows.js';
import { createPartitionSql, stageTable } from './table-ddl.js';

/**
 * The SQL of one write, run inside the caller's transaction, per model:
 * 1. rows that cannot be duplicates and are newer than the rollup marks (an in-order stream) are
 *    appended straight into their day partitions, ordered by twin and time (compression);
 * 2. any other rows are staged (DataChunk appender into a temp table), their duplicates resolved
 *    (within the batch the first arrival wins per path; against stored rows of the same
 *    (twin, ts) only when the plan says there may be some, see HighWater), then inserted;
 *    those older than a rollup mark add partial rows to that tier (rollup-marks.ts);
 * 3. the rollup marks move with the model's newest sample: the buckets they pass are aggregated
 *    once and appended to the tiers;
 * 4. the sort mark follows it: the minutes (or the hour) it passes are rewritten ordered by twin.
 * A value for a (twin, path, ts) already stored is a duplicate: it is dropped, not counted again.
 */

const q = quoteIdent;

export interface RunWritten {
  /** Day partitions the run created (to publish after commit). */
  readonly created: number[];
  /** The model's rollup marks after the run (to publish after commit). */
  readonly marks: RollupMarks;
  /** The model's sort mark after the run (sort-mark.ts; to publish after commit). */
  readonly sortedMark: number;
}

/** Writes one model's run; `graceMs` is how long after its end a bucket waits for stragglers. */
export async function writeModelRun(
  connection: DuckDBConnection,
  run: ModelRun,
  keyOf: (twinId: string) => number,
  graceMs: number,
): Promise<RunWritten> {
  const { model } = run;
  const marks = model.rollupMarks;
  if (run.rows.length === 0) return { created: [], marks, sortedMark: model.sortedMark };
  const created = await createPartitions(connection, run);
  const clean = !run.mayOverlapStored && !run.mayRepeatInBatch;
  if (clean && run.minTsMs >= marks['1m'] && supportsDirectAppend(model)) {
    await appendToPartitions(connection, model, orderForAppend(run.rows, keyOf), keyOf);
  } else {
    const stage = `temp.main.${q(stageTable(model))}`;
    await connection.run(`DELETE FROM ${stage}`);
    await stageRows(connection, run, keyOf);
    const delta = await writeStaged(connection, run, stage);
    await appendLatePartials(connection, model, delta, marks, run.minTsMs);
  }
  const partitions = [...model.partitions, ...created];
  return {
    created,
    marks: await advanceMarks(connection, model, partitions, marks, marksAt(run.newestMs - graceMs)),
    sortedMark: await advanceSortMark(connection, model, partitions, model.sortedMark, run.newestMs),
  };
}

/** Inserts the staged rows that are not duplicates; returns the relation of the new values. */
async function writeStaged(connection: DuckDBConnection, run: ModelRun, stage: string): Promise<string> {
  const { model } = run;
  const columns = model.columns.map((column) => q(column.name));
  const delta = await buildDelta(connection, run, stage, columns);
  const rowFilter = delta.hasExisted ? 'AND NOT existed' : '';
  for (const dayMs of run.days) {
    const table = q(partitionTable(model.stem, dayMs));
    await connection.run(
      `INSERT INTO ${table} (${['twin_key', 'ts', ...columns].join(', ')})
       SELECT ${['twin_key', 'ts', ...columns].join(', ')} FROM ${delta.relation}
       WHERE ts >= ${dayMs} AND ts < ${dayMs + DAY_MS} ${rowFilter} ORDER BY twin_key, ts`,
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
  return delta.relation;
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
  // Within the batch, the first arrival of each (twin, path, ts) wins (arg_min skips NULL values).
  const source = run.mayRepeatInBatch
    ? `(SELECT twin_id, twin_key, ts${columns.map((c) => `, arg_min(${c}, seq) AS ${c}`).join('')}
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
