import { LEAF } from './isolation-tree.js';
import type { ForestNodes } from './isolation-tree.js';

/**
 * What is structurally wrong with a forest read from storage, or `null` if it is sound. Scoring
 * trusts the layout (it follows indices without bounds checks), so a damaged model must be caught
 * here rather than loop, read out of range or quietly score nonsense:
 * every tree is exactly one pre-order tree filling its slice, internal nodes split a known feature
 * at a finite value, no path is deeper than the height limit, and leaf sizes add up to ψ.
 * In an extended forest (`normal` present) internal nodes instead number their rows of `normal`
 * 0, 1, 2, … in node order, `normal` has exactly one row per internal node, and leaves may be empty.
 */
export function findStructureProblem(
  nodes: ForestNodes,
  featureCount: number,
  sampleSize: number,
  heightLimit: number,
): string | null {
  const { treeStart, feature, value, rightOrSize, normal } = nodes;
  const nodeCount = feature.length;
  if (value.length !== nodeCount || rightOrSize.length !== nodeCount) {
    return `nodes.feature, nodes.value and nodes.rightOrSize differ in length`;
  }
  const extended = normal !== undefined;
  if (extended) {
    let internal = 0;
    for (let node = 0; node < nodeCount; node++) {
      const row = feature[node] as number;
      if (row === LEAF) continue;
      if (row !== internal) return `node ${node} uses normal ${row}, not ${internal} (internal nodes in order)`;
      internal++;
    }
    if (normal.length !== internal * featureCount) {
      return `nodes.normal has ${normal.length} components, not ${internal} internal nodes × ${featureCount} features`;
    }
  }
  const leafSizeMin = extended ? 0 : 1;
  if (treeStart.length < 2) return 'nodes.treeStart must list at least one tree';
  if (treeStart[0] !== 0 || treeStart[treeStart.length - 1] !== nodeCount) {
    return `nodes.treeStart must run from 0 to the node count ${nodeCount}`;
  }
  for (let t = 0; t + 1 < treeStart.length; t++) {
    const start = treeStart[t] as number;
    const end = treeStart[t + 1] as number;
    if (end <= start) return `tree ${t} is empty`;
    let leafSizeTotal = 0;
    // The index just past the subtree at `node`, or what is wrong with that subtree.
    const walk = (node: number, depth: number): number | string => {
      if (node >= end) return `tree ${t} ends inside a subtree`;
      const split = feature[node] as number;
      if (split === LEAF) {
        const size = rightOrSize[node] as number;
        if (size < leafSizeMin || size > sampleSize) {
          return `leaf ${node} holds ${size} samples, not ${leafSizeMin}…ψ = ${sampleSize}`;
        }
        leafSizeTotal += size;
        return node + 1;
      }
      if (depth >= heightLimit) return `node ${node} splits below the height limit ${heightLimit}`;
      if (!extended && (split < 0 || split >= featureCount))
        return `node ${node} splits on feature ${split} of ${featureCount}`;
      if (!Number.isFinite(value[node])) return `node ${node} has a non-finite split value`;
      const leftEnd = walk(node + 1, depth + 1);
      if (typeof leftEnd === 'string') return leftEnd;
      if (rightOrSize[node] !== leftEnd) return `node ${node}'s right child is not at ${leftEnd} (pre-order)`;
      return walk(leftEnd, depth + 1);
    };
    const treeEnd = walk(start, 0);
    if (typeof treeEnd === 'string') return treeEnd;
    if (treeEnd !== end) return `tree ${t} ends at node ${treeEnd}, but its slice ends at ${end}`;
    if (leafSizeTotal !== sampleSize) return `tree ${t}'s leaves hold ${leafSizeTotal} samples, not ψ = ${sampleSize}`;
  }
  return null;
}
