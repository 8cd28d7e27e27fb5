import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RobustBaseline } from './robust-baseline.js';
import { gaussian, mulberry32 } from '../seeded-random.js';

/** A baseline that has learned `count` samples of N(mean, sigma²). */
function learned(count: number, mean: number, sigma: number): RobustBaseline {
  const random = mulberry32(7);
  const baseline = new RobustBaseline();
  for (let i = 0; i < count; i += 1) baseline.observe(mean + sigma * gaussian(random));
  return baseline;
}

void describe('RobustBaseline', () => {
  void it('gives no score before warmupSamples samples', () => {
    const baseline = new RobustBaseline({ warmupSamples: 30 });
    for (let i = 0; i < 29; i += 1) baseline.observe(i % 2);
    assert.equal(baseline.zScore(0.5), undefined);
    baseline.observe(0);
    assert.equal(typeof baseline.zScore(0.5), 'number');
  });

  void it('scores normal samples near zero and an outlier far out', () => {
    const baseline = learned(500, 10, 1);
    assert.ok(Math.abs(baseline.mean - 10) < 0.3, `mean ${baseline.mean}`);
    assert.ok(Math.abs(baseline.sigma - 1) < 0.25, `sigma ${baseline.sigma}`);
    assert.ok(Math.abs(baseline.zScore(10.5) ?? Infinity) < 1);
    assert.ok(Math.abs(baseline.zScore(8.8) ?? Infinity) < 2);
    const outlier = baseline.zScore(20) ?? 0;
    assert.ok(outlier > 7 && outlier < 13, `z ${outlier}`);
    assert.ok((baseline.zScore(0) ?? 0) < -7);
  });

  void it('lets one huge outlier move neither the mean nor the spread much (winsorised)', () => {
    const baseline = learned(500, 10, 1);
    const { mean, sigma } = baseline;
    baseline.observe(1_000);
    assert.ok(baseline.sigma / sigma < 1.1, `spread grew ${baseline.sigma / sigma}×`);
    assert.ok(Math.abs(baseline.mean - mean) < 0.1 * sigma, `mean moved ${baseline.mean - mean}`);
    // Without clipping, the same sample would have multiplied the spread by ~25.
    const unclipped = learned(500, 10, 1);
    const before = unclipped.sigma;
    unclipped.observe(1_000, unclipped.mean, Infinity);
    assert.ok(unclipped.sigma / before > 10);
  });

  void it('keeps a finite z on a constant series (spread floor relative to the mean)', () => {
    const constant = new RobustBaseline();
    for (let i = 0; i < 100; i += 1) constant.observe(20);
    assert.equal(constant.zScore(20), 0);
    // Floor: 1e-3 × |20| ⇒ σ ≈ 0.025, so a 0.1 step is ~4σ and a 1.0 step ~40σ.
    assert.ok(Math.abs((constant.zScore(20.1) ?? 0) - 3.99) < 0.05);
    assert.ok((constant.zScore(21) ?? 0) > 30);
    const zero = new RobustBaseline();
    for (let i = 0; i < 100; i += 1) zero.observe(0);
    assert.ok(Number.isFinite(zero.zScore(1)));
  });

  void it('follows a lasting change at its own pace, and shift() re-anchors at once', () => {
    const baseline = learned(300, 0, 1);
    for (let i = 0; i < 300; i += 1) baseline.observe(5);
    assert.ok(baseline.mean > 4.5, `mean ${baseline.mean}`);
    baseline.shift(-5);
    assert.ok(Math.abs(baseline.mean) < 0.5);
  });
});
