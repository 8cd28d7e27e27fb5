/** How bad an alert is, worst first. */
export type AlertSeverity = 'critical' | 'major' | 'minor' | 'warning';

export type AlertStatus = 'active' | 'acknowledged' | 'cleared';

/**
 * An alert (`GET /api/v1/alerts/{id}` and the `alert.updated` WebSocket frame): a rule firing
 * for a twin, with its lifecycle `active → acknowledged → cleared` (or `active → cleared`), who
 * moved it and when. While open (active or acknowledged), the rule firing again counts an
 * occurrence instead of opening another alert.
 */
export interface AlertView {
  readonly id: string;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly twinId: string;
  readonly severity: AlertSeverity;
  readonly status: AlertStatus;
  /** Why it was raised ("temperature 29.4 > 28"). */
  readonly message: string;
  readonly raisedMs: number;
  /**
   * The source time of the value that raised it, when a value did (not a deadline): differs from
   * `raisedMs` for data sent late or back-filled. Predictions are checked against failures by it.
   */
  readonly sourceTimeMs?: number;
  /**
   * How strong what raised it was, for alerts of detectors and models: the robust |z| of a spike,
   * the CUSUM statistic of a drift, an anomaly model's score; the strongest over its occurrences.
   * Labels tune the detectors by it.
   */
  readonly score?: number;
  /** How many times the condition fired while this alert was open (1 at first). */
  readonly occurrences: number;
  readonly lastRaisedMs: number;
  readonly acknowledgedMs: number | null;
  readonly acknowledgedBy: string | null;
  readonly clearedMs: number | null;
  /** `rule` when its condition cleared it, otherwise the person or client who did. */
  readonly clearedBy: string | null;
  /**
   * The operator's judgement of what was raised: a `real` anomaly or an `expected` one (a false
   * alarm). Detectors' precision and recall are measured against these (`GET /api/v1/detectors`).
   */
  readonly label?: AlertLabel;
  /** Every move: when, by whom, to which status, with an optional note. */
  readonly log: readonly {
    readonly atMs: number;
    readonly by: string;
    readonly status: AlertStatus;
    readonly note?: string;
  }[];
}

export type AlertLabel = 'real' | 'expected';

/** What happened to an alert. */
export type AlertEventKind = 'raised' | 'repeated' | 'acknowledged' | 'cleared' | 'labelled';
