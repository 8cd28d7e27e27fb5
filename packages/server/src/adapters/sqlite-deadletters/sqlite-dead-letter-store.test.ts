import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeadLetterStore } from '../../deadletters/dead-letter-store.js';
import { describeDeadLetterStoreContract } from '../../deadletters/dead-letter-store.contract.js';
import { SqliteDeadLetterStore } from './sqlite-dead-letter-store.js';

describeDeadLetterStoreContract('SqliteDeadLetterStore', async (limits) => {
  const dir = await mkdtemp(join(tmpdir(), 'doppel-deadletters-'));
  const path = join(dir, 'deadletters.sqlite');
  const opened: DeadLetterStore[] = [];
  const openAt = async (): Promise<DeadLetterStore> => {
    const store = new SqliteDeadLetterStore(path, limits);
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
