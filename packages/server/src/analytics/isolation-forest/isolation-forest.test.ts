import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ISOLATION_FOREST_DEFAULTS } from './forest-options.js';
import { createGaussian, gaussianRows, quantileOf, shareBelow } from './forest-test-helpers.js';
import { scoreRow, scoreRows, trainIsolationForest, treeCountOf } from './isolation-forest.js';
import { isIsolationForestError } from './isolation-forest-error.js';

// A pump: flow around 10 m³/h (σ 2), pressure around 50 kPa (σ 5), plus 5 far outliers in the window.
const NORMAL = gaussianRows(500, [10, 50], [2, 5], 11);
const OUTLIERS = [
  [30, 50],
  [10, 120],
  [-10, -20],
  [25, 80],
  [-5, 90],
];
const MODEL = trainIsolationForest([...NORMAL, ...OUTLIERS], { featureNames: ['flow', 'pressure'] });

void describe('trainIsolationForest and scoreRow', () => {
  void it('scores far outliers above 0.6 and most normal rows below 0.55', () => {
    const normalScores = scoreRows(MODEL, NORMAL);
    const outlierScores = scoreRows(MODEL, OUTLIERS) as number[];
    assert.ok(
      outlierScores.every((score) => score > 0.6),
      `outliers ${outlierScores.join(' ')}`,
    );
    assert.ok(shareBelow(normalScores, 0.55) >= 0.9, `share below 0.55: ${shareBelow(normalScores, 0.55)}`);
    assert.ok(quantileOf(normalScores, 0.5) < 0.45, `median ${quantileOf(normalScores, 0.5)}`);
    assert.ok(Math.min(...outlierScores) > quantileOf(normalScores, 0.99));
  });

  void it('gives identical scores for the same seed, other trees for another', () => {
    const again = trainIsolationForest([...NORMAL, ...OUTLIERS], { featureNames: ['flow', 'pressure'] });
    assert.deepEqual(scoreRows(again, NORMAL), scoreRows(MODEL, NORMAL));
    const reseeded = trainIsolationForest([...NORMAL, ...OUTLIERS], { seed: 2 });
    assert.notDeepEqual(scoreRows(reseeded, NORMAL), scoreRows(MODEL, NORMAL));
  });

  void it('scores a broken correlation higher, though each value alone is ordinary', () => {
    // Inlet and outlet temperature move together (outlet = inlet + small noise).
    const gaussian = createGaussian(12);
    const rows = Array.from({ length: 1_000 }, () => {
      const inlet = gaussian();
      return [inlet, inlet + 0.1 * gaussian()];
    });
    const model = trainIsolationForest(rows);
    const normalScores = scoreRows(model, rows);
    const broken = scoreRow(model, [1.5, -1.5]) as number; // each at 1.5 σ of its own marginal
    const mirrored = scoreRow(model, [1.5, 1.5]) as number; // the same magnitudes, on the correlation
    assert.ok(broken > mirrored + 0.03, `broken ${broken}, mirrored ${mirrored}`);
    assert.ok(broken > quantileOf(normalScores, 0.9), `broken ${broken}, p90 ${quantileOf(normalScores, 0.9)}`);
    assert.ok(broken > 0.55, `broken ${broken}`);
  });

  void it('weighs features fairly whatever their units (axis-parallel splits are scale-free)', () => {
    const inOtherUnits = (row: readonly number[]): number[] => [(row[0] as number) / 3.6, (row[1] as number) * 1_000];
    const rescaled = trainIsolationForest([...NORMAL, ...OUTLIERS].map(inOtherUnits));
    const probes = [...NORMAL.slice(0, 50), ...OUTLIERS];
    const expected = scoreRows(MODEL, probes) as number[];
    (scoreRows(rescaled, probes.map(inOtherUnits)) as number[]).forEach((score, i) => {
      assert.ok(Math.abs(score - (expected[i] as number)) < 1e-9, `row ${i}: ${score} vs ${expected[i]}`);
    });
  });

  void it('scores a row with a missing value as null and refuses a row of another width', () => {
    assert.equal(scoreRow(MODEL, [NaN, 50]), null);
    assert.equal(scoreRow(MODEL, Float64Array.of(10, Infinity)), null);
    assert.throws(
      () => scoreRow(MODEL, [10]),
      (error: unknown) =>
        isIsolationForestError(error, 'forest.feature-count-mismatch') && /flow, pressure/.test(error.message),
    );
  });

  void it('rejects a training window with a non-finite value, saying where', () => {
    assert.throws(
      () =>
        trainIsolationForest(
          [
            [1, 2],
            [3, NaN],
          ],
          { featureNames: ['flow', 'pressure'] },
        ),
      /row 1, feature pressure: NaN is not a finite number/,
    );
    assert.throws(() => trainIsolationForest([[1, 2]]), /at least 2 rows/);
  });

  void it('uses the defaults, caps ψ at the window and keeps trees compact', () => {
    assert.equal(treeCountOf(MODEL), ISOLATION_FOREST_DEFAULTS.trees);
    assert.equal(MODEL.sampleSize, 256);
    assert.equal(MODEL.heightLimit, 8);
    assert.deepEqual(MODEL.featureNames, ['flow', 'pressure']);
    const small = trainIsolationForest(NORMAL.slice(0, 40), { trees: 10 });
    assert.equal(small.sampleSize, 40);
    assert.equal(small.heightLimit, 6);
    assert.deepEqual(small.featureNames, ['f0', 'f1']);
    // At most 2ψ − 1 nodes per tree; the height limit keeps it well under.
    const nodeCount = MODEL.nodes.feature.length;
    assert.ok(nodeCount < 100 * 511, `nodes ${nodeCount}`);
    const bytes = MODEL.nodes.feature.byteLength + MODEL.nodes.value.byteLength + MODEL.nodes.rightOrSize.byteLength;
    assert.ok(bytes < 400_000, `bytes ${bytes}`);
  });

  void it('refuses options out of range', () => {
    assert.throws(() => trainIsolationForest(NORMAL, { trees: 0 }), /trees must be an integer in 1…1000, got 0/);
    assert.throws(() => trainIsolationForest(NORMAL, { sampleSize: 1 }), /sampleSize must be an integer in 2…4096/);
    assert.throws(() => trainIsolationForest(NORMAL, { seed: 0.5 }), /seed must be a safe integer/);
    assert.throws(
      () => trainIsolationForest(NORMAL, { featureNames: ['flow'] }),
      /1 feature names for rows of 2 features/,
    );
  });
});
