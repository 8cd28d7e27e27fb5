import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlanStore } from '../../plans/plan-store.js';
import { describePlanStoreContract } from '../../plans/plan-store.contract.js';
import { SqlitePlanStore } from './sqlite-plan-store.js';

describePlanStoreContract('SqlitePlanStore', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'doppel-plans-'));
  const path = join(dir, 'plans.db');
  const opened: PlanStore[] = [];
  const openAt = async (): Promise<PlanStore> => {
    const store = new SqlitePlanStore(path);
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
