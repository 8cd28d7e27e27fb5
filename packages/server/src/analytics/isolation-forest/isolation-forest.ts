import { isFiniteRow, toFeatureMatrix } from './feature-matrix.js';
import type { FeatureRow } from './feature-matrix.js';
import { resolveForestOptions } from './forest-options.js';
import type { ForestExtension, IsolationForestOptions } from './forest-options.js';
import { extendedPathLength, growExtendedTree } from './extended-tree.js';
import { IsolationForestError } from './isolation-forest-error.js';
import { growTree, pathLength } from './isolation-tree.js';
import type { ForestNodes, NodeBuffer } from './isolation-tree.js';
import { anomalyScore } from './path-length.js';
import { createRandom, sampleIndices } from './random.js';
import { fitRobustScaler, standardiseInto, standardiseMatrix } from './robust-scaler.js';
import type { RobustScaler } from './robust-scaler.js';

/**
 * Isolation forest (Liu, Ting & Zhou 2008): anomalies are few and different, so random
 * axis-parallel splits isolate them in fewer steps than ordinary rows. One model per asset, trained
 * on a window the operator marks as normal operation; the score of each new row becomes a series.
 * With `extension: 'full'` the splits are random hyperplanes instead (Hariri, Kind & Brunner 2018);
 * path lengths, c(n) and scores mean the same for both kinds.
 */
export interface IsolationForestModel {
  readonly featureNames: readonly string[];
  /** ψ actually used: the requested sample size capped at the training row count. */
  readonly sampleSize: number;
  /** ceil(log2 ψ), the average tree height: deeper nodes would only separate ordinary rows (§4). */
  readonly heightLimit: number;
  readonly seed: number;
  readonly trainingRowCount: number;
  readonly scaler: RobustScaler;
  readonly nodes: ForestNodes;
}

export function trainIsolationForest(
  rows: readonly FeatureRow[],
  options: IsolationForestOptions = {},
): IsolationForestModel {
  const matrix = toFeatureMatrix(rows, options.featureNames);
  const { trees, sampleSizeWanted, seed, featureNames, extension } = resolveForestOptions(options, matrix.featureCount);
  if (matrix.rowCount < 2) {
    throw new IsolationForestError(
      'forest.invalid-training-rows',
      'Cannot train an isolation forest: the training window needs at least 2 rows.',
    );
  }
  const scaler = fitRobustScaler(matrix);
  standardiseMatrix(scaler, matrix);
  const sampleSize = Math.min(sampleSizeWanted, matrix.rowCount);
  const heightLimit = Math.ceil(Math.log2(sampleSize));
  const random = createRandom(seed);
  const buffer: NodeBuffer = { feature: [], value: [], rightOrSize: [] };
  const normals: number[] = [];
  const treeStart = new Int32Array(trees + 1);
  for (let t = 0; t < trees; t++) {
    treeStart[t] = buffer.feature.length;
    const sample = sampleIndices(random, matrix.rowCount, sampleSize);
    if (extension === 'full') growExtendedTree(matrix, sample, heightLimit, random, buffer, normals);
    else growTree(matrix, sample, heightLimit, random, buffer);
  }
  treeStart[trees] = buffer.feature.length;
  const nodes: ForestNodes = {
    treeStart,
    feature: Int32Array.from(buffer.feature),
    value: Float64Array.from(buffer.value),
    rightOrSize: Int32Array.from(buffer.rightOrSize),
    // Absent, not empty, for axis-parallel forests: their models stay exactly as before.
    ...(extension === 'full' ? { normal: Float64Array.from(normals) } : {}),
  };
  return { featureNames, sampleSize, heightLimit, seed, trainingRowCount: matrix.rowCount, scaler, nodes };
}

/** The split kind a model was trained with: extended forests are those that carry normals. */
export function extensionOf(model: IsolationForestModel): ForestExtension {
  return model.nodes.normal === undefined ? 'none' : 'full';
}

export function treeCountOf(model: IsolationForestModel): number {
  return model.nodes.treeStart.length - 1;
}

/**
 * Anomaly score of one row in (0, 1]: about 0.5 or less for ordinary rows, towards 1 for anomalies;
 * `null` when a value is NaN or infinite (a sensor gap is not a score: the series shows a gap).
 * Throws when the row's length is not the model's feature count (a wiring bug, not data).
 */
export function scoreRow(model: IsolationForestModel, row: FeatureRow): number | null {
  return scoreInto(model, row, new Float64Array(model.featureNames.length));
}

/** Scores many rows with one scratch buffer. */
export function scoreRows(model: IsolationForestModel, rows: readonly FeatureRow[]): (number | null)[] {
  const scratch = new Float64Array(model.featureNames.length);
  return rows.map((row) => scoreInto(model, row, scratch));
}

function scoreInto(model: IsolationForestModel, row: FeatureRow, scratch: Float64Array): number | null {
  if (row.length !== scratch.length) {
    throw new IsolationForestError(
      'forest.feature-count-mismatch',
      `Cannot score a row of ${row.length} features with a model of ${scratch.length} (${model.featureNames.join(', ')}).`,
    );
  }
  if (!isFiniteRow(row)) return null;
  const standardised = standardiseInto(model.scaler, row, scratch);
  const { nodes } = model;
  const { treeStart, normal } = nodes;
  const trees = treeStart.length - 1;
  let total = 0;
  // One branch per row, not per node: each loop runs the walk of one kind of tree.
  if (normal === undefined) {
    for (let t = 0; t < trees; t++) total += pathLength(nodes, treeStart[t] as number, standardised);
  } else {
    for (let t = 0; t < trees; t++) total += extendedPathLength(nodes, normal, treeStart[t] as number, standardised);
  }
  return anomalyScore(total / trees, model.sampleSize);
}
