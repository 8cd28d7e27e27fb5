import type Database from 'better-sqlite3';
import { GroupCommit } from '../group-commit.js';
import { openSqlite } from '../sqlite-open.js';
import { DoppelError } from '@doppel/core';
import { TERMINAL_COMMAND_STATUSES } from '@doppel/protocol';
import type { CommandStatus, CommandView } from '@doppel/protocol';
import type { CommandFilter, CommandPage, CommandStore } from '../../sync/commands/command-store.js';

interface Row {
  body: string;
}

/** A save waiting for the tick's commit: the columns and the body, taken when `save` was called. */
type PendingSave = readonly [id: string, twinId: string, status: CommandStatus, createdMs: number, body: string];

/** Every status, so that a status added to the protocol must be placed here (terminal or not). */
const ALL_STATUSES: Record<CommandStatus, true> = {
  pending: true,
  sent: true,
  acknowledged: true,
  succeeded: true,
  failed: true,
  'timed-out': true,
  expired: true,
  cancelled: true,
};

const TERMINAL: readonly CommandStatus[] = TERMINAL_COMMAND_STATUSES;
const UNFINISHED: readonly CommandStatus[] = (Object.keys(ALL_STATUSES) as CommandStatus[]).filter(
  (status) => !TERMINAL.includes(status),
);
const placeholders = (values: readonly unknown[]): string => values.map(() => '?').join(', ');

const SCHEMA = `
CREATE TABLE IF NOT EXISTS commands (
  id TEXT PRIMARY KEY,
  twin_id TEXT NOT NULL,
  status TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS commands_twin ON commands (twin_id, created_ms, id);
CREATE INDEX IF NOT EXISTS commands_status ON commands (status, created_ms);
CREATE INDEX IF NOT EXISTS commands_time ON commands (created_ms, id);
`;

/**
 * Commands and desired values in their own SQLite file, so that a burst of commands (and their
 * status changes) never contends with the registry's writes to the graph. A command is one row:
 * each status change is an update of that row, not a new one, and the audit trail is the record
 * itself, whose `statusTimesMs` says when each status was reached. `body` is the whole
 * `CommandView` as JSON (request and response may be any JSON value); `twin_id`, `status` and
 * `created_ms` are copies of its fields, kept only to filter, order and prune by.
 *
 * Saves are group-committed: saves arriving in the same tick share one transaction (SQLite commits
 * are the cost, not rows), and each caller's promise resolves after the commit. Within a batch the
 * saves are applied in call order, so the last save of an id wins.
 */
export class SqliteCommandStore implements CommandStore {
  private db: Database.Database | undefined;
  private readonly saves = new GroupCommit<PendingSave>((batch) => this.commit(batch));

  constructor(private readonly path: string) {}

  async open(): Promise<void> {
    const db = openSqlite(this.path, SCHEMA);
    this.db = db;
  }

  async close(): Promise<void> {
    this.saves.flush();
    this.db?.close();
    this.db = undefined;
  }

  private get conn(): Database.Database {
    if (this.db === undefined) throw new Error('SqliteCommandStore is not open');
    return this.db;
  }

  save(command: CommandView): Promise<void> {
    let body: string;
    try {
      // Serialized now, so that a command JSON cannot represent fails its own save, not the batch.
      body = JSON.stringify(command);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.saves.add([command.id, command.twinId, command.status, command.createdMs, body]);
  }

  /** One group of saves, in one transaction (GroupCommit), in call order: the last save of an id wins. */
  private commit(batch: readonly PendingSave[]): void {
    const upsert = this.conn.prepare(
      `INSERT INTO commands (id, twin_id, status, created_ms, body) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET
         twin_id = excluded.twin_id,
         status = excluded.status,
         created_ms = excluded.created_ms,
         body = excluded.body`,
    );
    this.conn.transaction(() => {
      for (const columns of batch) upsert.run(...columns);
    })();
  }

  async get(id: string): Promise<CommandView | undefined> {
    const row = this.conn.prepare('SELECT body FROM commands WHERE id = ?').get(id) as Row | undefined;
    return row === undefined ? undefined : fromRow(row);
  }

  async list(filter: CommandFilter, limit: number, cursor: string | null): Promise<CommandPage> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.twinId !== undefined) {
      where.push('twin_id = ?');
      params.push(filter.twinId);
    }
    if (filter.status !== undefined) {
      where.push('status = ?');
      params.push(filter.status);
    }
    if (cursor !== null) {
      // Strictly after the last item of the previous page in (created_ms, id) descending order.
      const after = decodeCursor(cursor);
      where.push('(created_ms < ? OR (created_ms = ? AND id < ?))');
      params.push(after.createdMs, after.createdMs, after.id);
    }
    const sql = `SELECT body FROM commands ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_ms DESC, id DESC LIMIT ?`;
    const rows = this.conn.prepare(sql).all(...params, limit + 1) as Row[];
    const more = rows.length > limit;
    const items = rows.slice(0, limit).map(fromRow);
    const last = items[items.length - 1];
    return { items, next: more && last !== undefined ? encodeCursor(last) : null };
  }

  async unfinished(): Promise<CommandView[]> {
    const rows = this.conn
      .prepare(`SELECT body FROM commands WHERE status IN (${placeholders(UNFINISHED)}) ORDER BY created_ms, id`)
      .all(...UNFINISHED) as Row[];
    return rows.map(fromRow);
  }

  async prune(beforeMs: number): Promise<number> {
    const result = this.conn
      .prepare(`DELETE FROM commands WHERE status IN (${placeholders(TERMINAL)}) AND created_ms < ?`)
      .run(...TERMINAL, beforeMs);
    return result.changes;
  }
}

function fromRow(row: Row): CommandView {
  return JSON.parse(row.body) as CommandView;
}

/** The cursor is opaque to callers: the (createdMs, id) of the last item given, as base64url JSON. */
function encodeCursor(command: CommandView): string {
  return Buffer.from(JSON.stringify([command.createdMs, command.id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdMs: number; id: string } {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  if (
    !Array.isArray(decoded) ||
    decoded.length !== 2 ||
    typeof decoded[0] !== 'number' ||
    !Number.isFinite(decoded[0]) ||
    typeof decoded[1] !== 'string'
  ) {
    throw new DoppelError('request.invalid', 'cursor is not valid; start from the first page');
  }
  return { createdMs: decoded[0], id: decoded[1] };
}
