import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bandEnergies, validateBands } from './frequency-band.js';

void describe('bandEnergies', () => {
  // Bins at 0, 10, 20, 30, 40 Hz holding 1, 2, 4, 8, 16.
  const power = Float64Array.of(1, 2, 4, 8, 16);

  void it('sums the bins in [fromHz, toHz): the lower edge is in, the upper edge out', () => {
    const energies = bandEnergies(power, 10, [
      { name: 'edges', fromHz: 10, toHz: 30 },
      { name: 'inside', fromHz: 5, toHz: 35 },
      { name: 'aboveLastBin', fromHz: 35, toHz: 1000 },
      { name: 'betweenBins', fromHz: 11, toHz: 19 },
    ]);
    assert.deepEqual(energies, { edges: 6, inside: 14, aboveLastBin: 16, betweenBins: 0 });
  });

  void it('places bins from firstBinHz', () => {
    assert.deepEqual(bandEnergies(power, 10, [{ name: 'b', fromHz: 100, toHz: 120 }], 100), { b: 3 });
  });
});

void describe('validateBands', () => {
  void it('rejects empty, reversed, negative, non-finite and duplicate bands', () => {
    assert.throws(() => validateBands([{ name: 'a', fromHz: 10, toHz: 10 }]), /fromHz < toHz/);
    assert.throws(() => validateBands([{ name: 'a', fromHz: 20, toHz: 10 }]), /fromHz < toHz/);
    assert.throws(() => validateBands([{ name: 'a', fromHz: -1, toHz: 10 }]), /fromHz < toHz/);
    assert.throws(() => validateBands([{ name: 'a', fromHz: 0, toHz: Number.NaN }]), /fromHz < toHz/);
    assert.throws(() => validateBands([{ name: '', fromHz: 0, toHz: 1 }]), /name/);
    const twice = { name: 'a', fromHz: 0, toHz: 1 };
    assert.throws(() => validateBands([twice, twice]), /used twice/);
    assert.doesNotThrow(() => validateBands([]));
  });
});
