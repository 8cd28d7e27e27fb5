import type Database from 'better-sqlite3';
import { openSqlite } from '../sqlite-open.js';
import type { Artifact, ArtifactKind, ArtifactStore } from '../../analytics/artifacts/artifact-store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS artifacts (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  updated_ms INTEGER NOT NULL,
  document TEXT NOT NULL,
  bytes BLOB,
  PRIMARY KEY (kind, id)
);
`;

/** Trained and uploaded analytics models in their own SQLite file (`analytics.db`). */
export class SqliteArtifactStore implements ArtifactStore {
  private db: Database.Database | undefined;

  constructor(private readonly path: string) {}

  async open(): Promise<void> {
    this.db = openSqlite(this.path, SCHEMA);
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = undefined;
  }

  private get conn(): Database.Database {
    if (this.db === undefined) throw new Error('artifact store is not open');
    return this.db;
  }

  async put(artifact: Artifact, bytes?: Uint8Array): Promise<void> {
    const document = JSON.stringify(artifact.document);
    if (bytes === undefined) {
      this.conn
        .prepare(
          `INSERT INTO artifacts (kind, id, updated_ms, document) VALUES (?, ?, ?, ?)
           ON CONFLICT(kind, id) DO UPDATE SET updated_ms = excluded.updated_ms, document = excluded.document`,
        )
        .run(artifact.kind, artifact.id, artifact.updatedMs, document);
    } else {
      this.conn
        .prepare('INSERT OR REPLACE INTO artifacts (kind, id, updated_ms, document, bytes) VALUES (?, ?, ?, ?, ?)')
        .run(artifact.kind, artifact.id, artifact.updatedMs, document, Buffer.from(bytes));
    }
  }

  async get(kind: ArtifactKind, id: string): Promise<Artifact | undefined> {
    const row = this.conn
      .prepare('SELECT kind, id, updated_ms, document FROM artifacts WHERE kind = ? AND id = ?')
      .get(kind, id) as Row | undefined;
    return row === undefined ? undefined : toArtifact(row);
  }

  async bytesOf(kind: ArtifactKind, id: string): Promise<Uint8Array | undefined> {
    const row = this.conn.prepare('SELECT bytes FROM artifacts WHERE kind = ? AND id = ?').get(kind, id) as
      { bytes: Buffer | null } | undefined;
    return row?.bytes === null || row === undefined ? undefined : new Uint8Array(row.bytes);
  }

  async list(kind: ArtifactKind): Promise<Artifact[]> {
    const rows = this.conn
      .prepare('SELECT kind, id, updated_ms, document FROM artifacts WHERE kind = ? ORDER BY id')
      .all(kind) as Row[];
    return rows.map(toArtifact);
  }

  async delete(kind: ArtifactKind, id: string): Promise<boolean> {
    return this.conn.prepare('DELETE FROM artifacts WHERE kind = ? AND id = ?').run(kind, id).changes > 0;
  }
}

interface Row {
  kind: ArtifactKind;
  id: string;
  updated_ms: number;
  document: string;
}

const toArtifact = (row: Row): Artifact => ({
  kind: row.kind,
  id: row.id,
  document: JSON.parse(row.document) as unknown,
  updatedMs: row.updated_ms,
});
