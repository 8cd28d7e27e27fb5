import { randomUUID } from 'node:crypto';
import type { Clock, Logger } from '@doppel/core';
import type { AlertEventKind, AlertLabel } from '@doppel/protocol';
import { DoppelError } from '@doppel/core';
import type { RuleTransition } from '../rules/rule-engine.js';
import type { MaintenanceEvent } from '../maintenance/maintenance-event.js';
import type { Alert, AlertFilter, AlertStatus, AlertStore } from './alert.js';

const NOTE_MAX = 2_048;

/** What happened to an alert, for the live fan-out and the notification channels. */
export type AlertEvent = AlertEventKind;

export type AlertListener = (alert: Alert, event: AlertEvent) => void;

/**
 * Alerts from rule transitions, with their lifecycle and deduplication: a rule raised for a twin
 * opens an alert unless one is open for that rule and twin (then it counts an occurrence); the
 * rule clearing clears it (by `rule`); people acknowledge and clear alerts with a note. Open
 * alerts are kept in memory (few, by nature) and every change is written to the store, in order.
 */
export class AlertService {
  private readonly open = new Map<string, Alert>();
  private readonly listeners = new Set<AlertListener>();
  /** Store writes in the order the changes happened. */
  private writes: Promise<void> = Promise.resolve();
  /** Writes that failed (logged each time); the in-memory alert stays right. */
  failedWrites = 0;

  constructor(
    private readonly store: AlertStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Loads the open alerts (before the engine's first evaluation, so that restarts do not repeat them). */
  async start(): Promise<Alert[]> {
    const open = await this.store.allOpen();
    for (const alert of open) this.open.set(key(alert.ruleId, alert.twinId), alert);
    return open;
  }

  onChange(listener: AlertListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A rule started or stopped holding for a twin. */
  transition(transition: RuleTransition): void {
    const { rule, twinId, atMs, reason } = transition;
    const id = key(rule.id, twinId);
    const current = this.open.get(id);
    if (transition.type === 'raised') {
      if (current !== undefined) {
        this.change(
          {
            ...current,
            occurrences: current.occurrences + 1,
            lastRaisedMs: atMs,
            message: reason,
            ...strongest(current.score, transition.score),
          },
          'repeated',
        );
        return;
      }
      const alert: Alert = {
        id: randomUUID(),
        ruleId: rule.id,
        ruleName: rule.name,
        twinId,
        severity: rule.severity,
        status: 'active',
        message: reason,
        raisedMs: atMs,
        ...(transition.sourceTimeMs === undefined ? {} : { sourceTimeMs: transition.sourceTimeMs }),
        ...(transition.score === undefined ? {} : { score: transition.score }),
        occurrences: 1,
        lastRaisedMs: atMs,
        acknowledgedMs: null,
        acknowledgedBy: null,
        clearedMs: null,
        clearedBy: null,
        log: [{ atMs, by: 'rule', status: 'active', note: reason }],
      };
      this.change(alert, 'raised');
      return;
    }
    if (current === undefined) return;
    this.change(
      {
        ...current,
        status: 'cleared',
        clearedMs: atMs,
        clearedBy: 'rule',
        log: [...current.log, { atMs, by: 'rule', status: 'cleared', note: reason }],
      },
      'cleared',
    );
  }

  async acknowledge(id: string, by: string, note?: string): Promise<Alert> {
    return this.move(id, 'acknowledged', by, note);
  }

  /** Cleared by hand: the rule raises it again only after its condition stopped holding. */
  async clear(id: string, by: string, note?: string): Promise<Alert> {
    return this.move(id, 'cleared', by, note);
  }

  /** A failure, repair or inspection of a twin (analytics/maintenance), written in order with the alerts. */
  async recordMaintenance(event: MaintenanceEvent): Promise<void> {
    this.writes = this.writes.then(() => this.store.saveMaintenanceEvent(event));
    await this.writes;
  }

  async maintenanceEvents(filter: { readonly twinId?: string }, limit: number): Promise<MaintenanceEvent[]> {
    await this.writes;
    return this.store.maintenanceEvents(filter, limit);
  }

  /**
   * An anomaly a detector or model did not raise, reported by a person: kept as a cleared alert
   * labelled real at the time it happened, so that it counts against recall.
   */
  async recordMissed(report: {
    readonly ruleId: string;
    readonly ruleName: string;
    readonly twinId: string;
    readonly severity: Alert['severity'];
    readonly atMs: number;
    readonly by: string;
    readonly note?: string | undefined;
    /** Who missed it, for the log: "the detectors", "the asset model". */
    readonly missedBy: string;
  }): Promise<Alert> {
    const { atMs, by } = report;
    const nowMs = this.clock.nowMs();
    return this.record({
      id: randomUUID(),
      ruleId: report.ruleId,
      ruleName: report.ruleName,
      twinId: report.twinId,
      severity: report.severity,
      status: 'cleared',
      message: report.note ?? `reported by ${by}`,
      raisedMs: atMs,
      sourceTimeMs: atMs,
      occurrences: 1,
      lastRaisedMs: atMs,
      acknowledgedMs: null,
      acknowledgedBy: null,
      clearedMs: nowMs,
      clearedBy: by,
      label: 'real',
      log: [{ atMs: nowMs, by, status: 'cleared', note: `reported as missed by ${report.missedBy}` }],
    });
  }

  /** Keeps an alert made elsewhere as it is. */
  async record(alert: Alert): Promise<Alert> {
    this.change(alert, alert.status === 'cleared' ? 'cleared' : 'raised');
    await this.writes;
    return alert;
  }

  /** The operator says whether it was a real anomaly or expected (kept, with who, in the log). */
  async label(id: string, label: AlertLabel, by: string): Promise<Alert> {
    const alert = [...this.open.values()].find((candidate) => candidate.id === id) ?? (await this.get(id));
    const atMs = this.clock.nowMs();
    const next: Alert = {
      ...alert,
      label,
      log: [...alert.log, { atMs, by, status: alert.status, note: `labelled ${label}` }],
    };
    this.change(next, 'labelled');
    await this.writes;
    return next;
  }

  async get(id: string): Promise<Alert> {
    await this.writes;
    const alert = await this.store.get(id);
    if (alert === undefined) throw new DoppelError('alert.not-found', `no alert ${id}`);
    return alert;
  }

  async list(filter: AlertFilter, limit: number): Promise<Alert[]> {
    await this.writes;
    return this.store.list(filter, limit);
  }

  /** Resolves once every change so far is written (before the store closes). */
  async settled(): Promise<void> {
    await this.writes;
  }

  /** Open alerts now, from memory (the UI's counts, the rule API). */
  openAlerts(): Alert[] {
    return [...this.open.values()];
  }

  private async move(id: string, status: AlertStatus, by: string, note: string | undefined): Promise<Alert> {
    if (note !== undefined && note.length > NOTE_MAX)
      throw new DoppelError('alert.invalid-move', `note longer than ${NOTE_MAX} characters`);
    const alert = [...this.open.values()].find((candidate) => candidate.id === id) ?? (await this.get(id));
    const allowed = status === 'acknowledged' ? alert.status === 'active' : alert.status !== 'cleared';
    if (!allowed)
      throw new DoppelError('alert.invalid-move', `an alert that is ${alert.status} cannot become ${status}`);
    const atMs = this.clock.nowMs();
    const entry = { atMs, by, status, ...(note === undefined || note === '' ? {} : { note }) };
    const next: Alert =
      status === 'acknowledged'
        ? { ...alert, status, acknowledgedMs: atMs, acknowledgedBy: by, log: [...alert.log, entry] }
        : { ...alert, status, clearedMs: atMs, clearedBy: by, log: [...alert.log, entry] };
    this.change(next, status === 'acknowledged' ? 'acknowledged' : 'cleared');
    await this.writes;
    return next;
  }

  private change(alert: Alert, event: AlertEvent): void {
    const id = key(alert.ruleId, alert.twinId);
    if (alert.status === 'cleared') this.open.delete(id);
    else this.open.set(id, alert);
    this.writes = this.writes
      .then(() => this.store.save(alert))
      .catch((error: unknown) => {
        this.failedWrites++;
        this.logger.error('alert write failed', { alert: alert.id, error: (error as Error).message });
      });
    for (const listener of this.listeners) listener(alert, event);
  }
}

const key = (ruleId: string, twinId: string): string => `${ruleId}\u0000${twinId}`;

/** The score an alert keeps over its occurrences: the strongest. */
function strongest(current: number | undefined, next: number | undefined): { score?: number } {
  if (next === undefined) return current === undefined ? {} : { score: current };
  return { score: current === undefined ? next : Math.max(current, next) };
}
