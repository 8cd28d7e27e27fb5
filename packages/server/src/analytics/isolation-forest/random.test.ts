import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRandom, sampleIndices } from './random.js';

const draw = (seed: number, count: number): number[] => {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => random.next());
};

void describe('createRandom', () => {
  void it('repeats its sequence for the same seed and differs for another', () => {
    assert.deepEqual(draw(42, 100), draw(42, 100));
    assert.notDeepEqual(draw(42, 100), draw(43, 100));
  });

  void it('draws uniformly in [0, 1)', () => {
    const values = draw(7, 20_000);
    assert.ok(values.every((value) => value >= 0 && value < 1));
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    assert.ok(Math.abs(mean - 0.5) < 0.01, `mean ${mean}`);
    const tenths = new Array<number>(10).fill(0);
    for (const value of values) tenths[Math.floor(value * 10)]! += 1;
    assert.ok(
      tenths.every((count) => Math.abs(count - 2_000) < 200),
      `histogram ${tenths.join(' ')}`,
    );
  });

  void it('folds any seed onto 32 bits deterministically', () => {
    assert.deepEqual(draw(-1, 5), draw(0xffffffff, 5));
    assert.deepEqual(draw(2.9, 5), draw(2, 5));
  });

  void it('draws integers within bounds', () => {
    const random = createRandom(3);
    const seen = new Set<number>();
    for (let i = 0; i < 1_000; i++) seen.add(random.nextInt(5));
    assert.deepEqual([...seen].sort(), [0, 1, 2, 3, 4]);
  });
});

void describe('sampleIndices', () => {
  void it('draws distinct indices in range, the same ones for the same seed', () => {
    const sample = sampleIndices(createRandom(9), 1_000, 256);
    assert.equal(sample.length, 256);
    assert.equal(new Set(sample).size, 256);
    assert.ok(sample.every((index) => index >= 0 && index < 1_000));
    assert.deepEqual(sample, sampleIndices(createRandom(9), 1_000, 256));
  });

  void it('is a permutation when it draws every index', () => {
    assert.deepEqual(
      [...sampleIndices(createRandom(1), 10, 10)].sort((a, b) => a - b),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
  });
});
