import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SubscriptionSet } from './subscription-set';

test('subscribes once per twin, unsubscribes when the last holder releases it', () => {
  const set = new SubscriptionSet(10);
  set.retain(['a', 'b']);
  set.retain(['a']);
  assert.deepEqual(set.diff(), { subscribe: ['a', 'b'], unsubscribe: [] });
  assert.deepEqual(set.release(['a']), []);
  assert.deepEqual(set.diff(), { subscribe: [], unsubscribe: [] });
  assert.deepEqual(set.release(['a', 'b']), ['a', 'b']);
  assert.deepEqual(set.diff(), { subscribe: [], unsubscribe: ['a', 'b'] });
});

test('after a reconnect everything wanted is subscribed again', () => {
  const set = new SubscriptionSet(10);
  set.retain(['a', 'b']);
  set.diff();
  set.forgetSent();
  assert.deepEqual(set.diff(), { subscribe: ['a', 'b'], unsubscribe: [] });
});

test('never has more than twinsMax subscribed; the rest wait for room', () => {
  const set = new SubscriptionSet(2);
  set.retain(['a', 'b', 'c']);
  assert.deepEqual(set.diff().subscribe, ['a', 'b']);
  set.release(['a']);
  assert.deepEqual(set.diff(), { subscribe: ['c'], unsubscribe: ['a'] });
});
