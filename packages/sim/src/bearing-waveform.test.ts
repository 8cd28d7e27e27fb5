import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BEARING_SIM_DEFAULTS, defectSeverity, waveformAt } from './bearing-waveform.js';

const SAMPLE_RATE_HZ = 20_000;
const SAMPLE_COUNT = 8_192;

/** RMS and Pearson kurtosis of the mean-removed samples (the platform computes more, in analytics/vibration). */
function moments(samples: Float64Array): { rms: number; kurtosis: number } {
  const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
  let [m2, m4] = [0, 0];
  for (const value of samples) {
    const square = (value - mean) ** 2;
    m2 += square / samples.length;
    m4 += (square * square) / samples.length;
  }
  return { rms: Math.sqrt(m2), kurtosis: m4 / (m2 * m2) };
}

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

  void it('rises in RMS and kurtosis as life goes on (impacts ringing the resonance)', () => {
    const lives = [0.3, 0.6, 0.7, 0.8, 0.9, 1];
    const seeds = [1, 2, 3, 4];
    const averaged = lives.map((life) => {
      const all = seeds.map((seed) => moments(waveformAt(life, SAMPLE_RATE_HZ, SAMPLE_COUNT, seed)));
      return {
        rms: all.reduce((sum, m) => sum + m.rms, 0) / all.length,
        kurtosis: all.reduce((sum, m) => sum + m.kurtosis, 0) / all.length,
      };
    });
    for (const feature of ['rms', 'kurtosis'] as const) {
      const series = averaged.map((features) => features[feature]);
      for (let i = 1; i < series.length; i++) {
        assert.ok((series[i] ?? 0) > (series[i - 1] ?? 0), `${feature} does not rise: ${series.join(', ')}`);
      }
    }
    const [healthy, failed] = [averaged[0], averaged[averaged.length - 1]];
    assert.ok(failed !== undefined && healthy !== undefined);
    assert.ok(failed.rms > 3 * healthy.rms && failed.kurtosis > 6, JSON.stringify({ healthy, failed }));
  });

  void it('refuses a sample rate that would alias the resonance, and bad sizes', () => {
    assert.throws(() => waveformAt(0.5, 5_000, 100, 1), /twice resonanceHz/);
    assert.throws(() => waveformAt(0.5, SAMPLE_RATE_HZ, 0, 1), /sampleCount/);
    assert.throws(() => waveformAt(Number.NaN, SAMPLE_RATE_HZ, 10, 1), /lifeFraction/);
    assert.throws(() => waveformAt(0.5, SAMPLE_RATE_HZ, 10, 1, { resonanceDampingRatio: 1 }), /DampingRatio/);
  });
});
