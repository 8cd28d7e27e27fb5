import type { Clock, Logger } from '@doppel/core';
import type { WorkOrderService } from './work-order-service.js';

/**
 * Discrepancies: sources that contradict each other, caught by rules written in the query language
 * (configuration `discrepancies`), e.g. a damper the BMS reports closed while the airflow sensor in
 * its duct shows flow:
 *
 *   SELECT D.$dtId AS twinId FROM DIGITALTWINS D JOIN S RELATED D.hasSensor
 *   WHERE IS_OF_MODEL(D, 'dtmi:acme:Damper;1') AND D.position = 0 AND S.airflow > 0.5
 *
 * Each rule runs every `intervalMs` (default 5 s); a twin that enters its result is a new
 * discrepancy: it is announced and gets a maintenance work order, unless one from the same rule is
 * still open or assigned for it (so a restart or a flapping condition does not open duplicates).
 * A twin that leaves the result is announced as cleared; its work order stays for a person to close.
 */
export interface DiscrepancyRule {
  readonly name: string;
  /** A twin query whose rows carry the twin in discrepancy as `twinId`. */
  readonly query: string;
  /** The work order's title (default: "Discrepancy: <name>"). */
  readonly title?: string;
  readonly intervalMs?: number;
}

export interface Discrepancy {
  readonly rule: string;
  readonly twinId: string;
  readonly sinceMs: number;
  /** The query's row for it (the values that contradict each other). */
  readonly row: unknown;
}

export type DiscrepancyEvent = { readonly type: 'discrepancy.raised' | 'discrepancy.cleared' } & Discrepancy;

const DEFAULT_INTERVAL_MS = 5_000;

export class DiscrepancyWatcher {
  private readonly active = new Map<string, Map<string, Discrepancy>>();
  private readonly lastRunMs = new Map<string, number>();
  private readonly listeners = new Set<(event: DiscrepancyEvent) => void>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  /** Runs that failed (the query is refused, too big, or timed out); logged each time. */
  failedRuns = 0;

  constructor(
    private readonly rules: readonly DiscrepancyRule[],
    private readonly runQuery: (text: string) => Promise<readonly unknown[]>,
    private readonly workOrders: WorkOrderService,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.rules.length === 0) return;
    this.timer = setInterval(() => void this.check(), 1_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.running;
  }

  onEvent(listener: (event: DiscrepancyEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  current(): Discrepancy[] {
    return [...this.active.values()].flatMap((twins) => [...twins.values()]);
  }

  /** Runs the rules that are due (all of them with `force`); never two checks at once. */
  check(force = false): Promise<void> {
    this.running = this.running.then(async () => {
      const nowMs = this.clock.nowMs();
      for (const rule of this.rules) {
        const due = (this.lastRunMs.get(rule.name) ?? -Infinity) + (rule.intervalMs ?? DEFAULT_INTERVAL_MS);
        if (!force && nowMs < due) continue;
        this.lastRunMs.set(rule.name, nowMs);
        await this.checkRule(rule, nowMs);
      }
    });
    return this.running;
  }

  private async checkRule(rule: DiscrepancyRule, nowMs: number): Promise<void> {
    let rows: readonly unknown[];
    try {
      rows = await this.runQuery(rule.query);
    } catch (error) {
      this.failedRuns++;
      this.logger.error('discrepancy rule failed', { rule: rule.name, error: (error as Error).message });
      return;
    }
    const found = new Map<string, unknown>();
    for (const row of rows) {
      const twinId = (row as { twinId?: unknown } | null)?.twinId;
      if (typeof twinId === 'string') found.set(twinId, row);
    }
    await this.settle(rule, found, nowMs);
  }

  /**
   * Discrepancies found by something other than a query (a consistency rule whose inputs disagree,
   * docs/sync.md): `found` is every twin in discrepancy for `rule` now, with what contradicts.
   * Raised, cleared and given work orders like the query rules' (and in turn with their checks).
   */
  report(rule: Pick<DiscrepancyRule, 'name' | 'title'>, found: ReadonlyMap<string, unknown>): Promise<void> {
    this.running = this.running.then(() => this.settle(rule, found, this.clock.nowMs()));
    return this.running;
  }

  private async settle(
    rule: Pick<DiscrepancyRule, 'name' | 'title'>,
    found: ReadonlyMap<string, unknown>,
    nowMs: number,
  ): Promise<void> {
    let active = this.active.get(rule.name);
    if (active === undefined) this.active.set(rule.name, (active = new Map()));
    for (const [twinId, row] of found) {
      if (active.has(twinId)) continue;
      const discrepancy: Discrepancy = { rule: rule.name, twinId, sinceMs: nowMs, row };
      active.set(twinId, discrepancy);
      this.emit({ type: 'discrepancy.raised', ...discrepancy });
      await this.openWorkOrder(rule, discrepancy);
    }
    for (const [twinId, discrepancy] of active) {
      if (found.has(twinId)) continue;
      active.delete(twinId);
      this.emit({ type: 'discrepancy.cleared', ...discrepancy });
    }
  }

  private async openWorkOrder(rule: Pick<DiscrepancyRule, 'name' | 'title'>, discrepancy: Discrepancy): Promise<void> {
    try {
      const open = [
        ...(await this.workOrders.list({ twinId: discrepancy.twinId, rule: rule.name, status: 'open' }, 1)),
        ...(await this.workOrders.list({ twinId: discrepancy.twinId, rule: rule.name, status: 'assigned' }, 1)),
      ];
      if (open.length > 0) return;
      await this.workOrders.open({
        twinId: discrepancy.twinId,
        title: rule.title ?? `Discrepancy: ${rule.name}`,
        description: `Rule "${rule.name}" found ${JSON.stringify(discrepancy.row)} at ${new Date(discrepancy.sinceMs).toISOString()}.`,
        createdBy: `discrepancy:${rule.name}`,
        rule: rule.name,
      });
    } catch (error) {
      this.logger.error('opening a work order for a discrepancy failed', {
        rule: rule.name,
        twinId: discrepancy.twinId,
        error: (error as Error).message,
      });
    }
  }

  private emit(event: DiscrepancyEvent): void {
    this.logger.info(event.type, { rule: event.rule, twinId: event.twinId });
    for (const listener of this.listeners) listener(event);
  }
}

/** Checks the configuration's discrepancy rules; returns what to fix. */
export function discrepancyRuleProblems(rules: unknown): string[] {
  if (!Array.isArray(rules)) return ['discrepancies must be an array of rules'];
  const problems: string[] = [];
  const names = new Set<string>();
  rules.forEach((rule: unknown, index) => {
    const at = `discrepancies[${index}]`;
    const record = (typeof rule === 'object' && rule !== null ? rule : {}) as Record<string, unknown>;
    if (typeof record.name !== 'string' || record.name === '') problems.push(`${at}.name must be a non-empty string`);
    else if (names.has(record.name)) problems.push(`${at}.name "${record.name}" is used twice`);
    else names.add(record.name);
    if (typeof record.query !== 'string' || !/\btwinId\b/.test(record.query)) {
      problems.push(`${at}.query must be a twin query whose rows carry the twin as "twinId" (… AS twinId)`);
    }
    if (record.title !== undefined && typeof record.title !== 'string') problems.push(`${at}.title must be a string`);
    if (
      record.intervalMs !== undefined &&
      (typeof record.intervalMs !== 'number' || !Number.isInteger(record.intervalMs) || record.intervalMs < 1_000)
    ) {
      problems.push(`${at}.intervalMs must be a whole number of milliseconds ≥ 1000`);
    }
  });
  return problems;
}
