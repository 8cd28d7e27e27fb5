/**
 * How far a live distribution has moved from its reference, both given as proportions over the same
 * bins (each array sums to 1).
 */

/**
 * The floor of a proportion in PSI. PSI divides and takes logarithms of proportions, so an empty bin
 * would make it infinite; flooring it at 10⁻⁴ ("as good as empty") keeps it finite while an emptied
 * bin still weighs a lot: a decile with no live values adds 0.1 × ln(0.1 / 10⁻⁴) ≈ 0.69, over the
 * 0.25 alarm on its own. 10⁻⁴ is well below the weight of one value in any window up to 10,000, so
 * the floor never understates a bin that holds something.
 */
export const PSI_EPSILON = 1e-4;

/**
 * Population Stability Index: Σ (liveᵢ − referenceᵢ) × ln(liveᵢ / referenceᵢ), each proportion
 * floored at PSI_EPSILON. It is the symmetric Kullback–Leibler divergence (Jeffreys) of the binned
 * distributions: 0 when they agree, growing with both location and shape changes (a 1σ shift of a
 * normal input gives about 0.9 over deciles).
 */
export function populationStabilityIndex(reference: ArrayLike<number>, live: ArrayLike<number>): number {
  assertSameBins(reference, live);
  let psi = 0;
  for (let i = 0; i < reference.length; i++) {
    const expected = Math.max(reference[i] as number, PSI_EPSILON);
    const actual = Math.max(live[i] as number, PSI_EPSILON);
    psi += (actual - expected) * Math.log(actual / expected);
  }
  return psi;
}

/**
 * Two-sample Kolmogorov–Smirnov statistic, max |F_reference − F_live|, approximated on the binned
 * CDFs: the CDFs are compared at the bin edges only, so it is a lower bound of the exact statistic
 * (a difference inside a bin is not seen) and, with deciles, resolves about 0.1. It is reported
 * beside PSI because it reads simply ("40 % of live values fall where 10 % did"); PSI decides.
 */
export function binnedKolmogorovSmirnov(reference: ArrayLike<number>, live: ArrayLike<number>): number {
  assertSameBins(reference, live);
  let referenceCdf = 0;
  let liveCdf = 0;
  let largest = 0;
  // The last edge is +∞, where both CDFs are 1.
  for (let i = 0; i < reference.length - 1; i++) {
    referenceCdf += reference[i] as number;
    liveCdf += live[i] as number;
    largest = Math.max(largest, Math.abs(referenceCdf - liveCdf));
  }
  return largest;
}

function assertSameBins(reference: ArrayLike<number>, live: ArrayLike<number>): void {
  if (reference.length !== live.length) {
    throw new RangeError(`Proportions over different bins: ${reference.length} reference, ${live.length} live.`);
  }
}
