/**
 * Least-squares fit of the degradation model y = level + slope · max(0, x − onset), where
 * y = −ln(health) and x is time. Why this model: HealthIndex maps log-ratios of features to
 * health = 0.2^d, and the vibration of a growing defect grows exponentially (a spall grows in
 * proportion to its size), so d, and −ln(health) with it, grows linearly in time once the defect
 * has appeared. A line on this scale is exponential degradation on the feature scale. The hinge
 * lets a window hold the steady stretch before the decline without flattening the slope; the
 * free level lets that stretch be healthy (0) or already worn.
 */
export interface HingeFit {
  /** y before the onset. */
  readonly level: number;
  /** Growth of y per unit of x after the onset; > 0 means degrading. */
  readonly slope: number;
  /** x of the hinge; the first x when the whole window is one line. */
  readonly onset: number;
  /** slope / its standard error. */
  readonly slopeT: number;
  /** Residual standard deviation: the larger of the one from the onset on and the whole window's. */
  readonly residualSd: number;
}

/** Running sums over a set of points, with z = x − onset to come. */
interface Sums {
  n: number;
  x: number;
  xx: number;
  y: number;
  xy: number;
  yy: number;
}

/**
 * Fits the first `count` points of x (increasing) and y. Candidates: a hinge at each point that
 * leaves at least `activePointsMin` points after it, the first being a plain line. Returns the
 * candidate with the least squared error, or null when there are too few points. The residual
 * spread also counts from the onset on alone: a health index that reads exactly 1 while healthy
 * would otherwise shrink it and make a single dip look like a significant trend.
 */
export function fitHinge(x: Float64Array, y: Float64Array, count: number, activePointsMin: number): HingeFit | null {
  if (count < Math.max(3, activePointsMin + 1)) return null;
  const all: Sums = { n: 0, x: 0, xx: 0, y: 0, xy: 0, yy: 0 };
  for (let i = 0; i < count; i++) add(all, x[i] ?? 0, y[i] ?? 0);
  let best: (HingeFit & { sse: number }) | null = null;
  // Suffix sums over the points after candidate j, so that all candidates cost O(count).
  const after: Sums = { n: 0, x: 0, xx: 0, y: 0, xy: 0, yy: 0 };
  for (let j = count - 2; j >= 0; j--) {
    add(after, x[j + 1] ?? 0, y[j + 1] ?? 0);
    if (after.n < activePointsMin) continue;
    const fit = fitAt(all, after, x[j] ?? 0, y[j] ?? 0);
    if (fit !== null && (best === null || fit.sse < best.sse)) best = fit;
  }
  if (best === null) return null;
  const { level, slope, onset, slopeT, residualSd } = best;
  return { level, slope, onset, slopeT, residualSd };
}

function add(sums: Sums, x: number, y: number): void {
  sums.n += 1;
  sums.x += x;
  sums.xx += x * x;
  sums.y += y;
  sums.xy += x * y;
  sums.yy += y * y;
}

/** Two-parameter least squares (level, slope) on the regressor z = max(0, x − onset). */
function fitAt(all: Sums, after: Sums, onset: number, yAtOnset: number): (HingeFit & { sse: number }) | null {
  const sz = after.x - onset * after.n;
  const szz = after.xx - 2 * onset * after.x + onset * onset * after.n;
  const szy = after.xy - onset * after.y;
  const det = all.n * szz - sz * sz;
  if (!(det > 0)) return null;
  const slope = (all.n * szy - sz * all.y) / det;
  const level = (all.y - sz * slope) / all.n;
  const sse = Math.max(0, all.yy - level * all.y - slope * szy);
  // Residuals of the points after the onset, plus the one at it (z = 0).
  const activeSse =
    after.yy -
    2 * level * after.y -
    2 * slope * szy +
    level * level * after.n +
    2 * level * slope * sz +
    slope * slope * szz +
    (yAtOnset - level) ** 2;
  const residualSd = Math.sqrt(Math.max(activeSse / Math.max(1, after.n - 1), sse / Math.max(1, all.n - 2)));
  const slopeSe = residualSd * Math.sqrt(all.n / det);
  const slopeT = slopeSe > 0 ? slope / slopeSe : Math.sign(slope) * Number.POSITIVE_INFINITY;
  return { level, slope, onset, slopeT, residualSd, sse };
}
