import type { DuckDBConnection } from '@duckdb/node-api';
import type { FreshnessEvent, FreshnessEventQuery } from '../../history/history-store.js';

/**
 * Freshness transitions in `doppel_freshness` (catalog.ts): one row per series turning stale or
 * fresh again. Few rows (a transition per silence, not per sample), written through the appender in
 * one transaction per batch, read by twin and time range, and dropped with the 1-minute tier.
 */
export async function appendFreshnessEvents(
  connection: DuckDBConnection,
  events: readonly FreshnessEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const appender = await connection.createAppender('doppel_freshness');
  try {
    for (const event of events) {
      appender.appendVarchar(event.twinId);
      appender.appendVarchar(event.path);
      appender.appendBigInt(BigInt(Math.round(event.atMs)));
      appender.appendVarchar(event.freshness);
      appender.appendVarchar(event.reason);
      appender.appendBigInt(BigInt(Math.round(event.cadenceMs)));
      appender.appendVarchar(event.source);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

export async function readFreshnessEvents(
  connection: DuckDBConnection,
  query: FreshnessEventQuery,
): Promise<FreshnessEvent[]> {
  const values = [query.twinId, BigInt(query.fromMs), BigInt(query.toMs), BigInt(query.limit)];
  const pathFilter = query.path === undefined ? '' : 'AND path = $5';
  if (query.path !== undefined) values.push(query.path as never);
  const reader = await connection.runAndReadAll(
    `SELECT twin_id, path, ts, freshness, reason, cadence_ms, source FROM doppel_freshness
     WHERE twin_id = $1 AND ts >= $2 AND ts < $3 ${pathFilter}
     ORDER BY ts, path LIMIT $4`,
    values,
  );
  return reader.getRows().map((row) => ({
    twinId: String(row[0]),
    path: String(row[1]),
    atMs: Number(row[2]),
    freshness: String(row[3]) as FreshnessEvent['freshness'],
    reason: String(row[4]) as FreshnessEvent['reason'],
    cadenceMs: Number(row[5]),
    source: String(row[6]),
  }));
}

/** Drops transitions older than `cutoffMs` (the 1-minute tier's horizon). */
export async function dropFreshnessEventsBefore(connection: DuckDBConnection, cutoffMs: number): Promise<void> {
  await connection.run('DELETE FROM doppel_freshness WHERE ts < $1', [BigInt(Math.floor(cutoffMs))]);
}
