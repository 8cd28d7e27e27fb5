import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BEARING_6205, BEARING_SIM_DEFAULTS, waveformAt } from '@doppel/sim';
import { bearingBands } from './bearing-bands.js';
import { featureVector } from './feature-vector.js';
import { HealthIndex } from './health-index.js';
import { waveformFeatures } from './waveform-features.js';

const SAMPLE_RATE_HZ = 20_000;
const BANDS = bearingBands(BEARING_SIM_DEFAULTS.shaftHz, BEARING_6205);
const MINUTE_MS = 60_000;

function simFeatures(life: number, seed: number): Record<string, number> {
  return featureVector(waveformFeatures(waveformAt(life, SAMPLE_RATE_HZ, 4_096, seed), SAMPLE_RATE_HZ, BANDS));
}

/** A HealthIndex that learned 30 healthy waveforms of the simulated bearing. */
function learnedOnHealthySim(): HealthIndex {
  const index = new HealthIndex();
  for (let i = 0; i < 30; i++) assert.equal(index.observe(i * MINUTE_MS, simFeatures(0.1, 1_000 + i)), null);
  assert.ok(index.baselineComplete);
  return index;
}

void describe('HealthIndex on the simulated bearing', () => {
  void it('returns null while learning, then stays at about 1 on healthy data', () => {
    const index = learnedOnHealthySim();
    const healths = Array.from({ length: 60 }, (_, i) => index.observe((30 + i) * MINUTE_MS, simFeatures(0.2, i)));
    assert.ok(
      healths.every((health) => health !== null && health >= 0.95),
      healths.join(', '),
    );
    const mean = healths.reduce((sum: number, health) => sum + (health ?? 0), 0) / healths.length;
    assert.ok(mean >= 0.99, `mean ${mean}`);
  });

  void it('falls as the defect grows, to below 0.2 at the end of life', () => {
    const index = learnedOnHealthySim();
    const lives = [0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
    const healths = lives.map((life) => {
      const seeds = [1, 2, 3];
      const sum = seeds.reduce((total, seed) => total + (index.observe(0, simFeatures(life, seed)) ?? 1), 0);
      return sum / seeds.length;
    });
    for (let i = 1; i < healths.length; i++) {
      assert.ok((healths[i] ?? 1) <= (healths[i - 1] ?? 0), `not falling: ${healths.join(', ')}`);
    }
    assert.ok((healths[0] ?? 0) > 0.99 && (healths[3] ?? 1) < 0.9 && (healths[6] ?? 1) < 0.2, healths.join(', '));
  });
});

void describe('HealthIndex arithmetic', () => {
  // Constant baseline: spread 0, so with noiseSigmas 0 a ratio r gives severity ln r / ln 10.
  function learned(features: Record<string, number>, options = {}): HealthIndex {
    const index = new HealthIndex({ baselineCount: 3, noiseSigmas: 0, ...options });
    for (let i = 0; i < 3; i++) index.observe(i, features);
    return index;
  }

  void it('maps a feature at its failure ratio to healthAtFailure (0.2)', () => {
    const index = learned({ rms: 1 });
    assert.ok(Math.abs((index.observe(10, { rms: 10 }) ?? 0) - 0.2) < 1e-9);
    assert.ok(Math.abs((index.observe(11, { rms: Math.sqrt(10) }) ?? 0) - Math.sqrt(0.2)) < 1e-9);
  });

  void it('combines severities as a weighted quadratic mean and ignores falling features', () => {
    const index = learned({ a: 1, b: 1 });
    assert.ok(Math.abs((index.observe(10, { a: 10, b: 1 }) ?? 0) - 0.2 ** Math.SQRT1_2) < 1e-9);
    assert.equal(index.observe(11, { a: 0.1, b: 0.5 }), 1);
    const weighted = learned({ a: 1, b: 1 }, { features: { a: { weight: 3 }, b: { weight: 1, failureRatio: 100 } } });
    // severities a = 1, b = ln 10 / ln 100 = 0.5: d = √((3·1 + 1·0.25) / 4)
    assert.ok(Math.abs((weighted.observe(10, { a: 10, b: 10 }) ?? 0) - 0.2 ** Math.sqrt(3.25 / 4)) < 1e-9);
  });

  void it('uses only the selected features and those seen in the baseline', () => {
    const index = learned({ a: 1, b: 1 }, { features: { a: {} } });
    assert.equal(index.observe(10, { a: 1, b: 1_000, c: 1_000 }), 1);
    assert.throws(() => index.observe(11, { b: 1 }), /no weighted feature in common/);
  });

  void it('throws on bad features and options', () => {
    const index = learned({ rms: 1 });
    assert.throws(() => index.observe(10, { rms: -1 }), /"rms" must be finite and >= 0/);
    assert.throws(() => index.observe(10, { rms: Number.NaN }), /"rms"/);
    assert.throws(() => index.observe(Number.NaN, { rms: 1 }), /timestampMs/);
    assert.throws(() => new HealthIndex({ baselineCount: 1 }), /baselineCount/);
    assert.throws(() => new HealthIndex({ healthAtFailure: 1 }), /healthAtFailure/);
    assert.throws(() => new HealthIndex({ features: { rms: { failureRatio: 1 } } }), /failureRatio/);
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`f${i}`, 1]));
    assert.throws(() => new HealthIndex().observe(0, many), /more than 64 features/);
  });
});

void describe('HealthIndex state', () => {
  void it('survives a JSON round trip, learned or half-learned', () => {
    const original = new HealthIndex({ baselineCount: 4 });
    original.observe(1_000, { rms: 1, kurtosis: 3 });
    original.observe(2_000, { rms: 1.1, kurtosis: 3.2 });
    const halfway = new HealthIndex({ baselineCount: 4 }, JSON.parse(JSON.stringify(original.exportState())));
    for (const index of [original, halfway]) {
      index.observe(3_000, { rms: 0.9, kurtosis: 2.9 });
      index.observe(4_000, { rms: 1, kurtosis: 3.1 });
    }
    assert.deepEqual(halfway.exportState(), original.exportState());
    assert.deepEqual(original.exportState().baselineFromMs, 1_000);
    assert.deepEqual(original.exportState().baselineToMs, 4_000);
    const restored = new HealthIndex({ baselineCount: 4 }, JSON.parse(JSON.stringify(original.exportState())));
    assert.equal(restored.observe(5_000, { rms: 5, kurtosis: 8 }), original.observe(5_000, { rms: 5, kurtosis: 8 }));
  });

  void it('rejects a state that is not one', () => {
    assert.throws(() => new HealthIndex({}, { version: 2 }), /version: 1/);
    assert.throws(() => new HealthIndex({}, { version: 1, learnedCount: -1 }), /learnedCount/);
    const state = { version: 1, learnedCount: 2, baselineFromMs: 0, baselineToMs: 1 };
    assert.throws(() => new HealthIndex({}, { ...state, features: [] }), /features must be an object/);
    const feature = { count: 3, meanLog: 0, m2Log: 0 };
    assert.throws(() => new HealthIndex({}, { ...state, features: { rms: feature } }), /"rms" needs count/);
  });
});
