import { fileStoreFixture } from '../file-store-fixture.js';
import type { CommandStore } from '../../sync/commands/command-store.js';
import { describeCommandStoreContract } from '../../sync/commands/command-store.contract.js';
import { SqliteCommandStore } from './sqlite-command-store.js';

describeCommandStoreContract('SqliteCommandStore', () =>
  fileStoreFixture<CommandStore>('commands', 'commands.sqlite', (path) => new SqliteCommandStore(path)),
);
