/**
 * Bins for a distribution, cut at quantiles of a reference sample. Bin i is (edges[i − 1], edges[i]]
 * (closed above), the first bin is open below and the last open above, so every finite value has a
 * bin and a live value beyond the training range lands in an outer bin rather than nowhere.
 *
 * Edges are sample values (the inverse empirical CDF, not interpolated quantiles): on discrete data
 * (a valve position, a pump's stage count) equal quantiles are then exactly equal and collapse to one
 * edge, leaving one bin per distinct value rather than bins that split nothing.
 */

/** Bins asked for at most; a bin index fits a byte (LiveHistogram's ring is a Uint8Array). */
export const BINS_MAX = 100;

/**
 * The upper edges of bins holding about 1/bins of the sorted sample each. Every bin holds at least
 * one reference value, except for a constant sample, which gets three bins (below, at and above the
 * constant) so that a move either way shows.
 */
export function quantileEdges(sorted: Float64Array, bins: number): Float64Array {
  const n = sorted.length;
  const max = sorted[n - 1] as number;
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    // ceil(q·n) − 1 with q = i / bins, in integers: 0.3 × 20 is 6.000000000000001 in floating point.
    const edge = sorted[Math.ceil((i * n) / bins) - 1] as number;
    if (edges.length === 0 || edge > (edges[edges.length - 1] as number)) edges.push(edge);
  }
  // An edge at the maximum leaves the bin above it empty (ties at the top of discrete data): drop it,
  // so the maximum's bin is the open top one.
  if (edges[edges.length - 1] === max) edges.pop();
  if (edges.length > 0) return Float64Array.from(edges);
  // Fewer than two bins are left when one value holds over 1 − 1/bins of the sample: split below
  // the maximum, at the largest value under it, so its rarer neighbours keep a bin of their own.
  for (let j = n - 2; j >= 0; j--) {
    if ((sorted[j] as number) < max) return Float64Array.of(sorted[j] as number);
  }
  const below = nextDown(max);
  return Number.isFinite(below) ? Float64Array.of(below, max) : Float64Array.of(max);
}

/**
 * The bin of a finite value: the number of edges below it. A binary search, so O(log bins) with at
 * most 100 bins: 7 comparisons, constant per observation.
 */
export function binIndex(edges: Float64Array, value: number): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((edges[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The largest double below x (x finite): the lower edge of a bin that holds x alone. */
export function nextDown(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigInt64(0);
  // IEEE 754 doubles of one sign are ordered like their bit patterns read as integers.
  view.setBigInt64(0, x > 0 ? bits - 1n : bits + 1n);
  return view.getFloat64(0);
}
