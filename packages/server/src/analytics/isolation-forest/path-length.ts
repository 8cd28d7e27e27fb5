/** Euler–Mascheroni constant: H(i) ≈ ln(i) + γ for the harmonic number. */
const EULER_GAMMA = 0.5772156649;

/**
 * c(n): the average path length of an unsuccessful search in a binary search tree of n keys,
 * 2H(n−1) − 2(n−1)/n (Liu, Ting & Zhou 2008, eq. 1). It normalises path lengths into scores and
 * stands in for the subtree an external node did not grow (the height limit cut it short).
 *
 * The formula is for large n; c(2) = 1 and c(≤1) = 0 are exact (Liu, Ting & Zhou 2012), where the
 * approximation of H would give c(2) ≈ 0.15.
 */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

/** The anomaly score s = 2^(−E[h(x)] / c(ψ)) in (0, 1]: ≈ 0.5 for ordinary points, → 1 for anomalies. */
export function anomalyScore(meanPathLength: number, sampleSize: number): number {
  return Math.pow(2, -meanPathLength / averagePathLength(sampleSize));
}
