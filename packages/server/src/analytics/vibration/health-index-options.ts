/** Options of HealthIndex, with their defaults in one object (STYLE.md 13). */
/** How much one feature counts, and at which ratio to its healthy level it means "failed". */
export interface FeatureWeighting {
  readonly weight?: number;
  readonly failureRatio?: number;
}

export interface HealthIndexOptions {
  /** Feature vectors of the healthy reference, learned first; observe returns null meanwhile. */
  readonly baselineCount: number;
  /** Features to use and their weighting; empty = every feature of the baseline, default weighting. */
  readonly features: Readonly<Record<string, FeatureWeighting>>;
  /** A feature at failureRatio × its baseline level has severity 1 (10 = +20 dB on an amplitude). */
  readonly failureRatioDefault: number;
  /** Rises within this many baseline standard deviations (of the logarithm) are scatter, not damage. */
  readonly noiseSigmas: number;
  /** Floor of a baseline's spread of the logarithm (0.02 ≈ 2 %), so a calm baseline is not hair-trigger. */
  readonly spreadLogMin: number;
  /** Health when the combined severity is 1; 0.2 = the RUL estimator's default failure threshold. */
  readonly healthAtFailure: number;
  /** Band energies of a silent band may be 0; the logarithm needs a floor. */
  readonly valueFloor: number;
  readonly featureCountMax: number;
}

export const HEALTH_INDEX_DEFAULTS: HealthIndexOptions = {
  baselineCount: 30,
  features: {},
  failureRatioDefault: 10,
  noiseSigmas: 3,
  spreadLogMin: 0.02,
  healthAtFailure: 0.2,
  valueFloor: 1e-12,
  featureCountMax: 64,
};

/** Throws an Error naming the first option out of range. */
export function validateHealthIndexOptions(options: HealthIndexOptions): void {
  const { baselineCount, healthAtFailure, failureRatioDefault, features } = options;
  const { noiseSigmas, spreadLogMin, valueFloor, featureCountMax } = options;
  if (!(Number.isInteger(baselineCount) && baselineCount >= 2)) {
    throw new Error('health index: baselineCount must be an integer >= 2');
  }
  if (!(healthAtFailure > 0 && healthAtFailure < 1)) throw new Error('health index: healthAtFailure must be in (0, 1)');
  if (!(failureRatioDefault > 1)) throw new Error('health index: failureRatioDefault must be > 1');
  if (!(noiseSigmas >= 0 && spreadLogMin >= 0 && valueFloor > 0)) {
    throw new Error('health index: need noiseSigmas >= 0, spreadLogMin >= 0 and valueFloor > 0');
  }
  if (!(Number.isInteger(featureCountMax) && featureCountMax >= 1)) {
    throw new Error('health index: featureCountMax must be an integer >= 1');
  }
  for (const [name, { weight = 1, failureRatio = failureRatioDefault }] of Object.entries(features)) {
    if (!(weight >= 0 && failureRatio > 1)) {
      throw new Error(`health index: feature "${name}" needs weight >= 0 and failureRatio > 1`);
    }
  }
}
