/**
 * The durable event log port (DESIGN.md 2, 4.2): ingest appends decoded samples here and
 * acknowledges the producer (MQTT PUBACK, HTTP 2xx) only once `append` has resolved.
 * Consumers (twin state, history, analytics) replay it from their own checkpoints.
 *
 * Adapters: `SegmentLog` (embedded, append-only segment files) and `MemoryLog` (tests).
 * Both pass `describeEventLogContract`.
 */

/** Sequence number of a record: 0-based, dense, monotonic, never reused. */
export type LogOffset = number;

export interface LogRecordView {
  readonly offset: LogOffset;
  /** May share memory with neighbouring records of the same batch: copy it to keep it long. */
  readonly payload: Uint8Array;
}

/**
 * - `always` (default): fdatasync each commit group before resolving its appends: `kill -9` and
 *   power loss lose nothing acknowledged.
 * - `interval`: resolve after write(); fdatasync every `fsyncIntervalMs`. `kill -9` loses nothing
 *   (the page cache survives the process); power loss may lose the last interval.
 * - `never`: resolve after write(); leave flushing to the OS (fdatasync only on close).
 */
export type FsyncPolicy = 'always' | 'interval' | 'never';

export interface EventLogStats {
  readonly segments: number;
  /** Bytes on disk (frames included) of the segments still present. */
  readonly bytes: number;
  /** Records appended (and acknowledged) since `open`. */
  readonly appendedRecords: number;
  readonly groupCommits: number;
  readonly fsyncs: number;
}

export interface ReadOptions {
  /** Records per yielded batch at most (default 1,000). */
  readonly batchRecordsMax?: number;
}

export interface EventLog {
  /** Opens (creating if needed) and recovers: a torn tail (partial record / bad CRC after a crash) is truncated and logged. */
  open(): Promise<void>;
  /**
   * Appends records in order; resolves with the offset of the first one once they are durable per
   * the fsync policy. Concurrent appends are group-committed together (one write + one fdatasync
   * per group). Order of offsets = order of append calls. An empty append resolves with
   * `nextOffset()` once every earlier append is durable (a flush barrier).
   * Rejects with an `EventLogError`; the offsets of a rejected append are not consumed.
   */
  append(payloads: readonly Uint8Array[]): Promise<LogOffset>;
  /** Offset the next appended record will get (= number of records ever appended). */
  nextOffset(): LogOffset;
  /** First offset still readable (older segments may have been deleted by retention). */
  firstOffset(): LogOffset;
  /**
   * Reads records from `from` (inclusive) in order, in batches, up to the last acknowledged record
   * as of the call (records still waiting for their commit are not visible, so that no consumer
   * acts on a record that a crash could still take back). Throws `log.offset-out-of-range` when
   * `from` is below `firstOffset()` or above `nextOffset()`.
   */
  read(from: LogOffset, options?: ReadOptions): AsyncIterable<readonly LogRecordView[]>;
  /** Deletes whole segments whose records are all below `offset` (consumers checkpointed past them). Never the last segment. */
  truncateBefore(offset: LogOffset): Promise<void>;
  /**
   * Bytes appended but not yet acknowledged. The log never refuses an append for being slow:
   * producers compare this with their own bound and push back (DESIGN.md 4.3).
   */
  pendingBytes(): number;
  stats(): EventLogStats;
  /** Commits everything pending, syncs and releases files. Appends after close reject. */
  close(): Promise<void>;
}
