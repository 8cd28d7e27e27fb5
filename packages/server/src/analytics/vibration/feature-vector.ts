import type { SpectrumFeatures } from './spectrum-features.js';
import type { WaveformFeatures } from './waveform-features.js';

/** Prefix of band energies in a feature vector: band "bpfo" becomes "band.bpfo". */
export const BAND_FEATURE_PREFIX = 'band.';

/**
 * Flattens features into the name → value vector that HealthIndex compares with its baseline.
 * dominantHz and the counts are left out: they describe the signal, not its severity.
 */
export function featureVector(features: WaveformFeatures | SpectrumFeatures): Record<string, number> {
  const vector: Record<string, number> = { rms: features.rms };
  if ('kurtosis' in features) {
    vector['peak'] = features.peak;
    vector['crestFactor'] = features.crestFactor;
    vector['kurtosis'] = features.kurtosis;
  }
  for (const [band, energy] of Object.entries(features.bandEnergies)) vector[BAND_FEATURE_PREFIX + band] = energy;
  return vector;
}
