import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findStructureProblem } from './forest-structure.js';
import { LEAF } from './isolation-tree.js';
import type { ForestNodes } from './isolation-tree.js';

/** Two trees over ψ = 4 samples, 2 features: a split with two leaves, and a lone leaf. */
function sound(): ForestNodes {
  return {
    treeStart: Int32Array.of(0, 3, 4),
    feature: Int32Array.of(1, LEAF, LEAF, LEAF),
    value: Float64Array.of(0.5, 0, 0, 0),
    rightOrSize: Int32Array.of(2, 3, 1, 4),
  };
}

const problemOf = (change: (nodes: ForestNodes) => void): string | null => {
  const nodes = sound();
  change(nodes);
  return findStructureProblem(nodes, 2, 4, 2);
};

void describe('findStructureProblem', () => {
  void it('accepts a sound forest', () => {
    assert.equal(
      problemOf(() => {}),
      null,
    );
  });

  void it('names what is wrong with a damaged one', () => {
    assert.match(problemOf((nodes) => (nodes.rightOrSize[0] = 1)) ?? '', /node 0's right child is not at 2/);
    assert.match(problemOf((nodes) => (nodes.rightOrSize[0] = 9)) ?? '', /right child is not at 2/);
    assert.match(problemOf((nodes) => (nodes.feature[0] = 2)) ?? '', /node 0 splits on feature 2 of 2/);
    assert.match(problemOf((nodes) => (nodes.value[0] = NaN)) ?? '', /non-finite split value/);
    assert.match(problemOf((nodes) => (nodes.rightOrSize[1] = 2)) ?? '', /tree 0's leaves hold 3 samples, not ψ = 4/);
    assert.match(problemOf((nodes) => (nodes.rightOrSize[3] = 5)) ?? '', /leaf 3 holds 5 samples, not 1…ψ = 4/);
    assert.match(problemOf((nodes) => (nodes.feature[2] = 0)) ?? '', /tree 0 ends inside a subtree/);
    assert.match(
      problemOf((nodes) => (nodes.treeStart[1] = 4)) ?? '',
      /tree 0 ends at node 3, but its slice ends at 4/,
    );
    assert.match(problemOf((nodes) => (nodes.treeStart[2] = 5)) ?? '', /must run from 0 to the node count 4/);
    const withEmptyTree = { ...sound(), treeStart: Int32Array.of(0, 3, 3, 4) };
    assert.match(findStructureProblem(withEmptyTree, 2, 4, 2) ?? '', /tree 1 is empty/);
    const ragged = { ...sound(), value: Float64Array.of(0.5) };
    assert.match(findStructureProblem(ragged, 2, 4, 2) ?? '', /differ in length/);
  });

  void it('refuses a split below the height limit (a cycle-free but too deep tree)', () => {
    const deep: ForestNodes = {
      treeStart: Int32Array.of(0, 5),
      feature: Int32Array.of(0, 0, LEAF, LEAF, LEAF),
      value: Float64Array.of(0, 0, 0, 0, 0),
      rightOrSize: Int32Array.of(4, 3, 1, 1, 2),
    };
    assert.equal(findStructureProblem(deep, 1, 4, 2), null);
    assert.match(findStructureProblem(deep, 1, 4, 1) ?? '', /node 1 splits below the height limit 1/);
  });

  void it('accepts the empty side of an extended node, and only in an extended forest', () => {
    // One tree over ψ = 2: a hyperplane that left every sample on its left, then a split of them.
    const extended: ForestNodes = {
      treeStart: Int32Array.of(0, 5),
      feature: Int32Array.of(0, 1, LEAF, LEAF, LEAF),
      value: Float64Array.of(3, 0.5, 0, 0, 0),
      rightOrSize: Int32Array.of(4, 3, 1, 1, 0),
      normal: Float64Array.of(1, 1, 0.5, -1),
    };
    assert.equal(findStructureProblem(extended, 2, 2, 2), null);
    const { normal: _normal, ...axisParallel } = extended;
    assert.match(
      findStructureProblem({ ...axisParallel, feature: Int32Array.of(0, 1, LEAF, LEAF, LEAF) }, 2, 2, 2) ?? '',
      /leaf 4 holds 0 samples, not 1…ψ = 2/,
    );
    assert.match(
      findStructureProblem({ ...extended, normal: Float64Array.of(1, 1) }, 2, 2, 2) ?? '',
      /nodes.normal has 2 components, not 2 internal nodes × 2 features/,
    );
  });
});
