import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spectrumFeatures } from './spectrum-features.js';
import { waveformFeatures } from './waveform-features.js';

const BANDS = [
  { name: 'line', fromHz: 15, toHz: 25 },
  { name: 'rest', fromHz: 25, toHz: 100 },
];

function near(actual: number, expected: number, relative: number): void {
  assert.ok(
    Math.abs(actual - expected) <= relative * Math.abs(expected),
    `${actual} is not within ${relative} of ${expected}`,
  );
}

void describe('spectrumFeatures', () => {
  void it('reads a peak-amplitude line A as mean square A²/2, in its band only', () => {
    // Bins at 0, 10, 20, … Hz; a line of peak amplitude 2 at 20 Hz and an offset of 5 at DC.
    const features = spectrumFeatures({ amplitudes: [5, 0, 2, 0, 0, 0], binHz: 10 }, BANDS);
    assert.deepEqual(features, { rms: Math.SQRT2, bandEnergies: { line: 2, rest: 0 }, dominantHz: 20, binCount: 6 });
  });

  void it('reads an RMS-amplitude spectrum without the factor 1/2', () => {
    const features = spectrumFeatures({ amplitudes: [0, 0, Math.SQRT2], binHz: 10 }, BANDS, { amplitudeKind: 'rms' });
    near(features.bandEnergies['line'] ?? 0, 2, 1e-12);
  });

  void it('places bins from firstBinHz, where bin 0 is then not DC', () => {
    const features = spectrumFeatures({ amplitudes: [2, 0], binHz: 10, firstBinHz: 20 }, BANDS);
    assert.equal(features.bandEnergies['line'], 2);
    assert.equal(features.dominantHz, 20);
  });

  void it("agrees with waveformFeatures on a Hann analyser's spectrum once its ENBW (1.5 bins) is given", () => {
    // What an analyser sends: amplitude-corrected Hann spectrum 2·|X[k]|/Σw of 1024 samples.
    const sampleRateHz = 1_024;
    const samples = Float64Array.from({ length: 1_024 }, (_, n) => 3 * Math.sin((2 * Math.PI * 20.3 * n) / 1_024));
    const window = samples.map((_, n) => 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / (samples.length - 1)));
    const windowSum = window.reduce((sum, w) => sum + w, 0);
    const amplitudes = Array.from({ length: 513 }, (_, k) => {
      let [re, im] = [0, 0];
      samples.forEach((value, n) => {
        const angle = (-2 * Math.PI * k * n) / samples.length;
        re += value * (window[n] ?? 0) * Math.cos(angle);
        im += value * (window[n] ?? 0) * Math.sin(angle);
      });
      return (2 * Math.hypot(re, im)) / windowSum;
    });
    const fromSpectrum = spectrumFeatures({ amplitudes, binHz: 1 }, BANDS, { enbwBins: 1.5 });
    const fromWaveform = waveformFeatures(samples, sampleRateHz, BANDS);
    near(fromSpectrum.bandEnergies['line'] ?? 0, 4.5, 0.01);
    near(fromSpectrum.bandEnergies['line'] ?? 0, fromWaveform.bandEnergies['line'] ?? 0, 0.01);
    near(fromSpectrum.rms, fromWaveform.rms, 0.01);
    assert.ok(Math.abs(fromSpectrum.dominantHz - 20.3) < 0.1, `${fromSpectrum.dominantHz}`);
  });

  void it('throws a clear Error on bad input', () => {
    assert.throws(() => spectrumFeatures({ amplitudes: [], binHz: 1 }, []), /no bins/);
    assert.throws(() => spectrumFeatures({ amplitudes: [1], binHz: 0 }, []), /binHz/);
    assert.throws(() => spectrumFeatures({ amplitudes: [1], binHz: 1, firstBinHz: -1 }, []), /firstBinHz/);
    assert.throws(() => spectrumFeatures({ amplitudes: [1, -1], binHz: 1 }, []), /bin 1/);
    assert.throws(() => spectrumFeatures({ amplitudes: [1, Number.NaN], binHz: 1 }, []), /bin 1/);
    assert.throws(() => spectrumFeatures({ amplitudes: [1], binHz: 1 }, [], { enbwBins: 0 }), /enbwBins/);
  });
});
