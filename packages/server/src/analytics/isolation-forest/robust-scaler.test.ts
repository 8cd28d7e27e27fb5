import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toFeatureMatrix } from './feature-matrix.js';
import { fitRobustScaler, standardiseInto, standardiseMatrix } from './robust-scaler.js';

void describe('fitRobustScaler', () => {
  void it('centres on the median and scales by 1.4826 × MAD, unmoved by an outlier', () => {
    const scaler = fitRobustScaler(toFeatureMatrix([[1], [2], [3], [4], [1000]]));
    assert.deepEqual(scaler.center, Float64Array.of(3));
    assert.equal(scaler.scale[0], 1.4826); // |deviations| 2 1 0 1 997 → median 1
  });

  void it('takes the median of an even count as the mean of the middle two', () => {
    assert.deepEqual(fitRobustScaler(toFeatureMatrix([[4], [1], [3], [2]])).center, Float64Array.of(2.5));
  });

  void it('falls back to the RMS deviation when MAD is 0, and to 1 for a constant', () => {
    const scaler = fitRobustScaler(
      toFeatureMatrix([
        [0, 5],
        [0, 5],
        [0, 5],
        [4, 5],
      ]),
    );
    assert.equal(scaler.scale[0], 2); // √((0 + 0 + 0 + 16) / 4)
    assert.equal(scaler.scale[1], 1);
  });
});

void describe('standardise', () => {
  void it('maps a row and a matrix to (x − centre) / scale alike', () => {
    const matrix = toFeatureMatrix([
      [10, 100],
      [12, 300],
      [14, 200],
    ]);
    const scaler = fitRobustScaler(matrix); // centres 12 and 200, MADs 2 and 100
    const row = standardiseInto(scaler, [12, 300], new Float64Array(2));
    assert.deepEqual(row, Float64Array.of(0, 100 / 148.26));
    standardiseMatrix(scaler, matrix);
    assert.deepEqual(matrix.values.subarray(2, 4), row);
  });
});
