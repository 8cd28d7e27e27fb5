import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SeasonalBaseline } from './seasonal-baseline.js';
import { gaussian, mulberry32 } from '../seeded-random.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const START_MS = Date.UTC(2024, 0, 1);

/** 20 °C at night, 25 °C mid-afternoon: 20 + 2.5·(1 − cos(2π(h − 3)/24)), lowest at 03:00, highest at 15:00. */
const profile = (timestampMs: number): number => {
  const hour = (timestampMs % DAY_MS) / HOUR_MS;
  return 22.5 - 2.5 * Math.cos((2 * Math.PI * (hour - 3)) / 24);
};

/** A baseline that has learned `days` days of the profile plus N(0, 0.2²) noise, one sample a minute. */
function learned(days: number, options: ConstructorParameters<typeof SeasonalBaseline>[0] = {}): SeasonalBaseline {
  const random = mulberry32(11);
  const baseline = new SeasonalBaseline(options);
  for (let timeMs = START_MS; timeMs < START_MS + days * DAY_MS; timeMs += MINUTE_MS) {
    baseline.observe(timeMs, profile(timeMs) + 0.2 * gaussian(random));
  }
  return baseline;
}

void describe('SeasonalBaseline', () => {
  void it('scores by time of day: 25 °C is normal at 14:00 but far out at 03:00 after a few days', () => {
    const baseline = learned(4);
    const afternoon = START_MS + 4 * DAY_MS + 14 * HOUR_MS;
    const night = START_MS + 4 * DAY_MS + 3 * HOUR_MS;
    assert.ok(Math.abs(baseline.zScore(afternoon, 24.9) ?? Infinity) < 2);
    assert.ok((baseline.zScore(night, 24.9) ?? 0) > 6);
    assert.ok(Math.abs(baseline.zScore(night, 20) ?? Infinity) < 2);
    assert.ok((baseline.zScore(afternoon, 20) ?? 0) < -6);
  });

  void it('interpolates between bucket centres, so the spread stays near the noise on a slope', () => {
    const baseline = learned(4);
    // 09:00 is the steepest part of the profile (0.65 °C per hour).
    const { expected, sigma, maturity } = baseline.expectationAt(START_MS + 4 * DAY_MS + 9 * HOUR_MS + 17 * MINUTE_MS);
    assert.ok(Math.abs(expected - profile(START_MS + 9 * HOUR_MS + 17 * MINUTE_MS)) < 0.06);
    assert.ok(sigma < 0.3, `sigma ${sigma}`);
    assert.equal(maturity, 1);
  });

  void it('works on the first day from the global baseline, before buckets have learned', () => {
    const baseline = learned(3 / 24);
    const timeMs = START_MS + 3 * HOUR_MS;
    const { maturity } = baseline.expectationAt(timeMs);
    assert.ok(maturity < 1);
    assert.ok(Math.abs(baseline.zScore(timeMs, profile(timeMs)) ?? Infinity) < 2);
    assert.ok((baseline.zScore(timeMs, profile(timeMs) + 3) ?? 0) > 6);
  });

  void it('gives no score during warm-up', () => {
    const baseline = new SeasonalBaseline({ warmupSamples: 30 });
    for (let i = 0; i < 29; i += 1) baseline.observe(START_MS + i * MINUTE_MS, 20 + (i % 3));
    assert.equal(baseline.zScore(START_MS + 29 * MINUTE_MS, 20), undefined);
  });

  void it('puts the bucket boundaries at local time with utcOffsetMinutes', () => {
    // 00:10 and 00:50 UTC share bucket 0 in UTC, but fall in buckets 0 and 1 at UTC+00:30.
    const utc = new SeasonalBaseline({ bucketWarmupSamples: 1 });
    const local = new SeasonalBaseline({ bucketWarmupSamples: 1, utcOffsetMinutes: 30 });
    for (const baseline of [utc, local]) {
      baseline.observe(START_MS + 10 * MINUTE_MS, 10);
      baseline.observe(START_MS + 50 * MINUTE_MS, 20);
    }
    // At the centre of each one's bucket 0 (00:30 local time):
    assert.equal(utc.expectationAt(START_MS + 30 * MINUTE_MS).expected, 15);
    assert.equal(local.expectationAt(START_MS).expected, 10);
  });

  void it('re-anchors every bucket after a level shift and refines the new level from the next samples', () => {
    const baseline = learned(3);
    const timeMs = START_MS + 3 * DAY_MS + 15 * HOUR_MS;
    const before = baseline.expectationAt(timeMs).expected;
    baseline.reanchor(4.8, 3);
    const night = START_MS + 3 * DAY_MS + 3 * HOUR_MS;
    assert.ok(Math.abs(baseline.expectationAt(night).expected - (profile(night) + 4.8)) < 0.1);
    // The true shift was 5: sixty samples at the new level pull the estimate there.
    for (let i = 0; i < 60; i += 1) baseline.observe(timeMs + i * MINUTE_MS, profile(timeMs + i * MINUTE_MS) + 5);
    assert.ok(Math.abs(baseline.expectationAt(timeMs).expected - before - 5) < 0.05);
  });
});
