import type { AlertStatus, AlertView } from '@doppel/protocol';
import type { MaintenanceEvent } from '../maintenance/maintenance-event.js';
import type { AlertRuleSet, Severity } from '../rules/rule-types.js';

/**
 * An alert: a rule (or later a detector) firing for a twin, with a lifecycle
 * `active → acknowledged → cleared` (or `active → cleared`), who moved it and when. At most one
 * alert per rule and twin is open (active or acknowledged): the rule firing again while it is
 * open counts an occurrence instead of opening another (deduplication).
 */
export type { AlertStatus } from '@doppel/protocol';
/** The alert as stored and as the API and live frames show it (protocol's AlertView). */
export type Alert = AlertView;

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
  /** Failures, repairs and inspections people record (analytics/maintenance). */
  saveMaintenanceEvent(event: MaintenanceEvent): Promise<void>;
  /** Newest first, at most `limit`. */
  maintenanceEvents(filter: { readonly twinId?: string }, limit: number): Promise<MaintenanceEvent[]>;
  saveRuleSet(ruleSet: AlertRuleSet): Promise<void>;
}
