import type { FeatureMatrix } from './feature-matrix.js';
import { averagePathLength } from './path-length.js';
import type { Random } from './random.js';

/**
 * All trees of a forest in four flat typed arrays, nodes in pre-order so a left child needs no
 * pointer (it is the next node). 100 trees × 256 samples is at most 51,100 nodes × 16 bytes.
 * An extended forest (random hyperplanes, see `extended-tree.ts`) reads two of them differently
 * and adds a fifth, `normal`; which kind a forest is follows from whether `normal` is present.
 *
 * - `feature[node]`: index of the split feature, or −1 for an external node (a leaf);
 * - `value[node]`: split value in standardised units (a row goes left when `x[feature] <= value`),
 *   0 for a leaf;
 * - `rightOrSize[node]`: absolute index of the right child, or for a leaf the number of training
 *   samples that reached it (its unbuilt subtree is accounted for with c(size));
 * - `treeStart[t]`: index of tree t's root; `treeStart[treeCount]` is the node count.
 */
export interface ForestNodes {
  readonly treeStart: Int32Array;
  readonly feature: Int32Array;
  readonly value: Float64Array;
  readonly rightOrSize: Int32Array;
  /**
   * Extended forests only: the hyperplane normals, row-major, one row of `featureCount` components
   * per internal node (not per node: leaves need none, which halves the array). There,
   * `feature[node]` is the node's row in `normal` (internal nodes count 0, 1, 2, … in pre-order),
   * `value[node]` is n·p, the normal times the hyperplane's intercept point, so a row goes left
   * when n·x <= value (that is (x − p)·n <= 0), and a leaf may hold 0 samples (an empty side).
   */
  readonly normal?: Float64Array;
}

export const LEAF = -1;

/** Nodes appended while growing; frozen into `ForestNodes` once all trees are grown. */
export interface NodeBuffer {
  readonly feature: number[];
  readonly value: number[];
  readonly rightOrSize: number[];
}

/**
 * Grows one isolation tree (iTree, Liu, Ting & Zhou 2008, algorithm 2) over `sample` (row indices
 * into a standardised matrix, reordered in place) and appends its nodes to `out`. A node becomes
 * external at the height limit, with one sample left, or when every feature is constant there.
 */
export function growTree(
  matrix: FeatureMatrix,
  sample: Int32Array,
  heightLimit: number,
  random: Random,
  out: NodeBuffer,
): void {
  const low = new Float64Array(matrix.featureCount);
  const high = new Float64Array(matrix.featureCount);
  const splittable: number[] = [];
  const grow = (start: number, end: number, depth: number): void => {
    const node = out.feature.length;
    if (depth >= heightLimit || end - start <= 1) {
      pushLeaf(out, end - start);
      return;
    }
    rangesOf(matrix, sample, start, end, low, high);
    splittable.length = 0;
    for (let f = 0; f < matrix.featureCount; f++) if ((low[f] as number) < (high[f] as number)) splittable.push(f);
    // Drawing among non-constant features only (as scikit-learn does) avoids empty splits.
    const feature = splittable[random.nextInt(splittable.length)];
    if (feature === undefined) {
      pushLeaf(out, end - start);
      return;
    }
    const min = low[feature] as number;
    const max = high[feature] as number;
    let split = min + random.next() * (max - min);
    // Rounding may land on max; min keeps both sides non-empty since rows <= split go left.
    if (!(split < max)) split = min;
    const middle = partition(matrix, sample, start, end, feature, split);
    out.feature.push(feature);
    out.value.push(split);
    out.rightOrSize.push(0);
    grow(start, middle, depth + 1);
    out.rightOrSize[node] = out.feature.length;
    grow(middle, end, depth + 1);
  };
  grow(0, sample.length, 0);
}

/** h(x): edges from the root of the tree at `root` to the leaf `row` falls in, plus c(leaf size). */
export function pathLength(nodes: ForestNodes, root: number, row: Float64Array): number {
  const { feature, value, rightOrSize } = nodes;
  let node = root;
  let depth = 0;
  for (let f = feature[node] as number; f !== LEAF; f = feature[node] as number) {
    node = (row[f] as number) <= (value[node] as number) ? node + 1 : (rightOrSize[node] as number);
    depth++;
  }
  return depth + averagePathLength(rightOrSize[node] as number);
}

export function pushLeaf(out: NodeBuffer, size: number): void {
  out.feature.push(LEAF);
  out.value.push(0);
  out.rightOrSize.push(size);
}

/** Per-feature [low, high] of the sample rows in [start, end). */
export function rangesOf(
  matrix: FeatureMatrix,
  sample: Int32Array,
  start: number,
  end: number,
  low: Float64Array,
  high: Float64Array,
): void {
  const { values, featureCount } = matrix;
  low.fill(Infinity);
  high.fill(-Infinity);
  for (let i = start; i < end; i++) {
    const base = (sample[i] as number) * featureCount;
    for (let f = 0; f < featureCount; f++) {
      const x = values[base + f] as number;
      if (x < (low[f] as number)) low[f] = x;
      if (x > (high[f] as number)) high[f] = x;
    }
  }
}

/** Moves the rows with `x[feature] <= split` to the front of [start, end); returns where the rest begin. */
function partition(
  matrix: FeatureMatrix,
  sample: Int32Array,
  start: number,
  end: number,
  feature: number,
  split: number,
): number {
  const { values, featureCount } = matrix;
  let middle = start;
  for (let i = start; i < end; i++) {
    const row = sample[i] as number;
    if ((values[row * featureCount + feature] as number) <= split) {
      sample[i] = sample[middle] as number;
      sample[middle] = row;
      middle++;
    }
  }
  return middle;
}
