import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PathState } from '@doppel/protocol';
import { TwinValuesStore } from './twin-values-store';

const at = (value: unknown, sourceTimeMs: number): PathState => ({
  value,
  sourceTimeMs,
  receivedMs: sourceTimeMs + 5,
  source: 'mqtt:test',
  kind: 'telemetry',
});

describe('TwinValuesStore', () => {
  test('notifies only the listeners of the updated twin and keeps unchanged paths identical', () => {
    const store = new TwinValuesStore();
    store.apply('a', 'm', { t: at(1, 1000), h: at(40, 1000) });
    let aCalls = 0;
    let bCalls = 0;
    store.subscribe('a', () => (aCalls += 1));
    store.subscribe('b', () => (bCalls += 1));
    const humidity = store.get('a')?.paths.h;
    store.apply('a', 'm', { t: at(2, 2000) });
    assert.equal(aCalls, 1);
    assert.equal(bCalls, 0);
    assert.equal(store.get('a')?.paths.h, humidity);
    assert.equal(store.get('a')?.paths.t?.value, 2);
  });

  test('an older value does not roll the state back (DESIGN.md 4.5)', () => {
    const store = new TwinValuesStore();
    store.apply('a', 'm', { t: at(2, 2000) });
    const before = store.get('a');
    store.apply('a', 'm', { t: at(1, 1000) });
    assert.equal(store.get('a'), before);
  });

  test('counts value changes and smooths the observed interval', () => {
    const store = new TwinValuesStore();
    store.apply('a', 'm', { t: at(1, 1000) });
    assert.equal(store.get('a')?.paths.t?.changeSeq, 0);
    assert.equal(store.get('a')?.paths.t?.intervalMs, null);
    store.apply('a', 'm', { t: at(1, 2000) });
    assert.equal(store.get('a')?.paths.t?.changeSeq, 0, 'same value: no highlight');
    assert.equal(store.get('a')?.paths.t?.intervalMs, 1000);
    store.apply('a', 'm', { t: at(5, 4000) });
    assert.equal(store.get('a')?.paths.t?.changeSeq, 1);
    assert.equal(store.get('a')?.paths.t?.intervalMs, 1300);
  });

  test('evict forgets a twin and tells its listeners', () => {
    const store = new TwinValuesStore();
    store.apply('a', 'm', { t: at(1, 1000) });
    let calls = 0;
    store.subscribe('a', () => (calls += 1));
    store.evict(['a', 'never-seen']);
    assert.equal(store.get('a'), undefined);
    assert.equal(calls, 1);
  });
});
