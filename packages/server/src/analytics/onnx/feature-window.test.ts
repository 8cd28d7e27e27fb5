import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FeatureWindows } from './feature-window.js';

/** The twin's feature vector, or undefined while its window is not full. */
function vector(windows: FeatureWindows, twinId: string): number[] | undefined {
  const target = new Float32Array(windows.width + 2).fill(-1);
  if (!windows.copyTo(twinId, target, 1)) return undefined;
  assert.equal(target[0], -1); // nothing written before the offset…
  assert.equal(target[windows.width + 1], -1); // …or after the vector
  return [...target.subarray(1, windows.width + 1)];
}

void describe('FeatureWindows', () => {
  void it('forms a row only once every input has a value, then holds the latest of each', () => {
    const windows = new FeatureWindows(['a', 'b'], 2);
    assert.equal(windows.width, 4);
    assert.equal(windows.observe('t1', { a: 1 }), false);
    assert.equal(windows.observe('t1', { b: 10 }), true); // row [1, 10]
    assert.equal(windows.isFull('t1'), false);
    assert.equal(vector(windows, 't1'), undefined);
    assert.equal(windows.observe('t1', { a: 2 }), true); // row [2, 10]: b held
    assert.equal(windows.isFull('t1'), true);
    assert.deepEqual(vector(windows, 't1'), [1, 10, 2, 10]);
  });

  void it('appends one row per telemetry row, however many inputs it carries', () => {
    const windows = new FeatureWindows(['a', 'b'], 2);
    windows.observe('t1', { a: 1, b: 2 });
    windows.observe('t1', { a: 3, b: 4, other: 5 });
    assert.deepEqual(vector(windows, 't1'), [1, 2, 3, 4]);
  });

  void it('keeps the last `window` rows in time order as the ring wraps', () => {
    const windows = new FeatureWindows(['x'], 3);
    for (let value = 1; value <= 7; value++) windows.observe('t1', { x: value });
    assert.deepEqual(vector(windows, 't1'), [5, 6, 7]);
    windows.observe('t1', { x: 8 });
    assert.deepEqual(vector(windows, 't1'), [6, 7, 8]);
  });

  void it('ignores rows without an input, and values that are not finite numbers', () => {
    const windows = new FeatureWindows(['x'], 1);
    assert.equal(windows.observe('t1', { y: 1 }), false);
    assert.equal(windows.size, 0); // no window for a twin that never sent an input
    for (const value of ['3', true, null, undefined, Number.NaN, Number.POSITIVE_INFINITY, { v: 1 }])
      assert.equal(windows.observe('t1', { x: value }), false);
    assert.equal(windows.observe('t1', { x: -2.5 }), true);
    assert.deepEqual(vector(windows, 't1'), [-2.5]);
  });

  void it('keeps twins apart', () => {
    const windows = new FeatureWindows(['x'], 2);
    windows.observe('t1', { x: 1 });
    windows.observe('t2', { x: 100 });
    windows.observe('t1', { x: 2 });
    assert.deepEqual(vector(windows, 't1'), [1, 2]);
    assert.equal(vector(windows, 't2'), undefined);
  });

  void it('refuses new twins beyond twinsMax and counts them', () => {
    const windows = new FeatureWindows(['x'], 1, 2);
    windows.observe('t1', { x: 1 });
    windows.observe('t2', { x: 1 });
    assert.equal(windows.observe('t3', { x: 1 }), false);
    assert.equal(windows.observe('t1', { x: 2 }), true); // known twins carry on
    assert.deepEqual([windows.size, windows.untrackedRows], [2, 1]);
    assert.equal(windows.forget('t2'), true);
    assert.equal(windows.observe('t3', { x: 1 }), true);
  });

  void it('starts over after forgetting a twin', () => {
    const windows = new FeatureWindows(['a', 'b'], 1);
    windows.observe('t1', { a: 1, b: 2 });
    windows.forget('t1');
    assert.equal(windows.observe('t1', { a: 3 }), false); // b is not held across a forget
    assert.equal(vector(windows, 't1'), undefined);
  });

  void it('refuses an empty or repeated input list and a window below 1', () => {
    assert.throws(() => new FeatureWindows([], 1), RangeError);
    assert.throws(() => new FeatureWindows(['a', 'a'], 1), RangeError);
    assert.throws(() => new FeatureWindows(['a'], 0), RangeError);
    assert.throws(() => new FeatureWindows(['a'], 1.5), RangeError);
  });
});
