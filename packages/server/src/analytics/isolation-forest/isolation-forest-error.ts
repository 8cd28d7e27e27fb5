/**
 * Named failures of the isolation forest. They are not in the core error catalog because they never
 * reach a client as such: the anomaly service that trains and stores models turns them into
 * `request.invalid` (a bad training window) or `internal.error` (a stored model that no longer
 * reads), keeping this error as `cause`.
 */
export type IsolationForestErrorReason =
  /** An option is out of range (tree count, sample size, contamination, …). */
  | 'forest.invalid-option'
  /** The training window is unusable: too few rows, ragged rows or a non-finite value. */
  | 'forest.invalid-training-rows'
  /** A row to score has a different number of features than the model. */
  | 'forest.feature-count-mismatch'
  /** A stored model (JSON) is malformed, of an unknown version or structurally unsound. */
  | 'forest.invalid-json'
  /** Operator labels cannot be used: a non-finite score. */
  | 'forest.invalid-labels';

export class IsolationForestError extends Error {
  readonly reason: IsolationForestErrorReason;

  constructor(reason: IsolationForestErrorReason, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'IsolationForestError';
    this.reason = reason;
  }
}

export function isIsolationForestError(
  thrown: unknown,
  reason?: IsolationForestErrorReason,
): thrown is IsolationForestError {
  return thrown instanceof IsolationForestError && (reason === undefined || thrown.reason === reason);
}
