import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ShadowComparison } from './shadow-comparison.js';

function compare(active: number[], shadow: number[], threshold?: number): ShadowComparison {
  const comparison = new ShadowComparison(threshold);
  active.forEach((value, i) => comparison.add(value, shadow[i] as number));
  return comparison;
}

/** Pearson's r by the textbook two-pass formula, for small well-conditioned data. */
function pearson(xs: number[], ys: number[]): number {
  const mean = (vs: number[]) => vs.reduce((s, v) => s + v, 0) / vs.length;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  xs.forEach((x, i) => {
    const y = ys[i] as number;
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

void describe('ShadowComparison', () => {
  void it('reports differences, means, correlation and agreement of known pairs', () => {
    const view = compare([1, 2, 3, 4], [2, 4, 6, 8], 3.5).view();
    // differences 1, 2, 3, 4; (1,2) both below, (4,8) both above, (2,4) and (3,6) split
    assert.deepEqual(view, {
      count: 4,
      skipped: 0,
      activeMean: 2.5,
      shadowMean: 5,
      meanAbsDiff: 2.5,
      rmsDiff: Math.sqrt(7.5),
      maxAbsDiff: 4,
      correlation: 1,
      agreement: { threshold: 3.5, rate: 0.5 },
    });
  });

  void it('sees an inverted shadow as correlation −1', () => {
    assert.equal(compare([1, 2, 3], [3, 2, 1]).view().correlation, -1);
  });

  void it('stays exact for large values close together (Welford, not sums of squares)', () => {
    const small = [1, 2, 3, 4, 6];
    const other = [1, 2, 3, 5, 5];
    const view = compare(
      small.map((v) => 1e9 + v),
      other.map((v) => 1e9 + v),
    ).view();
    assert.ok(Math.abs((view.correlation as number) - pearson(small, other)) < 1e-6); // naive sums of squares lose everything here
    assert.equal(view.meanAbsDiff, 0.4);
    assert.equal(view.maxAbsDiff, 1);
  });

  void it('counts a value at the threshold as below it', () => {
    assert.equal(compare([0.5, 0.6], [0.4, 0.5], 0.5).view().agreement?.rate, 0.5);
  });

  void it('has no correlation below two pairs or with a constant side', () => {
    assert.equal(compare([1], [2]).view().correlation, null);
    assert.equal(compare([1, 1, 1], [1, 2, 3]).view().correlation, null);
  });

  void it('skips pairs with a value that is not finite, and counts them', () => {
    const view = compare([1, Number.NaN, 3], [1, 2, Number.POSITIVE_INFINITY]).view();
    assert.deepEqual([view.count, view.skipped, view.maxAbsDiff], [1, 2, 0]);
  });

  void it('reports nothing before the first pair, and after reset', () => {
    const empty = {
      count: 0,
      skipped: 0,
      activeMean: null,
      shadowMean: null,
      meanAbsDiff: null,
      rmsDiff: null,
      maxAbsDiff: null,
      correlation: null,
      agreement: { threshold: 0.5, rate: null },
    };
    assert.deepEqual(new ShadowComparison(0.5).view(), empty);
    const comparison = compare([1, 2], [2, 1], 0.5);
    comparison.reset();
    assert.deepEqual(comparison.view(), empty);
    assert.equal(new ShadowComparison().view().agreement, null);
  });
});
