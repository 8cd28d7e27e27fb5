import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isFiniteRow, toFeatureMatrix } from './feature-matrix.js';
import { isIsolationForestError } from './isolation-forest-error.js';

void describe('toFeatureMatrix', () => {
  void it('packs rows row-major, from arrays or Float64Arrays', () => {
    const matrix = toFeatureMatrix([[1, 2], Float64Array.of(3, 4)]);
    assert.deepEqual(matrix, { values: Float64Array.of(1, 2, 3, 4), rowCount: 2, featureCount: 2 });
  });

  void it('rejects a non-finite value, naming the row and the feature', () => {
    assert.throws(
      () =>
        toFeatureMatrix(
          [
            [1, 2],
            [3, NaN],
          ],
          ['flow', 'pressure'],
        ),
      (error: unknown) =>
        isIsolationForestError(error, 'forest.invalid-training-rows') &&
        error.message === 'Cannot train an isolation forest: row 1, feature pressure: NaN is not a finite number.',
    );
    assert.throws(() => toFeatureMatrix([[Infinity]]), /row 0, feature #0: Infinity is not a finite number/);
  });

  void it('rejects ragged rows and an empty window', () => {
    assert.throws(() => toFeatureMatrix([[1, 2], [3]]), /row 1 has 1 features, row 0 has 2/);
    assert.throws(() => toFeatureMatrix([]), /the training window has no rows/);
    assert.throws(() => toFeatureMatrix([[]]), /training rows have no features/);
  });
});

void describe('isFiniteRow', () => {
  void it('is false for NaN or an infinity anywhere', () => {
    assert.equal(isFiniteRow([1, -2.5]), true);
    assert.equal(isFiniteRow([1, NaN]), false);
    assert.equal(isFiniteRow(Float64Array.of(-Infinity, 0)), false);
  });
});
