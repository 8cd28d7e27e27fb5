import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anomalyScore, averagePathLength } from './path-length.js';

void describe('averagePathLength', () => {
  void it('is exact for tiny subtrees', () => {
    assert.equal(averagePathLength(0), 0);
    assert.equal(averagePathLength(1), 0);
    assert.equal(averagePathLength(2), 1);
  });

  void it('is 2H(n−1) − 2(n−1)/n beyond', () => {
    // 2(ln 255 + γ) − 2·255/256 = 10.2448…
    assert.ok(Math.abs(averagePathLength(256) - 10.2448) < 1e-4, String(averagePathLength(256)));
    assert.ok(Math.abs(averagePathLength(3) - (2 * (Math.log(2) + 0.5772156649) - 4 / 3)) < 1e-12);
  });
});

void describe('anomalyScore', () => {
  void it('is 0.5 at the average path length, 1 at the root, towards 0 for deep paths', () => {
    assert.equal(anomalyScore(averagePathLength(256), 256), 0.5);
    assert.equal(anomalyScore(0, 256), 1);
    assert.ok(anomalyScore(40, 256) < 0.1);
  });
});
