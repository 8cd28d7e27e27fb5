/**
 * Child process of duckdb-history-crash.test.ts: writes batches until it is killed, printing each
 * committed checkpoint. Batch n (from 1) holds ROWS_PER_BATCH rows and has throughOffset n.
 */
import { DuckDbHistoryStore } from './duckdb-history-store.js';
import { CRASH_SCHEMA, crashBatch } from './crash-batches.js';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: crash-writer <db path>');
const store = new DuckDbHistoryStore({ path });
await store.open();
await store.ensureSchema(CRASH_SCHEMA);
for (let n = (await store.checkpoint()) + 1; ; n += 1) {
  await store.write(crashBatch(n));
  process.stdout.write(`${n}\n`);
}
