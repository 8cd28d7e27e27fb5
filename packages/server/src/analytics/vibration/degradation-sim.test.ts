import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BEARING_6205, bearingBands, bearingDefectFrequencies } from './bearing-bands.js';
import { BEARING_SIM_DEFAULTS, defectSeverity, waveformAt } from './degradation-sim.js';
import { waveformFeatures } from './waveform-features.js';

const SAMPLE_RATE_HZ = 20_000;
const SAMPLE_COUNT = 8_192;
const BANDS = bearingBands(BEARING_SIM_DEFAULTS.shaftHz, BEARING_6205);

void describe('defectSeverity', () => {
  void it('is 0 until the onset, grows exponentially, and is 1 at the end of life', () => {
    assert.equal(defectSeverity(0), 0);
    assert.equal(defectSeverity(BEARING_SIM_DEFAULTS.defectOnsetLife), 0);
    assert.equal(defectSeverity(1), 1);
    assert.equal(defectSeverity(1.5), 1);
    // (e^(8·0.6) − 1) / (e^(8·0.4) − 1) = 120.5 / 23.5: later growth is faster.
    const ratio = defectSeverity(0.9) / defectSeverity(0.7);
    assert.ok(Math.abs(ratio - Math.expm1(4.8) / Math.expm1(3.2)) < 1e-9);
  });
});

void describe('waveformAt', () => {
  void it('replays a seed exactly and differs between seeds', () => {
    assert.deepEqual(waveformAt(0.8, SAMPLE_RATE_HZ, 1_000, 5), waveformAt(0.8, SAMPLE_RATE_HZ, 1_000, 5));
    assert.notDeepEqual(waveformAt(0.8, SAMPLE_RATE_HZ, 1_000, 5), waveformAt(0.8, SAMPLE_RATE_HZ, 1_000, 6));
  });

  void it('is the same healthy machine at any point before the onset', () => {
    assert.deepEqual(waveformAt(0, SAMPLE_RATE_HZ, 1_000, 5), waveformAt(0.25, SAMPLE_RATE_HZ, 1_000, 5));
  });

  void it('drifts upward in RMS, kurtosis, BPFO band and high-frequency band as life goes on', () => {
    const lives = [0.3, 0.6, 0.7, 0.8, 0.9, 1];
    const seeds = [1, 2, 3, 4];
    const averaged = lives.map((life) => {
      const all = seeds.map((seed) =>
        waveformFeatures(waveformAt(life, SAMPLE_RATE_HZ, SAMPLE_COUNT, seed), SAMPLE_RATE_HZ, BANDS),
      );
      const mean = (pick: (features: (typeof all)[number]) => number): number =>
        all.reduce((sum, features) => sum + pick(features), 0) / all.length;
      return {
        rms: mean((features) => features.rms),
        kurtosis: mean((features) => features.kurtosis),
        bpfo: mean((features) => features.bandEnergies['bpfo'] ?? 0),
        highFrequency: mean((features) => features.bandEnergies['highFrequency'] ?? 0),
      };
    });
    for (const feature of ['rms', 'kurtosis', 'bpfo', 'highFrequency'] as const) {
      const series = averaged.map((features) => features[feature]);
      for (let i = 1; i < series.length; i++) {
        assert.ok((series[i] ?? 0) > (series[i - 1] ?? 0), `${feature} does not rise: ${series.join(', ')}`);
      }
    }
    const [healthy, failed] = [averaged[0], averaged[averaged.length - 1]];
    assert.ok(failed !== undefined && healthy !== undefined);
    assert.ok(failed.rms > 3 * healthy.rms && failed.kurtosis > 6 && failed.bpfo > 1_000 * healthy.bpfo);
  });

  void it('shows BPFO as the dominant line at the end of life', () => {
    const { bpfoHz } = bearingDefectFrequencies(BEARING_SIM_DEFAULTS.shaftHz, BEARING_6205);
    const features = waveformFeatures(waveformAt(1, SAMPLE_RATE_HZ, SAMPLE_COUNT, 9), SAMPLE_RATE_HZ, BANDS);
    assert.ok(Math.abs(features.dominantHz - bpfoHz) < 1, `${features.dominantHz} vs ${bpfoHz}`);
  });

  void it('refuses a sample rate that would alias the resonance, and bad sizes', () => {
    assert.throws(() => waveformAt(0.5, 5_000, 100, 1), /twice resonanceHz/);
    assert.throws(() => waveformAt(0.5, SAMPLE_RATE_HZ, 0, 1), /sampleCount/);
    assert.throws(() => waveformAt(Number.NaN, SAMPLE_RATE_HZ, 10, 1), /lifeFraction/);
    assert.throws(() => waveformAt(0.5, SAMPLE_RATE_HZ, 10, 1, { resonanceDampingRatio: 1 }), /DampingRatio/);
  });
});
