import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock, silentLogger } from '@doppel/core';
import { parseRule } from '../rules/rule-input.js';
import type { RuleTransition } from '../rules/rule-engine.js';
import type { Alert, AlertFilter, AlertStore } from './alert.js';
import type { AlertEvent } from './alert-service.js';
import { AlertService } from './alert-service.js';

/** An in-memory AlertStore (the SQLite one passes the same contract suite). */
class MemoryAlertStore implements AlertStore {
  readonly alerts = new Map<string, Alert>();
  async open(): Promise<void> {}
  async close(): Promise<void> {}
  async save(alert: Alert): Promise<void> {
    this.alerts.set(alert.id, alert);
  }
  async get(id: string): Promise<Alert | undefined> {
    return this.alerts.get(id);
  }
  async list(filter: AlertFilter): Promise<Alert[]> {
    return [...this.alerts.values()].filter((alert) => filter.twinId === undefined || alert.twinId === filter.twinId);
  }
  async openOf(): Promise<Alert | undefined> {
    return undefined;
  }
  async allOpen(): Promise<Alert[]> {
    return [...this.alerts.values()].filter((alert) => alert.status !== 'cleared');
  }
  async loadRuleSet() {
    return undefined;
  }
  async saveRuleSet(): Promise<void> {}
  async saveMaintenanceEvent(): Promise<void> {}
  async maintenanceEvents() {
    return [];
  }
}

const RULE = parseRule({
  id: 'hot',
  name: 'Hot',
  severity: 'critical',
  twins: ['r1'],
  condition: { path: 't', above: 1 },
});
const transition = (type: 'raised' | 'cleared', atMs: number): RuleTransition => ({
  type,
  rule: RULE,
  twinId: 'r1',
  atMs,
  reason: `t at ${atMs}`,
});

void describe('AlertService', () => {
  void it('opens one alert per rule and twin, counts repeats, and clears it when the rule clears', async () => {
    const store = new MemoryAlertStore();
    const service = new AlertService(store, new ManualClock(0), silentLogger);
    const events: AlertEvent[] = [];
    service.onChange((_alert, event) => events.push(event));
    service.transition(transition('raised', 10));
    service.transition(transition('raised', 20));
    await service.settled();
    const [alert] = [...store.alerts.values()];
    assert.equal(store.alerts.size, 1);
    assert.deepEqual(
      [alert?.status, alert?.occurrences, alert?.lastRaisedMs, alert?.message],
      ['active', 2, 20, 't at 20'],
    );
    service.transition(transition('cleared', 30));
    service.transition(transition('raised', 40));
    await service.settled();
    assert.equal(store.alerts.size, 2, 'raised again after clearing: a new alert');
    assert.deepEqual(events, ['raised', 'repeated', 'cleared', 'raised']);
    assert.equal(store.alerts.get(alert?.id ?? '')?.clearedBy, 'rule');
  });

  void it('moves alerts by hand with who, when and a note, and refuses moves the lifecycle forbids', async () => {
    const store = new MemoryAlertStore();
    const clock = new ManualClock(1_000);
    const service = new AlertService(store, clock, silentLogger);
    service.transition(transition('raised', 1_000));
    const id = service.openAlerts()[0]?.id ?? '';
    clock.advance(500);
    const acked = await service.acknowledge(id, 'ana', 'looking');
    assert.deepEqual([acked.status, acked.acknowledgedBy, acked.acknowledgedMs], ['acknowledged', 'ana', 1_500]);
    await assert.rejects(service.acknowledge(id, 'bob'), { code: 'alert.invalid-move' });
    const cleared = await service.clear(id, 'bob', 'fixed the damper');
    assert.deepEqual(
      cleared.log.map((entry) => [entry.by, entry.status, entry.note]),
      [
        ['rule', 'active', 't at 1000'],
        ['ana', 'acknowledged', 'looking'],
        ['bob', 'cleared', 'fixed the damper'],
      ],
    );
    await assert.rejects(service.clear(id, 'bob'), { code: 'alert.invalid-move' });
    await assert.rejects(service.acknowledge('nope', 'bob'), { code: 'alert.not-found' });
    assert.deepEqual(service.openAlerts(), []);
  });

  void it('reloads open alerts at start, so that a restart continues them', async () => {
    const store = new MemoryAlertStore();
    const first = new AlertService(store, new ManualClock(0), silentLogger);
    first.transition(transition('raised', 10));
    await first.settled();
    const second = new AlertService(store, new ManualClock(0), silentLogger);
    assert.equal((await second.start()).length, 1);
    second.transition(transition('raised', 50));
    await second.settled();
    assert.equal(store.alerts.size, 1);
    assert.equal([...store.alerts.values()][0]?.occurrences, 2);
  });
});
