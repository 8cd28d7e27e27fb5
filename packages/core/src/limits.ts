/**
 * Every limit of the platform, in one place, with units in the names (STYLE.md 13). Each one has
 * an overflow policy, stated beside it. Configuration may override any of them (see the README's
 * "Limits" table, which mirrors this object).
 */
export const DEFAULT_LIMITS = {
  // --- ingest ---
  /** Largest accepted MQTT or HTTP ingest payload. Larger: dead letter `ingest.payload-too-large` (raw kept truncated). */
  payloadBytesMax: 1_048_576,
  /** Most samples (array elements) in one payload. More: the whole payload is dead-lettered `ingest.batch-too-large`. */
  samplesPerPayloadMax: 10_000,
  /** Raw bytes kept in a dead letter; the rest is cut and `rawTruncated` is set. */
  deadLetterRawBytesMax: 65_536,
  /** Dead letters kept; the oldest are evicted beyond it (counted in doppel_deadletters_evicted_total). */
  deadLettersMax: 1_000_000,
  /** A source time earlier than receive time minus this is `ingest.timestamp-out-of-range`. */
  timestampPastMaxMs: 10 * 365 * 24 * 3_600_000,
  /** A source time later than receive time plus this is `ingest.timestamp-out-of-range` (clock skew allowance). */
  timestampFutureMaxMs: 24 * 3_600_000,
  /** Points waiting between decode and durable append. Full: MQTT sockets are paused, HTTP answers 503. */
  ingestQueuePointsMax: 500_000,
  /** Seconds an HTTP client is told to wait (Retry-After) when ingest is saturated. */
  retryAfterSeconds: 1,
  /** Per MQTT client: messages per second before its socket is paused for the rest of the second. */
  clientMessagesPerSecondMax: 50_000,
  /** Per MQTT client: payload bytes per second before its socket is paused for the rest of the second. */
  clientBytesPerSecondMax: 64 * 1_048_576,
  /** Event-loop delay (p99 over the last window) above which ingest is treated as saturated. */
  eventLoopLagAlarmMs: 200,

  // --- durable log ---
  /** Longest an append waits for its group commit. */
  groupCommitIntervalMs: 2,
  /** A group is committed at once when it reaches this many bytes. */
  groupCommitBytesMax: 4 * 1_048_576,
  /** Segment files roll over at this size. */
  logSegmentBytesMax: 128 * 1_048_576,
  /** State snapshots are written after this many applied points, so that restart replays little. */
  snapshotEveryPoints: 10_000_000,
  /**
   * Event-log bytes kept on disk. Beyond it, whole segments already covered by a state snapshot
   * are deleted after each snapshot (history, when it consumes the log, will hold them back).
   */
  logRetentionBytesMax: 8 * 1_073_741_824,

  // --- history ---
  /** Points returned per series by one history query. More: `history.too-many-points`. */
  historyPointsMax: 100_000,
  /** Series in one batch query. */
  historySeriesPerQueryMax: 100,
  /** Time one history query may take. Longer: `history.query-timeout`. */
  historyQueryTimeoutMs: 5_000,
  /** Rows one SQL query may return, and the time it may take. */
  historySqlRowsMax: 100_000,
  historySqlTimeoutMs: 10_000,

  // --- live push (WebSocket) ---
  /** Default and minimum coalescing window per twin per client. */
  liveCoalesceMs: 100,
  liveCoalesceMinMs: 0,
  /** Bytes queued on a client's socket beyond which frames are dropped (counted) and "lagging" is sent. */
  liveClientBufferedBytesMax: 4 * 1_048_576,
  /** Twins (plus models) one client may subscribe to. More: `live.subscription-limit`. */
  liveSubscriptionsPerClientMax: 100_000,
  /** Live clients at once; more are refused at upgrade. */
  liveClientsMax: 1_000,
  /** Incoming frame size from a live client. */
  liveFrameBytesMax: 1_048_576,

  // --- Commands (sync) ---
  /** Commands and desired values not finished at once (pending, sent, acknowledged); more: `command.queue-full`. */
  commandsPendingMax: 10_000,
  /** How long a sent command waits for the device's answer unless the caller says (`timeoutMs`). */
  commandTimeoutMsDefault: 30_000,
  /** How long a command waits for its device to be connected unless the caller says (`ttlMs`). */
  commandTtlMsDefault: 60_000,
  /** Finished commands are kept (the audit trail) this long, then pruned hourly. */
  commandRetentionMs: 90 * 86_400_000,

  // --- floor plans ---
  /** Largest plan background: an SVG's UTF-8 bytes, or an image's decoded bytes. Larger: 400 `plan.invalid`. */
  planBackgroundBytesMax: 4 * 1_048_576,
  /** Placements on one plan. More: 400 `plan.invalid` (the plan, or the placement being added, is refused). */
  planPlacementsMax: 20_000,

  // --- REST ---
  /** Request body limit of the REST API (ingest routes use payloadBytesMax). */
  requestBodyBytesMax: 32 * 1_048_576,
  /** Page size cap of list endpoints. */
  pageSizeMax: 1_000,
  pageSizeDefault: 100,
} as const;

export type Limits = { -readonly [K in keyof typeof DEFAULT_LIMITS]: number };
