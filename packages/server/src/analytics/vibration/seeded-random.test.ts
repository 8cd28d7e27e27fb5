import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mulberry32 } from './seeded-random.js';

void describe('mulberry32', () => {
  void it('replays a seed and differs between seeds', () => {
    const draw = (seed: number): number[] => Array.from({ length: 5 }, mulberry32(seed).uniform);
    assert.deepEqual(draw(1), draw(1));
    assert.notDeepEqual(draw(1), draw(2));
  });

  void it('draws uniforms in [0, 1) and normals with mean 0 and standard deviation 1', () => {
    const random = mulberry32(3);
    const uniforms = Array.from({ length: 10_000 }, random.uniform);
    assert.ok(uniforms.every((value) => value >= 0 && value < 1));
    const normals = Array.from({ length: 20_000 }, random.normal);
    const mean = normals.reduce((sum, value) => sum + value, 0) / normals.length;
    const variance = normals.reduce((sum, value) => sum + (value - mean) ** 2, 0) / normals.length;
    assert.ok(Math.abs(mean) < 0.03 && Math.abs(variance - 1) < 0.05, `${mean} ${variance}`);
  });
});
