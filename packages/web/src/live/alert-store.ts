import type { AlertSeverity, AlertStatus, AlertView } from '@doppel/protocol';

/** How far along its lifecycle a status is; a view never moves an alert back. */
const STATUS_RANK: Readonly<Record<AlertStatus, number>> = { active: 0, acknowledged: 1, cleared: 2 };
export const SEVERITY_RANK: Readonly<Record<AlertSeverity, number>> = { critical: 0, major: 1, minor: 2, warning: 3 };
/** Alerts kept at most (open ones first): a page shows open alerts and each twin's recent ones. */
const KEPT_MAX = 2_000;

/** Whether `next` is newer news about an alert than `held` (frames and REST answers interleave). */
export function supersedesAlert(next: AlertView, held: AlertView): boolean {
  const rank = STATUS_RANK[next.status] - STATUS_RANK[held.status];
  if (rank !== 0) return rank > 0;
  return (
    next.log.length > held.log.length || (next.log.length === held.log.length && next.occurrences >= held.occurrences)
  );
}

/** Open first by severity (worst first), then newest first. */
export function alertOrder(a: AlertView, b: AlertView): number {
  const open = Number(a.status === 'cleared') - Number(b.status === 'cleared');
  return open || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.lastRaisedMs - a.lastRaisedMs;
}

/**
 * The alerts this page knows, from REST answers and `alert.updated` frames (the page subscribes to
 * every alert: they are few). Readers subscribe and read `version` to re-render on a change.
 */
export class AlertStore {
  private readonly byId = new Map<string, AlertView>();
  private readonly listeners = new Set<() => void>();
  version = 0;

  apply(alerts: readonly AlertView[]): void {
    let changed = false;
    for (const alert of alerts) {
      const held = this.byId.get(alert.id);
      if (held !== undefined && (held === alert || !supersedesAlert(alert, held))) continue;
      this.byId.set(alert.id, alert);
      changed = true;
    }
    if (!changed) return;
    if (this.byId.size > KEPT_MAX) {
      const drop = [...this.byId.values()].sort(alertOrder).slice(KEPT_MAX);
      for (const alert of drop) this.byId.delete(alert.id);
    }
    this.version++;
    for (const listener of [...this.listeners]) listener();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Open alerts (active or acknowledged), worst and newest first. */
  open(): AlertView[] {
    return [...this.byId.values()].filter((alert) => alert.status !== 'cleared').sort(alertOrder);
  }

  /** A twin's alerts known here, open first, newest first. */
  ofTwin(twinId: string): AlertView[] {
    return [...this.byId.values()].filter((alert) => alert.twinId === twinId).sort(alertOrder);
  }

  all(): AlertView[] {
    return [...this.byId.values()].sort(alertOrder);
  }
}
