import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { binIndex, nextDown, quantileEdges } from './quantile-bins.js';

const sorted = (values: number[]): Float64Array => Float64Array.from(values).sort();

void describe('quantileEdges', () => {
  void it('cuts 1…100 into deciles at sample values', () => {
    const oneToHundred = sorted(Array.from({ length: 100 }, (_, i) => i + 1));
    assert.deepEqual(quantileEdges(oneToHundred, 10), Float64Array.of(10, 20, 30, 40, 50, 60, 70, 80, 90));
    assert.deepEqual(quantileEdges(oneToHundred, 2), Float64Array.of(50));
  });

  void it('finds the exact position where floating point would not (0.3 × 20 = 6.000000000000001)', () => {
    const oneToTwenty = sorted(Array.from({ length: 20 }, (_, i) => i + 1));
    assert.deepEqual(quantileEdges(oneToTwenty, 10), Float64Array.of(2, 4, 6, 8, 10, 12, 14, 16, 18));
  });

  void it('collapses equal edges of discrete data and drops an edge at the maximum', () => {
    const values = [...Array<number>(50).fill(0), ...Array<number>(30).fill(1), ...Array<number>(20).fill(2)];
    assert.deepEqual(quantileEdges(sorted(values), 10), Float64Array.of(0, 1));
  });

  void it('keeps two bins when one value dominates, splitting below the maximum', () => {
    const values = [...Array<number>(5).fill(0), ...Array<number>(95).fill(1)];
    assert.deepEqual(quantileEdges(sorted(values), 10), Float64Array.of(0));
  });

  void it('brackets a constant sample: below, at and above', () => {
    assert.deepEqual(quantileEdges(sorted(Array<number>(30).fill(7)), 10), Float64Array.of(nextDown(7), 7));
  });
});

void describe('binIndex', () => {
  const edges = Float64Array.of(10, 20, 30);

  void it('counts the edges below a value: bins are closed above, the outer ones open', () => {
    assert.deepEqual(
      [-1e300, 10, 10.5, 20, 29.9, 30, 30.1, 1e300].map((value) => binIndex(edges, value)),
      [0, 0, 1, 1, 2, 2, 3, 3],
    );
  });
});

void describe('nextDown', () => {
  void it('steps one unit in the last place towards −∞', () => {
    assert.equal(nextDown(1), 1 - 2 ** -53);
    assert.equal(nextDown(-1), -1 - 2 ** -52);
    assert.equal(nextDown(0), -Number.MIN_VALUE);
    assert.ok(nextDown(7) < 7 && binIndex(Float64Array.of(nextDown(7)), 7) === 1);
  });
});
