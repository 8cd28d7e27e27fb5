import { IsolationForestError } from './isolation-forest-error.js';

/** One observation of an asset: one value per feature, in the order of the model's feature names. */
export type FeatureRow = ArrayLike<number>;

/** Rows packed row-major into one buffer: value of feature f in row r is `values[r * featureCount + f]`. */
export interface FeatureMatrix {
  readonly values: Float64Array;
  readonly rowCount: number;
  readonly featureCount: number;
}

/**
 * Packs a training window into a matrix, refusing what would silently skew a model: no rows,
 * rows of different lengths, NaN or ±Infinity (a sensor fault is not "normal operation"; drop or
 * fill such rows before training).
 */
export function toFeatureMatrix(rows: readonly FeatureRow[], featureNames?: readonly string[]): FeatureMatrix {
  const first = rows[0];
  if (first === undefined) throw invalid('the training window has no rows');
  const featureCount = first.length;
  if (featureCount === 0) throw invalid('training rows have no features');
  const values = new Float64Array(rows.length * featureCount);
  rows.forEach((row, rowIndex) => {
    if (row.length !== featureCount) {
      throw invalid(`row ${rowIndex} has ${row.length} features, row 0 has ${featureCount}`);
    }
    for (let f = 0; f < featureCount; f++) {
      const value = row[f] as number;
      if (!Number.isFinite(value)) {
        const name = featureNames?.[f] ?? `#${f}`;
        throw invalid(`row ${rowIndex}, feature ${name}: ${String(value)} is not a finite number`);
      }
      values[rowIndex * featureCount + f] = value;
    }
  });
  return { values, rowCount: rows.length, featureCount };
}

/** Whether every value of a row to score is finite (a NaN cannot be compared with a split value). */
export function isFiniteRow(row: FeatureRow): boolean {
  for (let f = 0; f < row.length; f++) if (!Number.isFinite(row[f])) return false;
  return true;
}

function invalid(detail: string): IsolationForestError {
  return new IsolationForestError('forest.invalid-training-rows', `Cannot train an isolation forest: ${detail}.`);
}
