import { WAVEFORM_SAMPLE_COUNT_MAX } from '@doppel/protocol';
import type { FrequencyBand } from './frequency-band.js';
import { bandEnergies, validateBands } from './frequency-band.js';
import { dominantFrequencyHz, powerSpectrum } from './power-spectrum.js';

/** An RMS below this fraction of the mean is rounding noise (float64 has ~16 digits). */
const CONSTANT_RELATIVE_RMS = 1e-12;

/** Time- and frequency-domain features of one waveform, in the unit of the samples (e.g. m/s²). */
export interface WaveformFeatures {
  /** Root mean square of the mean-removed signal. */
  readonly rms: number;
  /** Largest absolute deviation from the mean. */
  readonly peak: number;
  /** peak / rms; √2 for a sine. 0 for a constant signal, so that every field stays finite. */
  readonly crestFactor: number;
  /** Pearson (non-excess) kurtosis m4/m2²: 3 for Gaussian noise, 1.5 for a sine; 0 if constant. */
  readonly kurtosis: number;
  /** Energy per band in unit² (see powerSpectrum for the normalisation). */
  readonly bandEnergies: Record<string, number>;
  /** Frequency of the strongest spectral line above DC; 0 for a constant signal. */
  readonly dominantHz: number;
  readonly sampleCount: number;
}

/** Throws an Error with a message fit for a catalog error when the input cannot be analysed. */
function validateWaveform(samples: Float64Array | readonly number[], sampleRateHz: number): void {
  if (!Number.isFinite(sampleRateHz) || sampleRateHz <= 0) {
    throw new Error(`vibration waveform: sampleRateHz must be a finite number > 0, got ${sampleRateHz}`);
  }
  if (samples.length === 0) throw new Error('vibration waveform: no samples');
  if (samples.length > WAVEFORM_SAMPLE_COUNT_MAX) {
    throw new Error(`vibration waveform: ${samples.length} samples exceed the limit of ${WAVEFORM_SAMPLE_COUNT_MAX}`);
  }
  for (let i = 0; i < samples.length; i++) {
    if (!Number.isFinite(samples[i])) throw new Error(`vibration waveform: sample ${i} is not a finite number`);
  }
}

export function waveformFeatures(
  samples: Float64Array | readonly number[],
  sampleRateHz: number,
  bands: readonly FrequencyBand[],
): WaveformFeatures {
  validateWaveform(samples, sampleRateHz);
  validateBands(bands);
  const sampleCount = samples.length;
  let sum = 0;
  for (let i = 0; i < sampleCount; i++) sum += samples[i] ?? 0;
  const mean = sum / sampleCount;
  // The mean is a sensor offset (or gravity on an accelerometer), not vibration.
  const centred = new Float64Array(sampleCount);
  let peak = 0;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < sampleCount; i++) {
    const value = (samples[i] ?? 0) - mean;
    centred[i] = value;
    const square = value * value;
    m2 += square;
    m4 += square * square;
    peak = Math.max(peak, Math.abs(value));
  }
  m2 /= sampleCount;
  m4 /= sampleCount;
  // Rounding of the mean leaves ~1e-17 of "vibration" on a constant signal: call that none.
  if (Math.sqrt(m2) <= CONSTANT_RELATIVE_RMS * Math.abs(mean)) {
    centred.fill(0);
    [peak, m2, m4] = [0, 0, 0];
  }
  const rms = Math.sqrt(m2);
  const spectrum = powerSpectrum(centred, sampleRateHz);
  return {
    rms,
    peak,
    crestFactor: m2 > 0 ? peak / rms : 0,
    kurtosis: m2 > 0 ? m4 / (m2 * m2) : 0,
    bandEnergies: bandEnergies(spectrum.powerPerBin, spectrum.binHz, bands),
    dominantHz: dominantFrequencyHz(spectrum.powerPerBin, spectrum.binHz),
    sampleCount,
  };
}
