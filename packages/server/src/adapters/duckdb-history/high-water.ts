import type { DuckDBConnection } from '@duckdb/node-api';
import type { CatalogModel } from './catalog.js';
import { DAY_MS, partitionTable, quoteIdent } from './sql-names.js';

/**
 * The newest stored source time per twin of one model. A row newer than its twin's mark cannot
 * duplicate a stored one, so the common in-order batch skips the anti-join against raw data; only
 * rows at or before the mark (late data, replays) pay for it.
 */
export class HighWater {
  readonly twinMs = new Map<string, number>();
  /** Newest source time of the model; the late-data window counts back from it. */
  modelMs = Number.NEGATIVE_INFINITY;

  /** Marks after a committed write. */
  advance(twinId: string, tsMs: number): void {
    const current = this.twinMs.get(twinId);
    if (current === undefined || tsMs > current) this.twinMs.set(twinId, tsMs);
    if (tsMs > this.modelMs) this.modelMs = tsMs;
  }
}

/**
 * Loads the marks from the raw partitions that can still receive rows: those within
 * `lateWindowMs` of the newest partition (a twin whose rows are all older cannot collide with an
 * accepted row, which is never older than the window). Once per model per open.
 */
export async function loadHighWater(
  connection: DuckDBConnection,
  model: CatalogModel,
  lateWindowMs: number,
  idOf: (twinKey: number) => string | undefined,
): Promise<HighWater> {
  const marks = new HighWater();
  const days = [...model.partitions];
  if (days.length === 0) return marks;
  const newestDayMs = Math.max(...days);
  const oldestUsefulMs = newestDayMs - lateWindowMs - DAY_MS;
  const selects = days
    .filter((dayMs) => dayMs >= oldestUsefulMs)
    .map(
      (dayMs) =>
        `SELECT twin_key, max(ts) AS ts FROM ${quoteIdent(partitionTable(model.stem, dayMs))} GROUP BY twin_key`,
    );
  const reader = await connection.runAndReadAll(
    `SELECT twin_key, max(ts) FROM (${selects.join(' UNION ALL ')}) GROUP BY twin_key`,
  );
  for (const [twinKey, tsMs] of reader.getRows()) {
    const twinId = idOf(Number(twinKey));
    if (tsMs !== null && twinId !== undefined) marks.advance(twinId, Number(tsMs));
  }
  return marks;
}
