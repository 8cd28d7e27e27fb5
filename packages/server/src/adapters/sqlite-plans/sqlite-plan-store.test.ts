import { fileStoreFixture } from '../file-store-fixture.js';
import type { PlanStore } from '../../plans/plan-store.js';
import { describePlanStoreContract } from '../../plans/plan-store.contract.js';
import { SqlitePlanStore } from './sqlite-plan-store.js';

describePlanStoreContract('SqlitePlanStore', () =>
  fileStoreFixture<PlanStore>('plans', 'plans.db', (path) => new SqlitePlanStore(path)),
);
