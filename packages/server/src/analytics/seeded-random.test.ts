import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { between, gaussian, mulberry32, shuffle } from './seeded-random.js';

void describe('seeded random', () => {
  void it('repeats the same sequence for the same seed and differs for another', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const first = Array.from({ length: 5 }, () => a());
    assert.deepEqual(
      first,
      Array.from({ length: 5 }, () => b()),
    );
    assert.notDeepEqual(
      first,
      Array.from({ length: 5 }, () => c()),
    );
  });

  void it('draws uniform numbers in [0, 1) and standard normal ones', () => {
    const random = mulberry32(1);
    let sum = 0;
    let squares = 0;
    const count = 20_000;
    for (let i = 0; i < count; i += 1) {
      const u = random();
      assert.ok(u >= 0 && u < 1);
      const g = gaussian(random);
      sum += g;
      squares += g * g;
    }
    assert.ok(Math.abs(sum / count) < 0.03);
    assert.ok(Math.abs(Math.sqrt(squares / count) - 1) < 0.03);
  });

  void it('draws within bounds and shuffles a permutation', () => {
    const random = mulberry32(3);
    for (let i = 0; i < 100; i += 1) {
      const x = between(random, 2, 5);
      assert.ok(x >= 2 && x < 5);
    }
    assert.deepEqual(
      shuffle(random, [1, 2, 3, 4, 5, 6]).sort((p, q) => p - q),
      [1, 2, 3, 4, 5, 6],
    );
  });
});
