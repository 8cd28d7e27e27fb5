import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDbHistoryStore } from './duckdb-history-store.js';
const FIELDS = ['temperature', 'humidity', 'pressure', 'vibration', 'current', 'voltage', 'power', 'rpm', 'flow', 'level'];
const dir = await mkdtemp(join(tmpdir(), 'prof-'));
const store = new DuckDbHistoryStore({ path: join(dir, 'h.duckdb') });
await store.open();
await store.ensureSchema({ modelId: 'm', columns: FIELDS.map((path) => ({ path, type: 'double' as const })) });
const times = new Map<string, number>();
const conn = (store as unknown as { opened: { writer: { connection: DuckDBConnection } } }).opened.writer.connection;
const orig = conn.run.bind(conn);
(conn as unknown as { run: unknown }).run = async (sql: string, ...rest: unknown[]) => {
  const t = performance.now();
  const r = await (orig as (...a: unknown[]) => Promise<unknown>)(sql, ...rest);
  const key = sql.trim().slice(0, 30);
  times.set(key, (times.get(key) ?? 0) + performance.now() - t);
  return r;
};
const T0 = Date.UTC(2024, 0, 8);
let n = 0; const t0 = performance.now();
for (let s = 0; s < 300; s += 50) {
  const rows = [];
  for (let ts = s; ts < s + 50; ts++) for (let a = 0; a < 1000; a++) rows.push({ twinId: `a${a}`, modelId: 'm', ts: (T0 + ts * 1000) as never, values: Object.fromEntries(FIELDS.map((f, i) => [f, Math.round(Math.random() * 1000) / 10 + i])) });
  await store.write({ rows, throughOffset: ++n });
}
const total = performance.now() - t0;
console.log('total ms', total.toFixed(0), 'pts/s', (3_000_000 / total * 1000).toFixed(0));
console.log([...times].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${v.toFixed(0).padStart(6)} ${k}`).join('\n'));
