import { DoppelError } from '@doppel/core';
import { trainIsolationForest, scoreRows } from '../isolation-forest/isolation-forest.js';
import type { IsolationForestModel } from '../isolation-forest/isolation-forest.js';
import type { IsolationForestJson } from '../isolation-forest/model-json.js';
import { retrainIsolationForest } from '../isolation-forest/retrain.js';
import type { RowLabel, TimedRow } from '../isolation-forest/retrain.js';
import { thresholdFromContamination } from '../isolation-forest/threshold.js';
import { tuneThresholdByF1 } from '../isolation-forest/threshold-tuning.js';
import type { ReferenceDistributionJson } from '../drift/reference-json.js';
import { ReferenceDistribution } from '../drift/reference-distribution.js';
import type { AssetModelRequest } from './asset-model-input.js';
import { thinRows } from './training-rows.js';

/** A trained asset model as stored (`analytics.db`) and shown by the API (without the trees). */
export interface AssetModelDocument {
  readonly twinId: string;
  readonly properties: readonly string[];
  readonly outputProperty: string;
  readonly everyMs: number;
  /** Labels since training that retrain it on their own; 0: only by hand. */
  readonly retrainAfterLabels: number;
  readonly extension: AssetModelRequest['extension'];
  readonly contamination: number;
  readonly trainFromMs: number;
  readonly trainToMs: number;
  readonly trainedMs: number;
  /** 1 at first training, +1 at each retraining. */
  readonly version: number;
  readonly trainingRows: number;
  /** A score at or above it raises an alert. */
  readonly threshold: number;
  /** Labels the last training used. */
  readonly labelsUsed: { readonly real: number; readonly expected: number };
  readonly forest: IsolationForestJson;
  /** Each property's distribution over the training rows: what drift is measured against. */
  readonly reference: Readonly<Record<string, ReferenceDistributionJson>>;
}

/** Rows fewer than this say too little about normal operation to isolate anything. */
export const TRAINING_ROWS_MIN = 50;

export interface TrainedAssetModel {
  readonly model: IsolationForestModel;
  readonly threshold: number;
  readonly trainingRows: number;
  readonly reference: Readonly<Record<string, ReferenceDistributionJson>>;
}

/**
 * Trains on the window's rows (thinned to the scoring rate, so training sees what scoring will),
 * sets the threshold from the contamination, then, when there are labels, retrains with them
 * (real rows leave "normal", expected ones join it) and moves the threshold to where the
 * labels' F1 is best.
 */
export function trainAssetModel(
  window: readonly TimedRow[],
  request: Pick<AssetModelRequest, 'properties' | 'extension' | 'contamination' | 'everyMs'>,
  labels: readonly RowLabel[] = [],
  previous?: IsolationForestModel,
): TrainedAssetModel {
  const rows = thinRows(window, request.everyMs);
  if (rows.length < TRAINING_ROWS_MIN) {
    throw new DoppelError(
      'anomaly.model-invalid',
      `the training window holds ${rows.length} rows with every property (at most one per ${request.everyMs} ms); ` +
        `at least ${TRAINING_ROWS_MIN} are needed: widen the window or check that history holds ${request.properties.join(', ')}`,
    );
  }
  const model =
    previous === undefined || labels.length === 0
      ? trainIsolationForest(
          rows.map((row) => row.values),
          { featureNames: request.properties, extension: request.extension },
        )
      : retrainIsolationForest(previous, rows, labels, { extension: request.extension });
  const trainingScores = scoreRows(
    model,
    rows.map((row) => row.values),
  ).filter((score): score is number => score !== null);
  let threshold = thresholdFromContamination(trainingScores, request.contamination);
  if (labels.length > 0) {
    const labelled = scoreRows(
      model,
      labels.map((label) => label.values),
    ).flatMap((score, i) => (score === null ? [] : [{ score, real: (labels[i] as RowLabel).real }]));
    threshold = tuneThresholdByF1(labelled, threshold).threshold;
  }
  const reference = Object.fromEntries(
    request.properties.map((property, p) => [
      property,
      ReferenceDistribution.fromSample(rows.map((row) => row.values[p] as number)).toJSON(),
    ]),
  );
  return { model, threshold, trainingRows: rows.length, reference };
}
