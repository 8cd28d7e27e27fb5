import type { FeatureMatrix } from './feature-matrix.js';
import { LEAF, pushLeaf, rangesOf } from './isolation-tree.js';
import type { ForestNodes, NodeBuffer } from './isolation-tree.js';
import { averagePathLength } from './path-length.js';
import type { Random } from './random.js';

/** The normals grown so far, `featureCount` components per internal node, appended in pre-order. */
export type NormalBuffer = number[];

/**
 * Grows one extended isolation tree (Hariri, Kind & Brunner 2018, algorithm 2, full extension)
 * and appends its nodes to `out` and its normals to `normals`, laid out as `ForestNodes` describes.
 * Each internal node splits on a random hyperplane: a normal of independent standard-normal
 * components (a uniformly random direction) through a point drawn uniformly in the node's
 * bounding box. As in the paper, a hyperplane may leave one side empty: that side becomes a leaf of
 * size 0, and a row landing there is isolated (c(0) = 0). A node becomes external at the height
 * limit, with at most one sample left, or when all its rows are equal.
 */
export function growExtendedTree(
  matrix: FeatureMatrix,
  sample: Int32Array,
  heightLimit: number,
  random: Random,
  out: NodeBuffer,
  normals: NormalBuffer,
): void {
  const { featureCount } = matrix;
  const low = new Float64Array(featureCount);
  const high = new Float64Array(featureCount);
  const normal = new Float64Array(featureCount);
  const grow = (start: number, end: number, depth: number): void => {
    const node = out.feature.length;
    if (depth >= heightLimit || end - start <= 1) {
      pushLeaf(out, end - start);
      return;
    }
    rangesOf(matrix, sample, start, end, low, high);
    let spread = false;
    for (let f = 0; f < featureCount; f++) if ((low[f] as number) < (high[f] as number)) spread = true;
    if (!spread) {
      pushLeaf(out, end - start);
      return;
    }
    let offset = 0;
    for (let f = 0; f < featureCount; f++) normal[f] = standardNormal(random);
    for (let f = 0; f < featureCount; f++) {
      const min = low[f] as number;
      offset += (normal[f] as number) * (min + random.next() * ((high[f] as number) - min));
    }
    const middle = partition(matrix, sample, start, end, normal, offset);
    out.feature.push(normals.length / featureCount);
    out.value.push(offset);
    out.rightOrSize.push(0);
    for (let f = 0; f < featureCount; f++) normals.push(normal[f] as number);
    grow(start, middle, depth + 1);
    out.rightOrSize[node] = out.feature.length;
    grow(middle, end, depth + 1);
  };
  grow(0, sample.length, 0);
}

/** h(x) in an extended tree: `pathLength` of `isolation-tree.ts` with n·x <= n·p for x[f] <= value. */
export function extendedPathLength(nodes: ForestNodes, normal: Float64Array, root: number, row: Float64Array): number {
  const { feature, value, rightOrSize } = nodes;
  const featureCount = row.length;
  let node = root;
  let depth = 0;
  for (let k = feature[node] as number; k !== LEAF; k = feature[node] as number) {
    const projection = dot(normal, k * featureCount, row);
    node = projection <= (value[node] as number) ? node + 1 : (rightOrSize[node] as number);
    depth++;
  }
  return depth + averagePathLength(rightOrSize[node] as number);
}

/**
 * A standard normal draw (Box–Muller, cosine branch only: one draw per pair of uniforms keeps the
 * sequence a plain function of the seed). 1 − u is in (0, 1], so the logarithm stays finite.
 */
function standardNormal(random: Random): number {
  const u = 1 - random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}

/**
 * Σ normal[base + f] · row[f], summed in feature order as `partition` does when growing, so a
 * training row scored later takes exactly the branches it was grown with.
 */
function dot(normal: Float64Array, base: number, row: Float64Array): number {
  let sum = 0;
  for (let f = 0; f < row.length; f++) sum += (normal[base + f] as number) * (row[f] as number);
  return sum;
}

/** Moves the rows with n·x <= offset to the front of [start, end); returns where the rest begin. */
function partition(
  matrix: FeatureMatrix,
  sample: Int32Array,
  start: number,
  end: number,
  normal: Float64Array,
  offset: number,
): number {
  const { values, featureCount } = matrix;
  let middle = start;
  for (let i = start; i < end; i++) {
    const row = sample[i] as number;
    let projection = 0;
    for (let f = 0; f < featureCount; f++) {
      projection += (normal[f] as number) * (values[row * featureCount + f] as number);
    }
    if (projection <= offset) {
      sample[i] = sample[middle] as number;
      sample[middle] = row;
      middle++;
    }
  }
  return middle;
}
