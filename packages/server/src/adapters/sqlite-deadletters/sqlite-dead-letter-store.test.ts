import { fileStoreFixture } from '../file-store-fixture.js';
import type { DeadLetterStore } from '../../deadletters/dead-letter-store.js';
import { describeDeadLetterStoreContract } from '../../deadletters/dead-letter-store.contract.js';
import { SqliteDeadLetterStore } from './sqlite-dead-letter-store.js';

describeDeadLetterStoreContract('SqliteDeadLetterStore', (limits) =>
  fileStoreFixture<DeadLetterStore>(
    'deadletters',
    'deadletters.sqlite',
    (path) => new SqliteDeadLetterStore(path, limits),
  ),
);
