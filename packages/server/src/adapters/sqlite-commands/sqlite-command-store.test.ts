import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandStore } from '../../sync/commands/command-store.js';
import { describeCommandStoreContract } from '../../sync/commands/command-store.contract.js';
import { SqliteCommandStore } from './sqlite-command-store.js';

describeCommandStoreContract('SqliteCommandStore', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'doppel-commands-'));
  const path = join(dir, 'commands.sqlite');
  const opened: CommandStore[] = [];
  const openAt = async (): Promise<CommandStore> => {
    const store = new SqliteCommandStore(path);
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
