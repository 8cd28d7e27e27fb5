import type { AlertRuleSet, Severity } from '../rules/rule-types.js';

/**
 * An alert: a rule (or later a detector) firing for a twin, with a lifecycle
 * `active → acknowledged → cleared` (or `active → cleared`), who moved it and when. At most one
 * alert per rule and twin is open (active or acknowledged): the rule firing again while it is
 * open counts an occurrence instead of opening another (deduplication).
 */
export type AlertStatus = 'active' | 'acknowledged' | 'cleared';

export interface Alert {
  readonly id: string;
  /** The rule's id (`rule:<id>`) or the detector's name that raised it. */
  readonly ruleId: string;
  readonly ruleName: string;
  readonly twinId: string;
  readonly severity: Severity;
  readonly status: AlertStatus;
  /** Why it was raised ("temperature 29.4 > 28"). */
  readonly message: string;
  readonly raisedMs: number;
  /** How many times the condition fired while this alert was open (1 at first). */
  readonly occurrences: number;
  readonly lastRaisedMs: number;
  readonly acknowledgedMs: number | null;
  readonly acknowledgedBy: string | null;
  readonly clearedMs: number | null;
  /** `rule` when the condition cleared it, otherwise the person or client who did. */
  readonly clearedBy: string | null;
  /** Every move: when, by whom, to which status, with an optional note. */
  readonly log: readonly {
    readonly atMs: number;
    readonly by: string;
    readonly status: AlertStatus;
    readonly note?: string;
  }[];
}

export interface AlertFilter {
  readonly twinId?: string;
  readonly status?: AlertStatus | 'open';
  readonly ruleId?: string;
  readonly severity?: Severity;
}

/** Where alerts and the rule set live (SQLite `alerts.db`; PostgreSQL later). */
export interface AlertStore {
  open(): Promise<void>;
  close(): Promise<void>;
  /** Inserts or replaces by id; durable when it resolves. */
  save(alert: Alert): Promise<void>;
  get(id: string): Promise<Alert | undefined>;
  /** Newest first, at most `limit`. `status: 'open'` means active or acknowledged. */
  list(filter: AlertFilter, limit: number): Promise<Alert[]>;
  /** The open alert of a rule and twin, if any. */
  openOf(ruleId: string, twinId: string): Promise<Alert | undefined>;
  /** Every open alert (for the start: the engine's raised pairs are rebuilt from them). */
  allOpen(): Promise<Alert[]>;
  loadRuleSet(): Promise<AlertRuleSet | undefined>;
  saveRuleSet(ruleSet: AlertRuleSet): Promise<void>;
}
