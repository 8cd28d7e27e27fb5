import type { FrequencyBand } from './frequency-band.js';
import { bandEnergies, validateBands } from './frequency-band.js';
import { dominantFrequencyHz } from './power-spectrum.js';

/** Longest spectrum accepted, in bins: bounds the work of one message. */
export const SPECTRUM_BIN_COUNT_MAX = 1 << 19;

/** An amplitude spectrum as a device sends it: bin k is at firstBinHz + k·binHz. */
export interface AmplitudeSpectrum {
  readonly amplitudes: Float64Array | readonly number[];
  readonly binHz: number;
  /** Default 0: the first bin is then DC, which is left out of every feature like a mean. */
  readonly firstBinHz?: number;
}

export interface SpectrumFeatureOptions {
  /**
   * 'peak': a sine of amplitude A reads A in its bin (the usual FFT display of analysers);
   * 'rms': it reads A/√2. Default 'peak'.
   */
  readonly amplitudeKind: 'peak' | 'rms';
  /**
   * Equivalent noise bandwidth of the device's window, in bins: 1 for rectangular, 1.5 for Hann,
   * 3.77 for flat-top. Summing the squared amplitudes over a line's leakage overstates its energy
   * by this factor, so energies are divided by it. Default 1 (no correction).
   */
  readonly enbwBins: number;
}

export const SPECTRUM_FEATURE_DEFAULTS: SpectrumFeatureOptions = { amplitudeKind: 'peak', enbwBins: 1 };

/** The features a spectrum can give: the time-domain shape (peak, kurtosis) is lost in it. */
export interface SpectrumFeatures {
  /** Overall RMS from the bins above DC, in the amplitude unit. */
  readonly rms: number;
  /** Energy per band in unit², comparable with waveformFeatures' band energies. */
  readonly bandEnergies: Record<string, number>;
  readonly dominantHz: number;
  readonly binCount: number;
}

function validateSpectrum(spectrum: AmplitudeSpectrum, options: SpectrumFeatureOptions): void {
  const { amplitudes, binHz, firstBinHz = 0 } = spectrum;
  if (!Number.isFinite(binHz) || binHz <= 0) {
    throw new Error(`vibration spectrum: binHz must be a finite number > 0, got ${binHz}`);
  }
  if (!Number.isFinite(firstBinHz) || firstBinHz < 0) {
    throw new Error(`vibration spectrum: firstBinHz must be a finite number >= 0, got ${firstBinHz}`);
  }
  if (!Number.isFinite(options.enbwBins) || options.enbwBins <= 0) {
    throw new Error(`vibration spectrum: enbwBins must be a finite number > 0, got ${options.enbwBins}`);
  }
  if (amplitudes.length === 0) throw new Error('vibration spectrum: no bins');
  if (amplitudes.length > SPECTRUM_BIN_COUNT_MAX) {
    throw new Error(`vibration spectrum: ${amplitudes.length} bins exceed the limit of ${SPECTRUM_BIN_COUNT_MAX}`);
  }
  for (let i = 0; i < amplitudes.length; i++) {
    const amplitude = amplitudes[i] ?? Number.NaN;
    if (!Number.isFinite(amplitude) || amplitude < 0) {
      throw new Error(`vibration spectrum: bin ${i} must be a finite amplitude >= 0`);
    }
  }
}

export function spectrumFeatures(
  spectrum: AmplitudeSpectrum,
  bands: readonly FrequencyBand[],
  options: Partial<SpectrumFeatureOptions> = {},
): SpectrumFeatures {
  const resolved: SpectrumFeatureOptions = { ...SPECTRUM_FEATURE_DEFAULTS, ...options };
  validateSpectrum(spectrum, resolved);
  validateBands(bands);
  const { amplitudes, binHz, firstBinHz = 0 } = spectrum;
  // Mean square of a line: A²/2 from its peak amplitude, A_rms² from its RMS amplitude.
  const squareToPower = (resolved.amplitudeKind === 'peak' ? 0.5 : 1) / resolved.enbwBins;
  const powerPerBin = new Float64Array(amplitudes.length);
  let total = 0;
  // A DC bin is the sensor offset, removed as waveformFeatures removes the mean.
  for (let k = firstBinHz > 0 ? 0 : 1; k < amplitudes.length; k++) {
    const amplitude = amplitudes[k] ?? 0;
    const power = amplitude * amplitude * squareToPower;
    powerPerBin[k] = power;
    total += power;
  }
  return {
    rms: Math.sqrt(total),
    bandEnergies: bandEnergies(powerPerBin, binHz, bands, firstBinHz),
    dominantHz: dominantFrequencyHz(powerPerBin, binHz, firstBinHz),
    binCount: amplitudes.length,
  };
}
