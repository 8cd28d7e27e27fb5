import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findStructureProblem } from './forest-structure.js';
import { gaussianRows, pumpCurveData } from './forest-test-helpers.js';
import { extensionOf, scoreRow, scoreRows, trainIsolationForest } from './isolation-forest.js';
import type { IsolationForestModel } from './isolation-forest.js';
import { isIsolationForestError } from './isolation-forest-error.js';
import { LEAF } from './isolation-tree.js';
import { retrainIsolationForest } from './retrain.js';
import { metricsAt, thresholdFromContamination } from './threshold.js';
import type { LabelMetrics } from './threshold.js';

const ROWS = gaussianRows(400, [10, 50, 0.4], [2, 5, 0.05], 31);
const EXTENDED = trainIsolationForest(ROWS, { trees: 40, extension: 'full' });

void describe('extended isolation forest (random hyperplane splits)', () => {
  void it('is opt-in: the default and extension "none" grow the same axis-parallel forest, without normals', () => {
    const byDefault = trainIsolationForest(ROWS, { trees: 40 });
    assert.deepEqual(trainIsolationForest(ROWS, { trees: 40, extension: 'none' }), byDefault);
    assert.equal(byDefault.nodes.normal, undefined);
    assert.equal(extensionOf(byDefault), 'none');
    assert.equal(extensionOf(EXTENDED), 'full');
  });

  void it('gives identical scores for the same seed, other trees for another', () => {
    const again = trainIsolationForest(ROWS, { trees: 40, extension: 'full' });
    assert.deepEqual(again, EXTENDED);
    assert.deepEqual(scoreRows(again, ROWS), scoreRows(EXTENDED, ROWS));
    const reseeded = trainIsolationForest(ROWS, { trees: 40, extension: 'full', seed: 2 });
    assert.notDeepEqual(scoreRows(reseeded, ROWS), scoreRows(EXTENDED, ROWS));
  });

  void it('stores one normal of all features per internal node, in a sound structure', () => {
    const { feature, normal } = EXTENDED.nodes;
    const internal = feature.filter((k) => k !== LEAF).length;
    assert.equal(normal?.length, internal * 3);
    assert.ok(normal?.every(Number.isFinite));
    assert.equal(findStructureProblem(EXTENDED.nodes, 3, EXTENDED.sampleSize, EXTENDED.heightLimit), null);
  });

  void it('scores through scoreRow like the axis-parallel forest: far rows high, gaps null', () => {
    const far = scoreRow(EXTENDED, [30, 50, 0.4]) as number;
    assert.ok(far > 0.6, `far row ${far}`);
    assert.ok(far > Math.max(...(scoreRows(EXTENDED, ROWS) as number[])));
    assert.equal(scoreRow(EXTENDED, [10, NaN, 0.4]), null);
  });

  void it('rejects an unknown extension and a forest too large to hold its normals', () => {
    const invalid = (error: unknown): boolean => isIsolationForestError(error, 'forest.invalid-option');
    assert.throws(() => trainIsolationForest(ROWS, { extension: 'partial' as 'full' }), invalid);
    const wide = [Array.from({ length: 256 }, () => 1), Array.from({ length: 256 }, () => 2)];
    assert.throws(() => trainIsolationForest(wide, { extension: 'full', trees: 1_000, sampleSize: 4_096 }), invalid);
  });

  void it('keeps the split kind when retrained', () => {
    const retrained = retrainIsolationForest(
      EXTENDED,
      ROWS.map((values, i) => ({ timeMs: i * 60_000, values })),
      [],
    );
    assert.equal(extensionOf(retrained), 'full');
  });

  void it('finds pump-curve anomalies the axis-parallel forest misses (bench forestQuality data)', () => {
    const { training, test } = pumpCurveData();
    const quality = (model: IsolationForestModel): LabelMetrics => {
      const threshold = thresholdFromContamination(scoreRows(model, training) as number[], 0.01);
      const scores = scoreRows(
        model,
        test.map((t) => t.row),
      ) as number[];
      return metricsAt(
        test.map((t, i) => ({ score: scores[i] as number, real: t.real })),
        threshold,
      );
    };
    const axis = quality(trainIsolationForest(training, { seed: 1 }));
    const extended = quality(trainIsolationForest(training, { seed: 1, extension: 'full' }));
    // Measured: axis-parallel 0.31 / 0.44 (22 of 50 found, 50 false alarms), extended 0.48 / 1.00
    // (50 of 50, 55 false alarms). A 1 % threshold flags about 50 of the 4,950 normal test rows
    // by construction, so precision cannot go much above 0.5 here whatever the forest.
    const summary = `axis ${axis.precision}/${axis.recall}, extended ${extended.precision}/${extended.recall}`;
    assert.ok(extended.recall >= 0.9, summary);
    assert.ok(extended.recall >= axis.recall + 0.3, summary);
    assert.ok(extended.precision >= axis.precision + 0.1, summary);
  });
});
