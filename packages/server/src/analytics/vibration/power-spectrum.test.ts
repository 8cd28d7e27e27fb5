import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dominantFrequencyHz, fftSizeFor, powerSpectrum } from './power-spectrum.js';
import { mulberry32 } from './seeded-random.js';

/** Straightforward O(N²) DFT power, the reference fft.js must agree with. */
function naivePower(signal: Float64Array, fftSize: number, k: number): number {
  let [re, im] = [0, 0];
  for (let n = 0; n < signal.length; n++) {
    const angle = (-2 * Math.PI * k * n) / fftSize;
    re += (signal[n] ?? 0) * Math.cos(angle);
    im += (signal[n] ?? 0) * Math.sin(angle);
  }
  return re * re + im * im;
}

function hann(length: number): Float64Array {
  return Float64Array.from({ length }, (_, n) => 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / (length - 1)));
}

void describe('fftSizeFor', () => {
  void it('is the next power of two, at least 4 (the smallest size fft.js accepts)', () => {
    assert.deepEqual([1, 3, 4, 5, 1000, 1024, 1025].map(fftSizeFor), [4, 4, 4, 8, 1024, 1024, 2048]);
  });
});

void describe('powerSpectrum', () => {
  const random = mulberry32(42);
  const signal = Float64Array.from({ length: 100 }, () => random.normal());

  void it('agrees with a plain DFT on every one-sided bin, Nyquist included (fft.js issue #25)', () => {
    const { powerPerBin, fftSize, binHz } = powerSpectrum(signal, 1000);
    assert.equal(fftSize, 128);
    assert.equal(binHz, 1000 / 128);
    const window = hann(signal.length);
    const windowed = signal.map((value, n) => value * (window[n] ?? 0));
    const windowEnergy = window.reduce((sum, w) => sum + w * w, 0);
    for (let k = 0; k <= fftSize / 2; k++) {
      const twoSided = k === 0 || k === fftSize / 2 ? 1 : 2;
      const expected = (twoSided * naivePower(windowed, fftSize, k)) / (fftSize * windowEnergy);
      assert.ok(Math.abs((powerPerBin[k] ?? 0) - expected) < 1e-12 * (1 + expected), `bin ${k}`);
    }
  });

  void it('sums to the window-weighted mean square (Parseval), whatever the zero padding', () => {
    const window = hann(signal.length);
    const weighted = signal.reduce((sum, value, n) => sum + (value * (window[n] ?? 0)) ** 2, 0);
    const expected = weighted / window.reduce((sum, w) => sum + w * w, 0);
    const total = powerSpectrum(signal, 1000).powerPerBin.reduce((sum, power) => sum + power, 0);
    assert.ok(Math.abs(total - expected) < 1e-12, `${total} vs ${expected}`);
  });

  void it('accepts a single sample (padded to the minimum size)', () => {
    const { powerPerBin } = powerSpectrum(Float64Array.of(2), 10);
    assert.equal(powerPerBin.length, 3);
  });
});

void describe('dominantFrequencyHz', () => {
  void it('interpolates between bins', () => {
    // Bin spacing 10 Hz; a tone at 123.4 Hz lies between bins 12 and 13.
    const sampleRateHz = 10_240;
    const tone = Float64Array.from({ length: 1024 }, (_, n) => Math.sin((2 * Math.PI * 123.4 * n) / sampleRateHz));
    const { powerPerBin, binHz } = powerSpectrum(tone, sampleRateHz);
    assert.ok(Math.abs(dominantFrequencyHz(powerPerBin, binHz) - 123.4) < 0.5);
  });

  void it('is 0 when there is no power above DC', () => {
    assert.equal(dominantFrequencyHz(Float64Array.of(5, 0, 0), 1), 0);
  });
});
