import { IsolationForestError } from './isolation-forest-error.js';

export const ISOLATION_FOREST_DEFAULTS = {
  /** Path lengths converge with about 100 trees (Liu, Ting & Zhou 2008, §5.1). */
  trees: 100,
  /** ψ, rows per tree: 256 suffices for most data and keeps trees small (ibid., §5.1). */
  sampleSize: 256,
  /** Fixed, so that training is reproducible unless the caller asks for another draw. */
  seed: 1,
  /** Axis-parallel splits: the original algorithm, and the form every stored model before 'full' has. */
  extension: 'none',
} as const;

export const ISOLATION_FOREST_LIMITS = {
  treesMax: 1_000,
  sampleSizeMax: 4_096,
  featuresMax: 256,
  /**
   * Normal-vector components of an extended forest, counted at the most a forest of the requested
   * size can grow (trees × (2^heightLimit − 1) internal nodes × features): 2^24 float64 = 128 MiB.
   * The defaults (100 trees, ψ = 256) stay under it up to 657 features.
   */
  normalComponentsMax: 16_777_216,
} as const;

/**
 * How a node splits: `'none'` on one feature at a random value (axis-parallel, Liu, Ting & Zhou 2008);
 * `'full'` on a random hyperplane through all features (extended isolation forest, Hariri, Kind &
 * Brunner 2018), which also isolates rows that are ordinary in each feature alone but off the
 * relation between them (a pump off its curve), where axis-parallel cuts leave score artefacts.
 */
export type ForestExtension = 'none' | 'full';

export interface IsolationForestOptions {
  /** Number of trees, 1…1,000; default 100. */
  trees?: number;
  /** Rows per tree, 2…4,096, capped at the training row count; default 256. */
  sampleSize?: number;
  /** Seed of the sampling and split draws, a safe integer; default 1. */
  seed?: number;
  /** One name per feature (the twin's property paths), for messages and the stored model; default f0, f1, … */
  featureNames?: readonly string[];
  /** Split kind, `'none'` (axis-parallel) or `'full'` (random hyperplanes); default `'none'`. */
  extension?: ForestExtension;
}

export interface ResolvedForestOptions {
  readonly trees: number;
  readonly sampleSizeWanted: number;
  readonly seed: number;
  readonly featureNames: readonly string[];
  readonly extension: ForestExtension;
}

export function resolveForestOptions(options: IsolationForestOptions, featureCount: number): ResolvedForestOptions {
  const { treesMax, sampleSizeMax, featuresMax, normalComponentsMax } = ISOLATION_FOREST_LIMITS;
  const trees = integerIn('trees', options.trees ?? ISOLATION_FOREST_DEFAULTS.trees, 1, treesMax);
  const sampleSizeWanted = integerIn(
    'sampleSize',
    options.sampleSize ?? ISOLATION_FOREST_DEFAULTS.sampleSize,
    2,
    sampleSizeMax,
  );
  const seed = options.seed ?? ISOLATION_FOREST_DEFAULTS.seed;
  if (!Number.isSafeInteger(seed)) throw invalidOption(`seed must be a safe integer, got ${seed}`);
  if (featureCount > featuresMax) throw invalidOption(`at most ${featuresMax} features, got ${featureCount}`);
  const featureNames = options.featureNames ?? Array.from({ length: featureCount }, (_, f) => `f${f}`);
  if (featureNames.length !== featureCount) {
    throw invalidOption(`${featureNames.length} feature names for rows of ${featureCount} features`);
  }
  const extension = options.extension ?? ISOLATION_FOREST_DEFAULTS.extension;
  if (extension !== 'none' && extension !== 'full') {
    throw invalidOption(`extension must be 'none' or 'full', got ${JSON.stringify(extension)}`);
  }
  if (extension === 'full') {
    const components = trees * (2 ** Math.ceil(Math.log2(sampleSizeWanted)) - 1) * featureCount;
    if (components > normalComponentsMax) {
      throw invalidOption(
        `an extended forest of ${trees} trees, ψ = ${sampleSizeWanted} and ${featureCount} features may need ` +
          `${components} normal components, more than ${normalComponentsMax}; use fewer trees or a smaller sampleSize`,
      );
    }
  }
  return { trees, sampleSizeWanted, seed, featureNames: [...featureNames], extension };
}

function integerIn(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidOption(`${name} must be an integer in ${min}…${max}, got ${value}`);
  }
  return value;
}

function invalidOption(detail: string): IsolationForestError {
  return new IsolationForestError('forest.invalid-option', `Invalid isolation forest option: ${detail}.`);
}
