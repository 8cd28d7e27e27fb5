import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryStore } from '../../history/history-store.js';
import { runHistoryStoreContract } from '../../history/history-store.contract.js';
import { DuckDbHistoryStore } from './duckdb-history-store.js';

runHistoryStoreContract('DuckDbHistoryStore', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'doppel-history-'));
  const path = join(dir, 'history.duckdb');
  const opened: HistoryStore[] = [];
  const openAt = async (): Promise<HistoryStore> => {
    const store = new DuckDbHistoryStore({ path });
    await store.open();
    opened.push(store);
    return store;
  };
  return {
    store: await openAt(),
    reopen: openAt,
    cleanup: async () => {
      for (const store of opened) await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
