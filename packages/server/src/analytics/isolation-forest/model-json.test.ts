import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gaussianRows } from './forest-test-helpers.js';
import { scoreRows, trainIsolationForest } from './isolation-forest.js';
import { isIsolationForestError } from './isolation-forest-error.js';
import { fromJson, toJson } from './model-json.js';
import type { IsolationForestJson } from './model-json.js';

const ROWS = gaussianRows(300, [20, 1_013, 0.4], [3, 8, 0.05], 21);
const PROBES = [...ROWS.slice(0, 30), [45, 1_013, 0.4], [20, 950, 0.9]];
const MODEL = trainIsolationForest(ROWS, { trees: 50, featureNames: ['temperature', 'pressure', 'humidity'] });

/** The stored form as a corrupt SQLite row could hold it: anything may change. */
type LooseJson = Record<string, unknown> & {
  nodes: Record<'treeStart' | 'feature' | 'value' | 'rightOrSize', unknown[]>;
};

/** A deep copy of the stored form with one change. */
function corrupted(change: (json: LooseJson) => void): unknown {
  const json = JSON.parse(JSON.stringify(toJson(MODEL))) as LooseJson;
  change(json);
  return json;
}

const rejects = (json: unknown, message: RegExp): void =>
  assert.throws(
    () => fromJson(json),
    (error: unknown) => isIsolationForestError(error, 'forest.invalid-json') && message.test(error.message),
  );

void describe('toJson and fromJson', () => {
  void it('round-trip through JSON text to identical scores', () => {
    const text = JSON.stringify(toJson(MODEL));
    const restored = fromJson(text);
    assert.deepEqual(scoreRows(restored, PROBES), scoreRows(MODEL, PROBES));
    assert.deepEqual(restored, MODEL);
    assert.deepEqual(fromJson(JSON.parse(text)), MODEL);
  });

  void it('writes a versioned, plain form', () => {
    const json: IsolationForestJson = toJson(MODEL);
    assert.equal(json.format, 'doppel.isolation-forest');
    assert.equal(json.version, 1);
    assert.deepEqual(json.featureNames, ['temperature', 'pressure', 'humidity']);
    assert.equal(json.nodes.treeStart.length, 51);
    assert.ok(Array.isArray(json.nodes.value));
  });

  void it('rejects text that does not parse, and values that are not a model', () => {
    rejects('{"format": "doppel.isolation-forest", "vers', /the text does not parse/);
    rejects(null, /the model must be an object, got null/);
    rejects([], /the model must be an object, got an array/);
  });

  void it('rejects another format or version', () => {
    rejects(
      corrupted((json) => (json.format = 'sklearn')),
      /format must be "doppel.isolation-forest", got "sklearn"/,
    );
    rejects(
      corrupted((json) => (json.version = 2)),
      /version 2 is not supported, only 1/,
    );
    rejects(
      corrupted((json) => delete json.version),
      /version \(missing\) is not supported/,
    );
  });

  void it('names the field that is missing, mistyped or out of range', () => {
    rejects(
      corrupted((json) => delete json.scaler),
      /scaler must be an object, got nothing/,
    );
    rejects(
      corrupted((json) => (json.featureNames = ['temperature', 7, 'humidity'])),
      /featureNames\[1\] must be a string, got 7/,
    );
    rejects(
      corrupted((json) => (json.heightLimit = 9)),
      /heightLimit 9 is not ceil\(log2\(sampleSize 256\)\)/,
    );
    rejects(
      corrupted((json) => ((json.scaler as { scale: number[] }).scale[2] = 0)),
      /scaler.scale\[2\] must be a finite number > 0, got 0/,
    );
    rejects(
      corrupted((json) => ((json.scaler as { center: unknown[] }).center.length = 2)),
      /scaler.center must have 3…3 items, got 2/,
    );
    // NaN and Infinity become null in JSON text.
    rejects(
      corrupted((json) => (json.nodes.value[0] = null)),
      /nodes.value\[0\] must be a finite number, got null/,
    );
    rejects(
      corrupted((json) => (json.nodes.feature[0] = 3)),
      /nodes.feature\[0\] must be an integer in -1…2, got 3/,
    );
  });

  void it('rejects a forest whose trees are damaged', () => {
    rejects(
      corrupted((json) => (json.nodes.rightOrSize[0] = 1)),
      /node 0's right child is not at/,
    );
    rejects(
      corrupted((json) => json.nodes.feature.pop()),
      /nodes.feature, nodes.value and nodes.rightOrSize differ in length/,
    );
  });
});
