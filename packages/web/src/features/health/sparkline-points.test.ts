import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sparklinePoints } from './sparkline-points';

void describe('sparklinePoints', () => {
  test('scales the largest value to the top and zero to the bottom', () => {
    assert.equal(sparklinePoints([0, 5, 10], 102, 22), '1,21 51,11 101,1');
  });

  test('draws zeros and single values as flat lines', () => {
    assert.equal(sparklinePoints([0, 0], 10, 10), '1,9 9,9');
    assert.equal(sparklinePoints([4], 10, 10), '1,1 9,1');
    assert.equal(sparklinePoints([], 10, 10), '');
  });
});
