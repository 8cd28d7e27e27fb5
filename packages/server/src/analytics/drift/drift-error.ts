/**
 * Named failures of drift monitoring. Not in the core error catalog, as with the isolation forest:
 * the service that stores references and builds monitors turns them into `request.invalid` (a
 * training window too small to describe, a bad option) or `internal.error` (a stored reference that
 * no longer reads), keeping this error as `cause`.
 */
export type DriftErrorReason =
  /** The reference sample cannot describe a distribution: too few finite values. */
  | 'drift.invalid-reference-sample'
  /** An option is out of range (bin count, window size, thresholds, …). */
  | 'drift.invalid-option'
  /** A stored reference (JSON) is malformed, of an unknown version or inconsistent. */
  | 'drift.invalid-json';

export class DriftError extends Error {
  readonly reason: DriftErrorReason;

  constructor(reason: DriftErrorReason, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'DriftError';
    this.reason = reason;
  }
}

export function isDriftError(thrown: unknown, reason?: DriftErrorReason): thrown is DriftError {
  return thrown instanceof DriftError && (reason === undefined || thrown.reason === reason);
}

export function integerIn(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DriftError(
      'drift.invalid-option',
      `Invalid drift option: ${name} must be an integer in ${min}…${max}, got ${value}.`,
    );
  }
  return value;
}
