import type Database from 'better-sqlite3';
import { GroupCommit } from '../group-commit.js';
import { openSqlite } from '../sqlite-open.js';
import type { EpochMs, ErrorCode } from '@doppel/core';
import type {
  DeadLetterFilter,
  DeadLetterPage,
  DeadLetterStore,
  StoredDeadLetter,
} from '../../deadletters/dead-letter-store.js';
import type { DeadLetterDraft, Transport } from '../../ingest/ingest-types.js';

interface Row {
  id: number;
  reason: string;
  message: string;
  transport: string;
  topic: string;
  client_id: string;
  twin_id: string | null;
  received_ms: number;
  points: number;
  payload: Buffer;
  raw_truncated: number;
  pointer: string | null;
  replayed_ms: number | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS deadletters (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  reason TEXT NOT NULL,
  message TEXT NOT NULL,
  transport TEXT NOT NULL,
  topic TEXT NOT NULL,
  client_id TEXT NOT NULL,
  twin_id TEXT,
  received_ms INTEGER NOT NULL,
  points INTEGER NOT NULL,
  payload BLOB NOT NULL,
  raw_truncated INTEGER NOT NULL,
  pointer TEXT,
  replayed_ms INTEGER
);
CREATE INDEX IF NOT EXISTS deadletters_twin ON deadletters (twin_id, id);
CREATE INDEX IF NOT EXISTS deadletters_reason ON deadletters (reason, id);
CREATE INDEX IF NOT EXISTS deadletters_time ON deadletters (received_ms);
`;

/**
 * Dead letters in their own SQLite file, so that a flood of bad input never contends with the
 * registry. Inserts are group-committed: drafts arriving in the same tick share one transaction
 * (SQLite commits are the cost, not rows), and each caller's promise resolves after the commit.
 */
export class SqliteDeadLetterStore implements DeadLetterStore {
  private db: Database.Database | undefined;
  private readonly inserts = new GroupCommit<readonly DeadLetterDraft[]>((batch) => this.commit(batch));
  private rows = 0;
  private evictedCount = 0;

  constructor(
    private readonly path: string,
    private readonly limits: { deadLettersMax: number; deadLetterRawBytesMax: number },
  ) {}

  async open(): Promise<void> {
    const db = openSqlite(this.path, SCHEMA);
    this.rows = (db.prepare('SELECT count(*) AS n FROM deadletters').get() as { n: number }).n;
    this.db = db;
  }

  async close(): Promise<void> {
    this.inserts.flush();
    this.db?.close();
    this.db = undefined;
  }

  private get conn(): Database.Database {
    if (this.db === undefined) throw new Error('SqliteDeadLetterStore is not open');
    return this.db;
  }

  insert(drafts: readonly DeadLetterDraft[]): Promise<void> {
    if (drafts.length === 0) return Promise.resolve();
    return this.inserts.add(drafts);
  }

  /** One group of inserts, in one transaction (GroupCommit); counters move only once it committed. */
  private commit(batch: readonly (readonly DeadLetterDraft[])[]): void {
    const insert = this.conn.prepare(
      `INSERT INTO deadletters (reason, message, transport, topic, client_id, twin_id, received_ms, points, payload, raw_truncated, pointer)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    let inserted = 0;
    let excess = 0;
    this.conn.transaction(() => {
      for (const drafts of batch) {
        for (const draft of drafts) {
          const truncated = draft.payload.byteLength > this.limits.deadLetterRawBytesMax;
          const payload = truncated ? draft.payload.subarray(0, this.limits.deadLetterRawBytesMax) : draft.payload;
          insert.run(
            draft.reason,
            draft.message,
            draft.transport,
            draft.topic,
            draft.clientId,
            draft.twinId,
            draft.receivedMs,
            draft.points,
            Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength),
            truncated ? 1 : 0,
            draft.pointer ?? null,
          );
          inserted++;
        }
      }
      // Counters change only once the transaction has committed (below).
      excess = this.rows + inserted - this.limits.deadLettersMax;
      if (excess > 0) {
        // Bounded queue: evict the oldest, counted in doppel_deadletters_evicted_total.
        this.conn
          .prepare('DELETE FROM deadletters WHERE id IN (SELECT id FROM deadletters ORDER BY id LIMIT ?)')
          .run(excess);
      }
    })();
    this.rows += inserted - Math.max(0, excess);
    this.evictedCount += Math.max(0, excess);
  }

  async list(filter: DeadLetterFilter, pageSize: number, cursor: string | null): Promise<DeadLetterPage> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const add = (clause: string, value?: string | number): void => {
      where.push(clause);
      if (value !== undefined) params.push(value);
    };
    if (filter.twinId !== undefined) add('twin_id = ?', filter.twinId);
    if (filter.reason !== undefined) add('reason = ?', filter.reason);
    if (filter.fromMs !== undefined) add('received_ms >= ?', filter.fromMs);
    if (filter.toMs !== undefined) add('received_ms <= ?', filter.toMs);
    if (filter.includeReplayed === false) add('replayed_ms IS NULL');
    if (cursor !== null) add('id < ?', Number(cursor));
    const sql = `SELECT * FROM deadletters ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    const rows = this.conn.prepare(sql).all(...params, pageSize + 1) as Row[];
    const more = rows.length > pageSize;
    const items = rows.slice(0, pageSize).map(fromRow);
    return { items, next: more && items.length > 0 ? (items[items.length - 1] as StoredDeadLetter).id : null };
  }

  async get(id: string): Promise<StoredDeadLetter | undefined> {
    if (!/^\d+$/.test(id)) return undefined;
    const row = this.conn.prepare('SELECT * FROM deadletters WHERE id = ?').get(Number(id)) as Row | undefined;
    return row === undefined ? undefined : fromRow(row);
  }

  async markReplayed(id: string, replayedMs: EpochMs): Promise<void> {
    this.conn.prepare('UPDATE deadletters SET replayed_ms = ? WHERE id = ?').run(replayedMs, Number(id));
  }

  count(): number {
    return this.rows;
  }

  async countByReason(): Promise<Record<string, number>> {
    const rows = this.conn.prepare('SELECT reason, count(*) AS n FROM deadletters GROUP BY reason').all() as {
      reason: string;
      n: number;
    }[];
    return Object.fromEntries(rows.map((row) => [row.reason, row.n]));
  }

  evicted(): number {
    return this.evictedCount;
  }
}

function fromRow(row: Row): StoredDeadLetter {
  return {
    id: String(row.id),
    reason: row.reason as ErrorCode,
    message: row.message,
    transport: row.transport as Transport,
    topic: row.topic,
    clientId: row.client_id,
    twinId: row.twin_id,
    receivedMs: row.received_ms as EpochMs,
    points: row.points,
    payload: new Uint8Array(row.payload),
    rawTruncated: row.raw_truncated === 1,
    pointer: row.pointer,
    replayedMs: row.replayed_ms as EpochMs | null,
  };
}
