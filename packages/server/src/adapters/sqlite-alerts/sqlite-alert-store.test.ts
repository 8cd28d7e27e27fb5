import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertStore } from '../../analytics/alerts/alert.js';
import { describeAlertStoreContract } from '../../analytics/alerts/alert-store.contract.js';
import { SqliteAlertStore } from './sqlite-alert-store.js';

describeAlertStoreContract('SqliteAlertStore', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'doppel-alerts-'));
  const path = join(dir, 'alerts.db');
  const opened: AlertStore[] = [];
  const openAt = async (): Promise<AlertStore> => {
    const store = new SqliteAlertStore(path);
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
