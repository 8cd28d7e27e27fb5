import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Alert, AlertStore } from './alert.js';

export interface AlertStoreFixture {
  /** An opened store over fresh storage. */
  readonly store: AlertStore;
  /** A new, opened store over the same storage. */
  reopen(): Promise<AlertStore>;
  cleanup(): Promise<void>;
}

export function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'a1',
    ruleId: 'hot',
    ruleName: 'Too hot',
    twinId: 'room-1',
    severity: 'major',
    status: 'active',
    message: 'temperature 29 > 28',
    raisedMs: 1_000,
    occurrences: 1,
    lastRaisedMs: 1_000,
    acknowledgedMs: null,
    acknowledgedBy: null,
    clearedMs: null,
    clearedBy: null,
    log: [{ atMs: 1_000, by: 'rule', status: 'active' }],
    ...overrides,
  };
}

/** What every AlertStore must do (SQLite now, PostgreSQL later). */
export function describeAlertStoreContract(name: string, create: () => Promise<AlertStoreFixture>): void {
  void describe(`AlertStore contract: ${name}`, () => {
    let fixture: AlertStoreFixture;
    beforeEach(async () => {
      fixture = await create();
    });
    afterEach(async () => fixture.cleanup());

    void it('saves, replaces by id and reads back an alert, durable across a reopen', async () => {
      const { store } = fixture;
      await store.save(alert());
      await store.save(alert({ status: 'acknowledged', acknowledgedBy: 'ana', acknowledgedMs: 2_000 }));
      assert.equal((await store.get('a1'))?.acknowledgedBy, 'ana');
      await store.close();
      const again = await fixture.reopen();
      assert.deepEqual(
        await again.get('a1'),
        alert({ status: 'acknowledged', acknowledgedBy: 'ana', acknowledgedMs: 2_000 }),
      );
      assert.equal(await again.get('nope'), undefined);
    });

    void it('lists newest first by twin, rule, severity and status ("open": active or acknowledged)', async () => {
      const { store } = fixture;
      await store.save(alert({ id: 'a1', raisedMs: 1_000, status: 'cleared' }));
      await store.save(alert({ id: 'a2', raisedMs: 2_000, status: 'acknowledged' }));
      await store.save(alert({ id: 'a3', raisedMs: 3_000, twinId: 'room-2', severity: 'critical' }));
      const ids = (alerts: Alert[]) => alerts.map((a) => a.id);
      assert.deepEqual(ids(await store.list({}, 10)), ['a3', 'a2', 'a1']);
      assert.deepEqual(ids(await store.list({}, 2)), ['a3', 'a2']);
      assert.deepEqual(ids(await store.list({ twinId: 'room-1' }, 10)), ['a2', 'a1']);
      assert.deepEqual(ids(await store.list({ status: 'open' }, 10)), ['a3', 'a2']);
      assert.deepEqual(ids(await store.list({ status: 'cleared' }, 10)), ['a1']);
      assert.deepEqual(ids(await store.list({ severity: 'critical' }, 10)), ['a3']);
      assert.deepEqual(ids(await store.list({ ruleId: 'other' }, 10)), []);
      assert.deepEqual(ids(await store.allOpen()), ['a3', 'a2']);
      assert.equal((await store.openOf('hot', 'room-1'))?.id, 'a2');
      assert.equal(await store.openOf('hot', 'room-9'), undefined);
    });

    void it('keeps maintenance events, newest first, by twin', async () => {
      const { store } = fixture;
      const event = (id: string, twinId: string, atMs: number) => ({
        id,
        twinId,
        kind: 'failure' as const,
        atMs,
        note: '',
        recordedBy: 'ana',
        recordedMs: atMs,
      });
      await store.saveMaintenanceEvent(event('e1', 'pump-1', 1_000));
      await store.saveMaintenanceEvent(event('e2', 'pump-2', 2_000));
      await store.saveMaintenanceEvent(event('e3', 'pump-1', 3_000));
      assert.deepEqual(
        (await store.maintenanceEvents({}, 10)).map((e) => e.id),
        ['e3', 'e2', 'e1'],
      );
      assert.deepEqual(
        (await store.maintenanceEvents({ twinId: 'pump-1' }, 10)).map((e) => e.id),
        ['e3', 'e1'],
      );
      assert.deepEqual(
        (await store.maintenanceEvents({}, 1)).map((e) => e.id),
        ['e3'],
      );
    });

    void it('keeps the rule set', async () => {
      const { store } = fixture;
      assert.equal(await store.loadRuleSet(), undefined);
      const set = { version: 1 as const, channels: [], rules: [] };
      await store.saveRuleSet(set);
      await store.saveRuleSet({ ...set, channels: [{ id: 'ops', kind: 'mqtt', topic: 'alerts' }] });
      assert.deepEqual((await store.loadRuleSet())?.channels, [{ id: 'ops', kind: 'mqtt', topic: 'alerts' }]);
    });
  });
}
