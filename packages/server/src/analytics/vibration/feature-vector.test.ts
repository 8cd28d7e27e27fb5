import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { featureVector } from './feature-vector.js';

void describe('featureVector', () => {
  void it('flattens waveform features, prefixing band energies and leaving out descriptions', () => {
    const vector = featureVector({
      rms: 1,
      peak: 3,
      crestFactor: 3,
      kurtosis: 4,
      bandEnergies: { bpfo: 0.5, highFrequency: 0.1 },
      dominantHz: 107,
      sampleCount: 4096,
    });
    assert.deepEqual(vector, {
      rms: 1,
      peak: 3,
      crestFactor: 3,
      kurtosis: 4,
      'band.bpfo': 0.5,
      'band.highFrequency': 0.1,
    });
  });

  void it('flattens spectrum features, which have no time-domain shape', () => {
    const vector = featureVector({ rms: 2, bandEnergies: { bpfo: 1 }, dominantHz: 107, binCount: 512 });
    assert.deepEqual(vector, { rms: 2, 'band.bpfo': 1 });
  });
});
