import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DoppelError } from '@doppel/core';
import { parseChannel, parseRule, parseRuleSet } from './rule-input.js';

const valid = {
  id: 'hot-room',
  name: 'Hot room',
  severity: 'major',
  models: ['dtmi:test:Room;1'],
  condition: { path: 'temperature', above: 28, hysteresis: 1 },
};

/** The error's code and the pointers of its details. */
function refusal(run: () => unknown): { code: string; pointers: (string | undefined)[]; message: string } {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof DoppelError);
    return { code: error.code, pointers: error.details.map((detail) => detail.pointer), message: error.message };
  }
  assert.fail('expected a refusal');
}

void describe('alert rule input', () => {
  void it('accepts a rule and fills the defaults', () => {
    assert.deepEqual(parseRule(valid), { ...valid, enabled: true, forMs: 0, channels: [] });
  });

  void it('names every field to fix', () => {
    const { code, pointers, message } = refusal(() =>
      parseRule({ id: 'bad id!', name: '', severity: 'loud', condition: { path: 'x', above: 'hot' }, forMs: -1 }),
    );
    assert.equal(code, 'alert.rule-invalid');
    assert.deepEqual(pointers, ['/id', '/name', '/severity', '', '/condition/above', '/forMs']);
    assert.match(message, /^\/id must be .* \(and 5 more\)$/);
  });

  void it('checks each kind of condition', () => {
    const pointer = (condition: unknown) => refusal(() => parseRule({ ...valid, condition })).pointers;
    assert.deepEqual(pointer({ path: 't' }), ['/condition']);
    assert.deepEqual(pointer({ path: 't', above: 1, below: 2 }), ['/condition']);
    assert.deepEqual(pointer({ path: 't', noDataForMs: 10 }), ['/condition/noDataForMs']);
    assert.deepEqual(pointer({ path: 't', risesFasterThan: -1 }), ['/condition/risesFasterThan']);
    assert.deepEqual(pointer({ all: [] }), ['/condition/all']);
    assert.deepEqual(pointer({ any: [{ path: 't', above: 1 }, { nope: 1 }] }), ['/condition/any/1/path']);
    assert.deepEqual(
      pointer({ related: 'contains', direction: 'up', match: 'any', condition: { path: 't', above: 1 } }),
      ['/condition/direction'],
    );
    assert.deepEqual(
      pointer({
        related: 'contains',
        direction: 'in',
        match: 'any',
        condition: { related: 'feeds', direction: 'out', match: 'all', condition: { path: 't', above: 1 } },
      }),
      ['/condition/condition'],
      'related conditions do not nest',
    );
    let deep: unknown = { path: 't', above: 1 };
    for (let i = 0; i < 8; i++) deep = { not: deep };
    assert.ok(pointer(deep).length > 0, 'nesting is bounded');
  });

  void it('checks channels: webhook URLs and MQTT topics', () => {
    assert.deepEqual(parseChannel({ id: 'ops', kind: 'mqtt', topic: 'ops/alerts' }), {
      id: 'ops',
      kind: 'mqtt',
      topic: 'ops/alerts',
    });
    assert.equal(
      refusal(() => parseChannel({ id: 'ops', kind: 'mqtt', topic: 'ops/#' })).code,
      'alert.channel-invalid',
    );
    assert.deepEqual(refusal(() => parseChannel({ id: 'pager', kind: 'webhook', url: 'ftp://x' })).pointers, ['/url']);
    assert.deepEqual(refusal(() => parseChannel({ id: 'pager', kind: 'sms' })).pointers, ['/kind']);
  });

  void it('checks a rule set whole: unique rule ids and channels that exist', () => {
    const { pointers } = refusal(() =>
      parseRuleSet({ version: 1, channels: [], rules: [{ ...valid, channels: ['ops'] }, valid] }),
    );
    assert.deepEqual(pointers, ['/rules/0/channels', '/rules/1/id']);
    assert.equal(refusal(() => parseRuleSet({ rules: [] })).code, 'alert.rule-invalid', 'the version is required');
  });
});
