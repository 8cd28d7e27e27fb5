import { fileStoreFixture } from '../file-store-fixture.js';
import type { HistoryStore } from '../../history/history-store.js';
import { runHistoryStoreContract } from '../../history/history-store.contract.js';
import { DuckDbHistoryStore } from './duckdb-history-store.js';

runHistoryStoreContract('DuckDbHistoryStore', () =>
  fileStoreFixture<HistoryStore>('history', 'history.duckdb', (path) => new DuckDbHistoryStore({ path })),
);
