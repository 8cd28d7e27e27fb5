import { fileStoreFixture } from '../file-store-fixture.js';
import type { AlertStore } from '../../analytics/alerts/alert.js';
import { describeAlertStoreContract } from '../../analytics/alerts/alert-store.contract.js';
import { SqliteAlertStore } from './sqlite-alert-store.js';

describeAlertStoreContract('SqliteAlertStore', () =>
  fileStoreFixture<AlertStore>('alerts', 'alerts.db', (path) => new SqliteAlertStore(path)),
);
