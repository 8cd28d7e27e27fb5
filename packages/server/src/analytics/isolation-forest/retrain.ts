import type { FeatureRow } from './feature-matrix.js';
import { ISOLATION_FOREST_DEFAULTS } from './forest-options.js';
import type { IsolationForestOptions } from './forest-options.js';
import { extensionOf, trainIsolationForest, treeCountOf } from './isolation-forest.js';
import type { IsolationForestModel } from './isolation-forest.js';
import { IsolationForestError } from './isolation-forest-error.js';

/** A row of the asset's features at one instant (epoch milliseconds), which is how labels find it. */
export interface TimedRow {
  readonly timeMs: number;
  readonly values: FeatureRow;
}

/** The operator's verdict on a flagged row: `real` anomaly, or expected operation (a false alarm). */
export interface RowLabel extends TimedRow {
  readonly real: boolean;
}

export const RETRAIN_DEFAULTS = {
  /**
   * Weight of all "expected" rows together, as a share of the training rows. Appending a false
   * alarm once does not teach a forest anything: a lone far point is isolated in a split or two,
   * and its score even rises. Repeated, the rows form a cluster that no split can separate further,
   * which lowers the pattern's score; 5 % is about 13 copies in each tree's sample of 256.
   */
  expectedShare: 0.05,
} as const;

export interface RetrainOptions extends IsolationForestOptions {
  /** 0…0.5; default 0.05. Each expected row appears at least once. */
  expectedShare?: number;
}

/**
 * The training rows once labels are applied: rows labelled real leave the normal window (they are
 * not normal operation), rows labelled expected join it, repeated to carry `expectedShare` of the
 * weight. A later label for the same instant replaces an earlier one (the operator changed their mind).
 */
export function labelledTrainingRows(
  window: readonly TimedRow[],
  labels: readonly RowLabel[],
  expectedShare: number = RETRAIN_DEFAULTS.expectedShare,
): FeatureRow[] {
  if (!(expectedShare >= 0 && expectedShare <= 0.5)) {
    throw new IsolationForestError('forest.invalid-option', `expectedShare must be in 0…0.5, got ${expectedShare}.`);
  }
  const latest = new Map<number, RowLabel>();
  for (const label of labels) latest.set(label.timeMs, label);
  const kept = window.filter((row) => !latest.has(row.timeMs)).map((row) => row.values);
  const expected = [...latest.values()].filter((label) => !label.real).map((label) => label.values);
  if (expected.length === 0) return kept;
  const copies = Math.max(1, Math.round((expectedShare * kept.length) / expected.length));
  return [...kept, ...expected.flatMap((values) => Array.from({ length: copies }, () => values))];
}

/**
 * Retrains an asset's model on its normal window and the operator's labels, keeping the previous
 * model's tree count, sample size, seed, feature names and split kind (`extension`) unless
 * `options` says otherwise. A sample size that was capped by a small window (ψ = its row count) is not a choice: it reverts to 256.
 */
export function retrainIsolationForest(
  previous: IsolationForestModel,
  window: readonly TimedRow[],
  labels: readonly RowLabel[],
  options: RetrainOptions = {},
): IsolationForestModel {
  const wasCapped = previous.sampleSize === previous.trainingRowCount;
  return trainIsolationForest(labelledTrainingRows(window, labels, options.expectedShare), {
    trees: options.trees ?? treeCountOf(previous),
    sampleSize: options.sampleSize ?? (wasCapped ? ISOLATION_FOREST_DEFAULTS.sampleSize : previous.sampleSize),
    seed: options.seed ?? previous.seed,
    featureNames: options.featureNames ?? previous.featureNames,
    extension: options.extension ?? extensionOf(previous),
  });
}
