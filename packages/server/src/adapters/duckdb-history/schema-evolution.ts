import type { DuckDBConnection } from '@duckdb/node-api';
import { DoppelError } from '@doppel/core';
import type { HistoryModelSchema } from '../../history/history-store.js';
import { newCatalogModel } from './catalog.js';
import type { CatalogColumn, CatalogModel } from './catalog.js';
import { allocateColumnName } from './sql-names.js';
import { TIERS, addColumnSqls, createRawViewSql, createRollupSql } from './table-ddl.js';

/**
 * ensureSchema inside the caller's transaction: a new model gets its catalog rows and rollup
 * tables; a new path gets a column (ALTER TABLE ADD COLUMN on every partition and tier, which
 * DuckDB does without rewriting rows). Returns the model as it will be after commit, or null when
 * nothing changed.
 */
export async function evolveSchema(
  connection: DuckDBConnection,
  models: ReadonlyMap<string, CatalogModel>,
  schema: HistoryModelSchema,
): Promise<CatalogModel | null> {
  const existing = models.get(schema.modelId);
  const modelNo = existing === undefined ? nextModelNo(models) : Number(existing.stem.slice(1));
  const draft = newCatalogModel(schema.modelId, modelNo);
  for (const column of existing?.columns ?? []) {
    draft.columns.push(column);
    draft.byPath.set(column.path, column);
  }
  for (const dayMs of existing?.partitions ?? []) draft.partitions.add(dayMs);

  const added: CatalogColumn[] = [];
  const taken = new Set(draft.columns.map((column) => column.name.toLowerCase()));
  for (const { path, type } of schema.columns) {
    const known = draft.byPath.get(path);
    if (known !== undefined) {
      if (known.type !== type) {
        throw new DoppelError(
          'request.invalid',
          `history: ${schema.modelId} ${path} is stored as ${known.type}; a model version may add paths, not change their type (${type})`,
        );
      }
      continue;
    }
    const column: CatalogColumn = { path, type, name: allocateColumnName(path, taken), ordinal: draft.columns.length };
    taken.add(column.name.toLowerCase());
    draft.columns.push(column);
    draft.byPath.set(path, column);
    added.push(column);
  }
  if (existing !== undefined && added.length === 0) return null;

  if (existing === undefined) {
    await connection.run('INSERT INTO doppel_models VALUES ($1, $2, $3)', [schema.modelId, modelNo, draft.stem]);
  }
  for (const column of added) {
    await connection.run('INSERT INTO doppel_columns VALUES ($1, $2, $3, $4, $5)', [
      schema.modelId,
      column.path,
      column.name,
      column.type,
      column.ordinal,
    ]);
  }
  if (existing === undefined) {
    for (const tier of TIERS) await connection.run(createRollupSql(draft, tier));
  } else {
    for (const column of added) for (const sql of addColumnSqls(existing, column)) await connection.run(sql);
  }
  await connection.run(createRawViewSql(draft, draft.partitions));
  return draft;
}

function nextModelNo(models: ReadonlyMap<string, CatalogModel>): number {
  let max = 0;
  for (const model of models.values()) max = Math.max(max, Number(model.stem.slice(1)));
  return max + 1;
}
