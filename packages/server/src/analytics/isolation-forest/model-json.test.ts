import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gaussianRows } from './forest-test-helpers.js';
import { extensionOf, scoreRows, trainIsolationForest } from './isolation-forest.js';
import { isIsolationForestError } from './isolation-forest-error.js';
import { fromJson, toJson } from './model-json.js';
import type { IsolationForestJson } from './model-json.js';

const ROWS = gaussianRows(300, [20, 1_013, 0.4], [3, 8, 0.05], 21);
const PROBES = [...ROWS.slice(0, 30), [45, 1_013, 0.4], [20, 950, 0.9]];
const MODEL = trainIsolationForest(ROWS, { trees: 50, featureNames: ['temperature', 'pressure', 'humidity'] });

/** The stored form as a corrupt SQLite row could hold it: anything may change. */
type LooseJson = Record<string, unknown> & {
  nodes: Record<'treeStart' | 'feature' | 'value' | 'rightOrSize', unknown[]> & { normal?: unknown[] };
};

const EXTENDED = trainIsolationForest(ROWS, {
  trees: 30,
  featureNames: ['temperature', 'pressure', 'humidity'],
  extension: 'full',
});

/**
 * A version 1 model exactly as written before extended forests existed (2 trees, ψ = 4), and the
 * rows it was trained on: stored models must keep reading, and scoring, as they did.
 */
const VERSION_1_TEXT =
  '{"format":"doppel.isolation-forest","version":1,"featureNames":["flow","pressure"],"sampleSize":4,' +
  '"heightLimit":2,"seed":1,"trainingRowCount":6,"scaler":{"center":[3.5,12],"scale":[2.2239,1.4826]},' +
  '"nodes":{"treeStart":[0,5,12],"feature":[1,1,-1,-1,-1,0,0,-1,-1,0,-1,-1],' +
  '"value":[3.412830873642408,0.4861345886530848,0,0,0,0.3198139733239185,-0.15536079188162455,0,0,' +
  '0.7047843353632618,0,0],"rightOrSize":[4,3,2,1,1,9,8,1,1,11,1,1]}}';
const VERSION_1_ROWS = [
  [1, 10],
  [2, 12],
  [3, 11],
  [4, 30],
  [5, 13],
  [6, 12],
];

/** A deep copy of the stored form with one change. */
function corrupted(change: (json: LooseJson) => void, model = MODEL): unknown {
  const json = JSON.parse(JSON.stringify(toJson(model))) as LooseJson;
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
      corrupted((json) => (json.version = 3)),
      /version 3 is not supported, only 1 \(axis-parallel\) and 2 \(extended\)/,
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

  void it('reads a version 1 model written before extended forests, and writes axis-parallel ones the same', () => {
    const restored = fromJson(VERSION_1_TEXT);
    assert.equal(extensionOf(restored), 'none');
    assert.equal(restored.nodes.normal, undefined);
    const trained = trainIsolationForest(VERSION_1_ROWS, {
      trees: 2,
      sampleSize: 4,
      featureNames: ['flow', 'pressure'],
    });
    assert.deepEqual(scoreRows(restored, VERSION_1_ROWS), scoreRows(trained, VERSION_1_ROWS));
    assert.equal(JSON.stringify(toJson(trained)), VERSION_1_TEXT);
  });

  void it('round-trips an extended forest as version 2, to identical scores', () => {
    const json = toJson(EXTENDED);
    assert.equal(json.version, 2);
    assert.equal(json.nodes.normal?.length, EXTENDED.nodes.normal?.length);
    const restored = fromJson(JSON.stringify(json));
    assert.deepEqual(restored, EXTENDED);
    assert.deepEqual(scoreRows(restored, PROBES), scoreRows(EXTENDED, PROBES));
  });

  void it('rejects normals in version 1, and a version 2 model whose normals do not fit its nodes', () => {
    rejects(
      corrupted((json) => (json.nodes.normal = [1, 0, 0])),
      /nodes.normal belongs to version 2 only/,
    );
    rejects(
      corrupted((json) => (json.version = 2)),
      /nodes.normal must be an array, got nothing/,
    );
    rejects(
      corrupted((json) => json.nodes.normal?.pop(), EXTENDED),
      /nodes.normal has \d+ components, not a multiple of 3 features/,
    );
    rejects(
      corrupted((json) => json.nodes.normal?.splice(0, 3), EXTENDED),
      /nodes.normal has \d+ components, not \d+ internal nodes × 3 features/,
    );
    rejects(
      corrupted((json) => (json.nodes.normal = json.nodes.normal?.map((n, i) => (i === 4 ? null : n))), EXTENDED),
      /nodes.normal\[4\] must be a finite number, got null/,
    );
    rejects(
      corrupted((json) => (json.nodes.feature[0] = 1), EXTENDED),
      /node 0 uses normal 1, not 0 \(internal nodes in order\)/,
    );
    rejects(
      corrupted((json) => (json.version = 1), EXTENDED),
      /nodes.normal belongs to version 2 only/,
    );
  });
});
