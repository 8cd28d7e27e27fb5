/**
 * Where the history store's bytes go: raw day partitions versus the rollup tiers. The store's
 * size depends as much on its rollups as on its raw layout (a 1-minute rollup of 60 s data has
 * as many rows as the raw data), so the bench says which part the bytes per point come from.
 * Approximate: DuckDB reports blocks per column segment, not bytes, so each 256 KiB block counts
 * once, for the first table class that uses it.
 */
import { DuckDBInstance } from '@duckdb/node-api';

export interface SizeBreakdown {
  /** Approximate bytes per table class: `raw` (day partitions), `1m`, `15m`, `other`. */
  readonly bytes: Readonly<Record<string, number>>;
  /** Blocks holding data, in bytes: the file without the free blocks DuckDB reuses for new data. */
  readonly usedBytes: number;
  readonly freeBytes: number;
}

export async function sizeBreakdown(path: string): Promise<SizeBreakdown> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  try {
    const connection = await instance.connect();
    const [blockSize, usedBlocks, freeBlocks] = (
      (
        await connection.runAndReadAll(
          'SELECT block_size, used_blocks, free_blocks FROM pragma_database_size() LIMIT 1',
        )
      ).getRows()[0] ?? []
    ).map(Number) as [number, number, number];
    const tables = (await connection.runAndReadAll('SELECT table_name FROM duckdb_tables()'))
      .getRows()
      .map((row) => String(row[0]));
    const owner = new Map<string, string>();
    for (const table of tables) {
      const kind = /_raw_\d{8}$/.test(table)
        ? 'raw'
        : table.endsWith('_1m')
          ? '1m'
          : table.endsWith('_15m')
            ? '15m'
            : 'other';
      const rows = (
        await connection.runAndReadAll(
          `SELECT block_id, additional_block_ids FROM pragma_storage_info('${table.replaceAll("'", "''")}')`,
        )
      ).getRows();
      for (const [block, extra] of rows) {
        for (const id of [block, ...listOf(extra)]) {
          if (id === null || id === undefined) continue;
          if (!owner.has(String(id))) owner.set(String(id), kind);
        }
      }
    }
    connection.closeSync();
    const bytes: Record<string, number> = {};
    for (const kind of owner.values()) bytes[kind] = (bytes[kind] ?? 0) + blockSize;
    return { bytes, usedBytes: usedBlocks * blockSize, freeBytes: freeBlocks * blockSize };
  } finally {
    instance.closeSync();
  }
}

/** `additional_block_ids` is a DuckDB LIST value (or null). */
function listOf(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  const items = (value as { items?: unknown[] }).items;
  return Array.isArray(items) ? items : [];
}
