import Database from 'better-sqlite3';

/**
 * Opens one of the embedded SQLite files the way every adapter wants it: WAL (readers never block
 * the writer), `synchronous = FULL` (a commit survives power loss), then its schema (idempotent).
 */
export function openSqlite(path: string, schema: string, pragmas: readonly string[] = []): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  for (const pragma of pragmas) db.pragma(pragma);
  db.exec(schema);
  return db;
}
