import FFT from 'fft.js';

/** fft.js needs a power of two of at least 4 (its radix-4 kernel). */
const FFT_SIZE_MIN = 4;

/** One-sided power spectrum: bin k is at k·binHz, 0 <= k <= fftSize/2, in signal unit². */
export interface PowerSpectrum {
  readonly powerPerBin: Float64Array;
  readonly binHz: number;
  readonly fftSize: number;
}

export function fftSizeFor(sampleCount: number): number {
  let size = FFT_SIZE_MIN;
  while (size < sampleCount) size *= 2;
  return size;
}

/**
 * Hann-windowed, zero-padded power spectrum of a (mean-removed) signal.
 *
 * Normalisation: P[k] = c·|X[k]|² / (fftSize · Σw²), with c = 2 for the bins that stand for a
 * positive and a negative frequency (all but DC and Nyquist). By Parseval, Σ_k P[k] = Σ(x·w)²/Σw²,
 * the window-weighted mean square of x, so a band's energy reads in signal unit² and a sine of
 * amplitude A puts ≈ A²/2 (its mean square) into a band that holds its main lobe (±2·fs/L Hz for
 * L samples). Dividing by Σw² rather than (Σw)² is the "energy" correction of a window; the
 * "amplitude" correction would instead make a single peak bin read A²/2 and overstate band sums.
 */
export function powerSpectrum(signal: Float64Array, sampleRateHz: number): PowerSpectrum {
  const sampleCount = signal.length;
  const fftSize = fftSizeFor(sampleCount);
  const windowed = new Float64Array(fftSize); // zero-padded tail
  let windowEnergy = 0;
  for (let n = 0; n < sampleCount; n++) {
    // Symmetric Hann over the real samples only (not the padding); a lone sample gets weight 1.
    const weight = sampleCount === 1 ? 1 : 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / (sampleCount - 1));
    windowed[n] = (signal[n] ?? 0) * weight;
    windowEnergy += weight * weight;
  }
  const fft = new FFT(fftSize);
  const complex = new Float64Array(2 * fftSize);
  // realTransform fills bins 0..fftSize/2 (interleaved re, im), the one-sided half we need; the
  // upper half is left unspecified (fft.js issue #25), so it is never read.
  fft.realTransform(complex, windowed);
  const half = fftSize / 2;
  const powerPerBin = new Float64Array(half + 1);
  const scale = 1 / (fftSize * windowEnergy);
  for (let k = 0; k <= half; k++) {
    const re = complex[2 * k] ?? 0;
    const im = complex[2 * k + 1] ?? 0;
    const twoSided = k === 0 || k === half ? 1 : 2;
    powerPerBin[k] = twoSided * (re * re + im * im) * scale;
  }
  return { powerPerBin, binHz: sampleRateHz / fftSize, fftSize };
}

/**
 * Frequency of the strongest bin above DC, refined by a parabola through the log power of it and
 * its neighbours (exact for a Gaussian peak, within a few hundredths of a bin for Hann).
 */
export function dominantFrequencyHz(powerPerBin: Float64Array, binHz: number, firstBinHz = 0): number {
  let best = -1;
  let bestPower = 0;
  const firstAboveDc = firstBinHz > 0 ? 0 : 1;
  for (let k = firstAboveDc; k < powerPerBin.length; k++) {
    const power = powerPerBin[k] ?? 0;
    if (power > bestPower) {
      bestPower = power;
      best = k;
    }
  }
  if (best < 0) return 0; // no power above DC: a constant signal has no dominant frequency
  const left = powerPerBin[best - 1] ?? 0;
  const right = powerPerBin[best + 1] ?? 0;
  let offset = 0;
  if (left > 0 && right > 0) {
    const [a, b, c] = [Math.log(left), Math.log(bestPower), Math.log(right)];
    const curvature = a - 2 * b + c;
    if (curvature < 0) offset = Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / curvature));
  }
  return firstBinHz + (best + offset) * binHz;
}
