import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countReasons, reasonShares } from './reason-shares';

void describe('reasonShares', () => {
  test('puts the commonest reasons first, with their share', () => {
    assert.deepEqual(reasonShares({ 'b.two': 1, 'a.one': 3, 'c.zero': 0, 'a.also': 1 }), [
      { reason: 'a.one', count: 3, share: 0.6 },
      { reason: 'a.also', count: 1, share: 0.2 },
      { reason: 'b.two', count: 1, share: 0.2 },
    ]);
  });

  test('is empty without dead letters', () => {
    assert.deepEqual(reasonShares({}), []);
  });
});

void describe('countReasons', () => {
  test('counts the letters at hand by reason', () => {
    assert.deepEqual(countReasons([{ reason: 'a' }, { reason: 'b' }, { reason: 'a' }]), { a: 2, b: 1 });
  });
});
