import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toFeatureMatrix } from './feature-matrix.js';
import { gaussianRows } from './forest-test-helpers.js';
import { LEAF, growTree, pathLength } from './isolation-tree.js';
import type { ForestNodes, NodeBuffer } from './isolation-tree.js';
import { createRandom } from './random.js';

function grow(rows: number[][], heightLimit: number, seed = 1): ForestNodes {
  const matrix = toFeatureMatrix(rows);
  const out: NodeBuffer = { feature: [], value: [], rightOrSize: [] };
  growTree(matrix, Int32Array.from(rows.keys()), heightLimit, createRandom(seed), out);
  return {
    treeStart: Int32Array.of(0, out.feature.length),
    feature: Int32Array.from(out.feature),
    value: Float64Array.from(out.value),
    rightOrSize: Int32Array.from(out.rightOrSize),
  };
}

/** Depth of every leaf and the samples it holds, walking the pre-order layout. */
function leavesOf(nodes: ForestNodes, node = 0, depth = 0): { depth: number; size: number }[] {
  if (nodes.feature[node] === LEAF) return [{ depth, size: nodes.rightOrSize[node] as number }];
  return [...leavesOf(nodes, node + 1, depth + 1), ...leavesOf(nodes, nodes.rightOrSize[node] as number, depth + 1)];
}

void describe('growTree', () => {
  const rows = gaussianRows(256, [0, 0], [1, 1], 5);

  void it('keeps every sample in exactly one leaf, no deeper than the height limit', () => {
    const leaves = leavesOf(grow(rows, 8));
    assert.equal(
      leaves.reduce((sum, leaf) => sum + leaf.size, 0),
      256,
    );
    assert.ok(leaves.every((leaf) => leaf.depth <= 8 && leaf.size >= 1));
  });

  void it('isolates every sample when the height allows it', () => {
    assert.ok(leavesOf(grow(rows, 64)).every((leaf) => leaf.size === 1));
  });

  void it('stops at a node whose rows are all equal', () => {
    const nodes = grow(
      [
        [1, 2],
        [1, 2],
        [1, 2],
      ],
      8,
    );
    assert.deepEqual([...nodes.feature], [LEAF]);
    assert.deepEqual([...nodes.rightOrSize], [3]);
  });

  void it('never splits a constant feature', () => {
    const nodes = grow(
      rows.map(([x]) => [7, x as number]),
      8,
    );
    assert.ok([...nodes.feature].every((feature) => feature !== 0));
  });
});

void describe('pathLength', () => {
  void it('is short for a far point, longer for a central one, plus c(size) at the leaf', () => {
    const rows = gaussianRows(256, [0, 0], [1, 1], 6);
    let far = 0;
    let central = 0;
    for (let seed = 1; seed <= 50; seed++) {
      const tree = grow(rows, 8, seed);
      far += pathLength(tree, 0, Float64Array.of(8, -8));
      central += pathLength(tree, 0, Float64Array.of(0, 0));
    }
    assert.ok(far / 50 < 4, `far ${far / 50}`);
    assert.ok(central / 50 > 8, `central ${central / 50}`);
    const root = grow([[1], [1]], 8);
    assert.equal(pathLength(root, 0, Float64Array.of(1)), 1); // a root leaf of 2: c(2) = 1
  });
});
