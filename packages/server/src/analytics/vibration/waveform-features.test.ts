import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WAVEFORM_SAMPLE_COUNT_MAX } from '@doppel/protocol';
import { mulberry32 } from './seeded-random.js';
import { waveformFeatures } from './waveform-features.js';

const SAMPLE_RATE_HZ = 5_000;
const AMPLITUDE = 2;
const TONE_HZ = 47.3; // not a whole number of cycles in the window, nor on a bin
const BANDS = [
  { name: 'low', fromHz: 0, toHz: 30 },
  { name: 'tone', fromHz: 40, toHz: 60 },
  { name: 'high', fromHz: 100, toHz: 2_500 },
];

const sine = Float64Array.from(
  { length: 5_000 },
  (_, n) => Math.sin((2 * Math.PI * TONE_HZ * n) / SAMPLE_RATE_HZ) * AMPLITUDE,
);

function near(actual: number, expected: number, relative: number): void {
  assert.ok(
    Math.abs(actual - expected) <= relative * Math.abs(expected),
    `${actual} is not within ${relative} of ${expected}`,
  );
}

void describe('waveformFeatures of a sine', () => {
  const features = waveformFeatures(sine, SAMPLE_RATE_HZ, BANDS);

  void it('has RMS A/√2, crest factor √2 and kurtosis 1.5', () => {
    near(features.rms, AMPLITUDE / Math.SQRT2, 0.01);
    near(features.peak, AMPLITUDE, 0.01);
    near(features.crestFactor, Math.SQRT2, 0.01);
    near(features.kurtosis, 1.5, 0.01);
    assert.equal(features.sampleCount, 5_000);
  });

  void it('puts its mean square A²/2 into its band and next to nothing elsewhere', () => {
    const meanSquare = (AMPLITUDE * AMPLITUDE) / 2;
    near(features.bandEnergies['tone'] ?? 0, meanSquare, 0.01);
    // Hann side lobes leak ~4e-5 of the energy 17 Hz away (the "low" band); allow 1e-3.
    assert.ok((features.bandEnergies['low'] ?? 1) < 1e-3 * meanSquare, `low ${features.bandEnergies['low']}`);
    assert.ok((features.bandEnergies['high'] ?? 1) < 1e-3 * meanSquare, `high ${features.bandEnergies['high']}`);
  });

  void it('finds the dominant frequency between bins', () => {
    assert.ok(Math.abs(features.dominantHz - TONE_HZ) < 0.1, `${features.dominantHz}`);
  });

  void it('ignores an offset: the mean is removed first', () => {
    const lifted = waveformFeatures(
      sine.map((value) => value + 10),
      SAMPLE_RATE_HZ,
      BANDS,
    );
    near(lifted.rms, features.rms, 1e-9);
    near(lifted.kurtosis, features.kurtosis, 1e-9);
    near(lifted.bandEnergies['tone'] ?? 0, features.bandEnergies['tone'] ?? 0, 1e-9);
  });
});

void describe('waveformFeatures of other signals', () => {
  void it('gives Gaussian noise a kurtosis of about 3 and band energies summing to its mean square', () => {
    const random = mulberry32(7);
    const noise = Array.from({ length: 20_000 }, () => 0.5 * random.normal());
    const wholeSpectrum = [{ name: 'all', fromHz: 0, toHz: SAMPLE_RATE_HZ }];
    const features = waveformFeatures(noise, SAMPLE_RATE_HZ, wholeSpectrum);
    near(features.kurtosis, 3, 0.05);
    near(features.rms, 0.5, 0.02);
    near(features.bandEnergies['all'] ?? 0, features.rms ** 2, 0.05);
  });

  void it('gives an impulse train a high kurtosis and crest factor', () => {
    const impulses = Array.from({ length: 1_000 }, (_, n) => (n % 100 === 0 ? 1 : 0));
    const features = waveformFeatures(impulses, SAMPLE_RATE_HZ, []);
    assert.ok(features.kurtosis > 50 && features.crestFactor > 8);
  });

  void it('reads a constant signal as no vibration, with every field finite', () => {
    const features = waveformFeatures([0.1, 0.1, 0.1, 0.1, 0.1], 100, BANDS);
    assert.deepEqual(
      { ...features, bandEnergies: { ...features.bandEnergies } },
      {
        rms: 0,
        peak: 0,
        crestFactor: 0,
        kurtosis: 0,
        bandEnergies: { low: 0, tone: 0, high: 0 },
        dominantHz: 0,
        sampleCount: 5,
      },
    );
  });
});

void describe('waveformFeatures input checks', () => {
  void it('throws a clear Error on bad input', () => {
    assert.throws(() => waveformFeatures([], 100, []), /no samples/);
    assert.throws(() => waveformFeatures([1, Number.NaN], 100, []), /sample 1 is not a finite number/);
    assert.throws(() => waveformFeatures([1, Number.POSITIVE_INFINITY], 100, []), /sample 1/);
    assert.throws(() => waveformFeatures([1, 2], 0, []), /sampleRateHz/);
    assert.throws(() => waveformFeatures([1, 2], -5, []), /sampleRateHz/);
    assert.throws(() => waveformFeatures([1, 2], Number.NaN, []), /sampleRateHz/);
    assert.throws(() => waveformFeatures([1, 2], 100, [{ name: 'x', fromHz: 5, toHz: 1 }]), /band "x"/);
    assert.throws(() => waveformFeatures(new Float64Array(WAVEFORM_SAMPLE_COUNT_MAX + 1), 100, []), /exceed the limit/);
  });
});
