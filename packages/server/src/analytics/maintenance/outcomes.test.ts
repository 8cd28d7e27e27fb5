import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alert } from '../alerts/alert-store.contract.js';
import { parseRule } from '../rules/rule-input.js';
import type { MaintenanceEvent } from './maintenance-event.js';
import { isPredictive, predictionOutcomes } from './outcomes.js';

const DAY = 86_400_000;
const rul = parseRule({
  id: 'rul',
  name: 'RUL low',
  severity: 'major',
  models: ['m'],
  condition: { path: 'rulP10Hours', below: 72 },
});
const hot = parseRule({
  id: 'hot',
  name: 'Hot',
  severity: 'major',
  models: ['m'],
  condition: { path: 'temperature', above: 30 },
});
const failure = (twinId: string, atMs: number): MaintenanceEvent => ({
  id: `${twinId}-${atMs}`,
  twinId,
  kind: 'failure',
  atMs,
  note: '',
  recordedBy: 'ana',
  recordedMs: atMs,
});

void describe('prediction outcomes', () => {
  void it('counts predictions that came true, false alarms and missed failures per predictive rule', () => {
    assert.ok(isPredictive(rul));
    assert.ok(!isPredictive(hot));
    const alerts = [
      alert({ id: 'a1', ruleId: 'rul', twinId: 'b1', raisedMs: 10 * DAY }), // failed 3 days later
      alert({ id: 'a2', ruleId: 'rul', twinId: 'b2', raisedMs: 10 * DAY }), // never failed: a false alarm
      alert({ id: 'a3', ruleId: 'rul', twinId: 'b3', raisedMs: 1 * DAY }), // failed too late to count
      alert({ id: 'a4', ruleId: 'hot', twinId: 'b1', raisedMs: 12 * DAY }),
    ];
    const events = [failure('b1', 13 * DAY), failure('b3', 30 * DAY), failure('b4', 20 * DAY)];
    const [outcome] = predictionOutcomes([rul, hot], alerts, events, () => true, 14 * DAY);
    assert.deepEqual(outcome, {
      ruleId: 'rul',
      ruleName: 'RUL low',
      predicted: 3,
      occurred: 1,
      missed: 2, // b3 (its alert was more than 14 days before) and b4 (none)
      precision: 1 / 3,
      recall: 1 / 3,
      medianLeadHours: 72,
    });
  });
});
