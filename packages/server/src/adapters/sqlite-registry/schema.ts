/**
 * Registry schema (docs/storage-format.md, "Registry"). Every table carries the tenant
 * (DESIGN.md invariant 6). JSON columns hold documents exactly as the API accepted them.
 */
export const REGISTRY_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS models (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant TEXT NOT NULL,
  id TEXT NOT NULL,
  document TEXT NOT NULL,
  upload_time_ms INTEGER NOT NULL,
  decommissioned INTEGER NOT NULL DEFAULT 0,
  UNIQUE (tenant, id)
);
CREATE TABLE IF NOT EXISTS twins (
  tenant TEXT NOT NULL,
  id TEXT NOT NULL,
  model_id TEXT NOT NULL,
  properties TEXT NOT NULL,
  property_times TEXT NOT NULL,
  etag TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  PRIMARY KEY (tenant, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS relationships (
  tenant TEXT NOT NULL,
  source_id TEXT NOT NULL,
  id TEXT NOT NULL,
  target_id TEXT NOT NULL,
  name TEXT NOT NULL,
  properties TEXT NOT NULL,
  etag TEXT NOT NULL,
  PRIMARY KEY (tenant, source_id, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS settings (
  tenant TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (tenant, key)
) WITHOUT ROWID;
`;
