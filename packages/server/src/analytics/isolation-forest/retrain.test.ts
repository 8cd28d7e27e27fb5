import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gaussianRows } from './forest-test-helpers.js';
import { scoreRow, trainIsolationForest, treeCountOf } from './isolation-forest.js';
import { labelledTrainingRows, retrainIsolationForest } from './retrain.js';
import type { RowLabel, TimedRow } from './retrain.js';

const MINUTE_MS = 60_000;
const timed = (rows: readonly number[][], fromMs = 0): TimedRow[] =>
  rows.map((values, i) => ({ timeMs: fromMs + i * MINUTE_MS, values }));

// Normal operation of a chiller: supply temperature around 10 °C (σ 2), load around 50 % (σ 5).
const WINDOW = timed(gaussianRows(500, [10, 50], [2, 5], 41));
// A defrost cycle: warm at high load. Rare, far from the window, but expected operation.
const DEFROST = [18, 70];

void describe('labelledTrainingRows', () => {
  const window = timed([[1], [2], [3], [4]]);

  void it('drops rows labelled real and adds rows labelled expected, repeated to their share', () => {
    const labels: RowLabel[] = [
      { timeMs: MINUTE_MS, values: [2], real: true },
      { timeMs: 99 * MINUTE_MS, values: [9], real: false },
    ];
    assert.deepEqual(labelledTrainingRows(window, labels, 0.5), [[1], [3], [4], [9], [9]]); // 0.5 × 3 rows ≈ 2 copies
    assert.deepEqual(labelledTrainingRows(window, labels, 0), [[1], [3], [4], [9]]); // at least once
  });

  void it('lets a later label of the same instant replace an earlier one', () => {
    const labels: RowLabel[] = [
      { timeMs: 0, values: [1], real: true },
      { timeMs: 0, values: [1], real: false },
    ];
    assert.deepEqual(labelledTrainingRows(window, labels, 0), [[2], [3], [4], [1]]);
  });

  void it('refuses a share out of 0…0.5', () => {
    assert.throws(() => labelledTrainingRows(window, [], 0.8), /expectedShare must be in 0…0.5, got 0.8/);
  });
});

void describe('retrainIsolationForest', () => {
  const model = trainIsolationForest(
    WINDOW.map((row) => row.values as number[]),
    { trees: 100, seed: 7, featureNames: ['supplyTemperature', 'load'] },
  );

  void it('lowers the score of a pattern the operator labelled expected', () => {
    const before = scoreRow(model, DEFROST) as number;
    const label: RowLabel = { timeMs: 900 * MINUTE_MS, values: DEFROST, real: false };
    const retrained = retrainIsolationForest(model, WINDOW, [label]);
    const after = scoreRow(retrained, DEFROST) as number;
    const nearby = scoreRow(retrained, [18.2, 69.5]) as number;
    assert.ok(after < before - 0.05, `before ${before}, after ${after}`);
    assert.ok(nearby < before - 0.05, `before ${before}, nearby after ${nearby}`);
    // Ordinary rows stay ordinary.
    assert.ok((scoreRow(retrained, [10, 50]) as number) < 0.5);
  });

  void it('raises the score of a pattern labelled real that had crept into the normal window', () => {
    const faults = timed(
      Array.from({ length: 25 }, () => DEFROST),
      1_000 * MINUTE_MS,
    );
    const contaminated = trainIsolationForest([...WINDOW, ...faults].map((row) => row.values));
    const before = scoreRow(contaminated, DEFROST) as number;
    const labels = faults.map((row): RowLabel => ({ ...row, real: true }));
    const after = scoreRow(retrainIsolationForest(contaminated, [...WINDOW, ...faults], labels), DEFROST) as number;
    assert.ok(after > before + 0.1, `before ${before}, after ${after}`);
  });

  void it("keeps the previous model's trees, seed and names, and its sample size unless a window capped it", () => {
    const retrained = retrainIsolationForest(model, WINDOW, []);
    assert.equal(treeCountOf(retrained), 100);
    assert.equal(retrained.seed, 7);
    assert.deepEqual(retrained.featureNames, ['supplyTemperature', 'load']);
    assert.equal(retrained.sampleSize, 256);
    const chosen = trainIsolationForest(
      WINDOW.map((row) => row.values),
      { sampleSize: 64 },
    );
    assert.equal(retrainIsolationForest(chosen, WINDOW, []).sampleSize, 64);
    const capped = trainIsolationForest(WINDOW.slice(0, 50).map((row) => row.values));
    assert.equal(capped.sampleSize, 50);
    assert.equal(retrainIsolationForest(capped, WINDOW, []).sampleSize, 256);
    assert.equal(retrainIsolationForest(model, WINDOW, [], { trees: 20 }).nodes.treeStart.length, 21);
  });
});
