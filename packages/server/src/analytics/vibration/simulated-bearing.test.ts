// The features of analytics/vibration on @doppel/sim's degrading bearing (bearing-waveform.ts):
// what the platform's bearing monitors will see of a simulated device's wear.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BEARING_6205, BEARING_SIM_DEFAULTS, bearingDefectFrequencies, waveformAt } from '@doppel/sim';
import { bearingBands } from './bearing-bands.js';
import { waveformFeatures } from './waveform-features.js';

const SAMPLE_RATE_HZ = 20_000;
const SAMPLE_COUNT = 8_192;
const BANDS = bearingBands(BEARING_SIM_DEFAULTS.shaftHz, BEARING_6205);

void describe('waveform features of the simulated bearing', () => {
  void it('drift upward in RMS, kurtosis, BPFO band and high-frequency band as life goes on', () => {
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

  void it('show BPFO as the dominant line at the end of life', () => {
    const { bpfoHz } = bearingDefectFrequencies(BEARING_SIM_DEFAULTS.shaftHz, BEARING_6205);
    const features = waveformFeatures(waveformAt(1, SAMPLE_RATE_HZ, SAMPLE_COUNT, 9), SAMPLE_RATE_HZ, BANDS);
    assert.ok(Math.abs(features.dominantHz - bpfoHz) < 1, `${features.dominantHz} vs ${bpfoHz}`);
  });
});
