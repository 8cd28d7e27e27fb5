/**
 * Named failures of the event log. They are not in the core error catalog because they never
 * reach a client as such: ingest turns any of them into `ingest.overloaded` / `service.unavailable`
 * (retry later) and the boundary keeps this error as `cause`.
 */
export type EventLogErrorReason =
  /** The log is not open (before `open`, after `close`). */
  | 'log.closed'
  /** A write failed (disk full, EIO): the append was rolled back; later appends may succeed. */
  | 'log.write-failed'
  /** An fdatasync failed: the durability of written data is unknown, so the log refuses appends until reopened. */
  | 'log.sync-failed'
  /** A single record is larger than the configured maximum. */
  | 'log.record-too-large'
  /** `read` from an offset that was truncated away or that does not exist yet. */
  | 'log.offset-out-of-range'
  /** A record failed its CRC check on read: the file was damaged after it was written. */
  | 'log.corrupt';

export class EventLogError extends Error {
  readonly reason: EventLogErrorReason;

  constructor(reason: EventLogErrorReason, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'EventLogError';
    this.reason = reason;
  }
}

export function isEventLogError(thrown: unknown, reason?: EventLogErrorReason): thrown is EventLogError {
  return thrown instanceof EventLogError && (reason === undefined || thrown.reason === reason);
}
