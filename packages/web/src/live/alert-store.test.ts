import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AlertView } from '@doppel/protocol';
import { AlertStore } from './alert-store';

const alert = (overrides: Partial<AlertView>): AlertView => ({
  id: 'a',
  ruleId: 'hot',
  ruleName: 'Hot',
  twinId: 'room-1',
  severity: 'major',
  status: 'active',
  message: 'm',
  raisedMs: 1,
  occurrences: 1,
  lastRaisedMs: 1,
  acknowledgedMs: null,
  acknowledgedBy: null,
  clearedMs: null,
  clearedBy: null,
  log: [{ atMs: 1, by: 'rule', status: 'active' }],
  ...overrides,
});

test('keeps the newest news of each alert, whatever order frames and answers arrive in', () => {
  const store = new AlertStore();
  let calls = 0;
  store.subscribe(() => calls++);
  const acked = alert({
    status: 'acknowledged',
    log: [...alert({}).log, { atMs: 2, by: 'ana', status: 'acknowledged' }],
  });
  store.apply([acked]);
  store.apply([alert({})]); // a list fetched before the acknowledgement
  assert.equal(store.open()[0]?.status, 'acknowledged');
  assert.equal(calls, 1, 'an older view changes nothing');
  store.apply([alert({ id: 'b', severity: 'critical', twinId: 'room-2' }), alert({ id: 'c', status: 'cleared' })]);
  assert.deepEqual(
    store.open().map((a) => a.id),
    ['b', 'a'],
    'open only, worst first',
  );
  assert.deepEqual(
    store.ofTwin('room-1').map((a) => a.id),
    ['a', 'c'],
    'open before cleared',
  );
});
