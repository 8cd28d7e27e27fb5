import type { Clock } from '@doppel/core';
import type { IngestEntry } from '../../ingest/ingest-types.js';
import { TimerWheel } from '../../sync/timer-wheel.js';
import type { ConditionContext } from './condition-eval.js';
import { explain, holds, rateWindows } from './condition-eval.js';
import { RateTracker } from './rate-tracker.js';
import { RuleIndex } from './rule-index.js';
import type { AlertRule } from './rule-types.js';
import type { Watch } from './watch-table.js';
import { WatchTable } from './watch-table.js';

/** Pairs evaluated at once by setRules() before the rest goes to slices between other work. */
const SWEEP_SYNC_MAX = 50_000;
const SWEEP_SLICE = 20_000;

/** What the engine reads of the platform (the graph and the current state). */
export interface RuleEngineSource {
  /** The twin's model and the models it extends; empty for an unknown twin. */
  modelsOf(twinId: string): readonly string[];
  /** Twins of a model or of models extending it. */
  twinsOf(model: string): readonly string[];
  related(twinId: string, name: string, direction: 'in' | 'out', model: string | undefined): readonly string[];
  valueOf(twinId: string, path: string): unknown;
  lastReceivedMs(twinId: string, path: string): number | undefined;
}

/** A rule starting or stopping to hold for a twin (after its `forMs`). */
export interface RuleTransition {
  readonly type: 'raised' | 'cleared';
  readonly rule: AlertRule;
  readonly twinId: string;
  readonly atMs: number;
  readonly reason: string;
  /** The source time of the entry that caused it (absent when time alone did). */
  readonly sourceTimeMs?: number;
  /** How strong it was, when a detector or a model raised it (AlertView.score). */
  readonly score?: number;
}

/**
 * Evaluates alert rules incrementally, as a consumer of ingest's durable entries (in log order):
 * an entry wakes only the rules that read its paths for that twin or for twins related to it
 * (RuleIndex). Time wakes the rest through a timing wheel: a condition held for `forMs`, a
 * staleness deadline. Each (rule, twin) pair that was ever evaluated keeps a small Watch.
 */
export class RuleEngine {
  private rules: readonly AlertRule[] = [];
  private index = new RuleIndex([]);
  private readonly rates = new RateTracker();
  private readonly watches = new WatchTable();
  private readonly wheel: TimerWheel;
  /** What conditions read; its times are set before each evaluation. */
  private readonly context: { -readonly [K in keyof ConditionContext]: ConditionContext[K] };
  /** Where pairs without a Watch are evaluated (see evaluateWatch). */
  private readonly scratch: Watch = {
    id: -1,
    rule: undefined as unknown as AlertRule,
    twinId: '',
    holds: false,
    sinceMs: 0,
    raised: false,
    memory: new Set(),
    dueMs: -1,
    sinceWatchedMs: 0,
  };
  private sweepGeneration = 0;
  /** Rule id → twins raised before a restart (open alerts): not raised again while they hold. */
  private readonly seeded = new Map<string, Set<string>>();
  private nowMs: number;
  /** The newest source time of the entry being observed (undefined outside observe()). */
  private sourceTimeMs: number | undefined;
  /** Evaluations so far, for the benchmark and /metrics. */
  evaluations = 0;
  /** A setRules() sweep is still evaluating pairs in slices. */
  sweeping = false;

  constructor(
    private readonly source: RuleEngineSource,
    private readonly clock: Clock,
    private readonly onTransition: (transition: RuleTransition) => void,
  ) {
    this.nowMs = clock.nowMs();
    this.wheel = new TimerWheel(250, this.nowMs);
    this.context = {
      nowMs: this.nowMs,
      watchingSinceMs: this.nowMs,
      recheckAtMs: undefined,
      valueOf: (twinId, path) => source.valueOf(twinId, path),
      rateOf: (twinId, path, windowMs) => this.rates.rateOf(twinId, path, windowMs),
      lastReceivedMs: (twinId, path) => source.lastReceivedMs(twinId, path),
      related: (twinId, name, direction, model) => source.related(twinId, name, direction, model),
    };
  }

  get ruleCount(): number {
    return this.rules.length;
  }

  /** (rule, twin) pairs with something to remember (see evaluateWatch). */
  get watchCount(): number {
    return this.watches.size;
  }

  /** Pairs that were raised before a restart (their alerts are open); call before setRules. */
  seedRaised(pairs: Iterable<{ readonly ruleId: string; readonly twinId: string }>): void {
    for (const { ruleId, twinId } of pairs) {
      let twins = this.seeded.get(ruleId);
      if (twins === undefined) this.seeded.set(ruleId, (twins = new Set()));
      twins.add(twinId);
    }
  }

  /**
   * Replaces the rules and evaluates every watched twin once (a rule changed or was added: its
   * alerts follow at once, or within seconds for large sets). An edited rule keeps its raised
   * pairs; pairs of removed or disabled rules, and twins a rule no longer watches, are cleared.
   */
  setRules(rules: readonly AlertRule[]): void {
    this.rules = rules;
    this.index = new RuleIndex(rules);
    const windows = new Map<string, number>();
    for (const rule of rules)
      for (const [path, ms] of rateWindows(rule.condition)) windows.set(path, Math.max(windows.get(path) ?? 0, ms));
    this.rates.setWindows(windows);
    this.nowMs = this.clock.nowMs();
    const current = new Map(rules.filter((rule) => rule.enabled).map((rule) => [rule.id, rule]));
    for (const watch of this.watches.all()) {
      const rule = current.get(watch.rule.id);
      if (rule !== undefined && this.watchesTwin(rule, watch.twinId)) {
        watch.rule = rule;
        continue;
      }
      if (watch.raised)
        this.emit(
          'cleared',
          watch,
          rule === undefined ? 'the rule was removed or disabled' : 'the rule no longer watches this twin',
        );
      this.watches.delete(watch);
    }
    // Pairs raised before a restart first (few), so that whoever asks isRaised() next is answered.
    for (const [ruleId, twins] of this.seeded) {
      const rule = current.get(ruleId);
      for (const twinId of [...twins])
        if (rule !== undefined && this.watchesTwin(rule, twinId)) this.evaluateWatch(rule, twinId);
    }
    this.sweep([...current.values()]);
  }

  /** An entry ingest applied: the rules it can affect are evaluated for the twins concerned. */
  observe(entry: IngestEntry): void {
    this.nowMs = this.clock.nowMs();
    const models = this.source.modelsOf(entry.twinId);
    const own = new Set<AlertRule>();
    let viaRelated: { rule: AlertRule; twinId: string }[] | undefined;
    for (const row of entry.rows) {
      for (const path in row.values) {
        if (this.rates.wants(path)) this.rates.record(entry.twinId, path, row.ts, row.values[path]);
        this.index.ownRules(entry.twinId, models, path, own);
        for (const { rule, hops } of this.index.relatedRules(path)) {
          for (const hop of hops) {
            // Back across the relationship: the watched twins that reach this one.
            const back = hop.direction === 'out' ? 'in' : 'out';
            for (const twinId of this.source.related(entry.twinId, hop.name, back, undefined)) {
              if (this.watchesTwin(rule, twinId)) (viaRelated ??= []).push({ rule, twinId });
            }
          }
        }
      }
    }
    this.sourceTimeMs = entry.rows.reduce((newest, row) => Math.max(newest, row.ts), Number.NEGATIVE_INFINITY);
    for (const rule of own) this.evaluateWatch(rule, entry.twinId);
    for (const { rule, twinId } of viaRelated ?? []) this.evaluateWatch(rule, twinId);
    this.sourceTimeMs = undefined;
  }

  /** Time passed: pairs whose condition has held for `forMs`, or whose data went silent. */
  tick(): void {
    this.nowMs = this.clock.nowMs();
    this.wheel.advance(this.nowMs, (id, dueMs) => {
      const watch = this.watches.byWheelId(id);
      if (watch === undefined || watch.dueMs !== dueMs) return;
      watch.dueMs = -1;
      this.evaluateWatch(watch.rule, watch.twinId);
    });
  }

  /** A twin was created or changed (its model may have): the rules watching it evaluate it. */
  twinChanged(twinId: string): void {
    this.nowMs = this.clock.nowMs();
    for (const rule of this.rules) if (rule.enabled && this.watchesTwin(rule, twinId)) this.evaluateWatch(rule, twinId);
  }

  /** A twin was deleted: its raised alerts are cleared and its watches forgotten. */
  forgetTwin(twinId: string): void {
    for (const watch of this.watches.all()) {
      if (watch.twinId !== twinId) continue;
      if (watch.raised) this.emit('cleared', watch, 'the twin was deleted');
      this.watches.delete(watch);
    }
    this.rates.forgetTwin(twinId);
  }

  /** Whether a rule holds for a twin now (raised). */
  isRaised(ruleId: string, twinId: string): boolean {
    return this.watches.get(ruleId, twinId)?.raised ?? false;
  }

  /**
   * Evaluates every pair of the rules once: at once when they are few, otherwise in slices of
   * SWEEP_SLICE evaluations between other work, so that loading 10,000 rules over 100,000 twins
   * does not stop ingest. A newer setRules() abandons the sweep of the older one.
   */
  private sweep(rules: readonly AlertRule[]): void {
    const generation = ++this.sweepGeneration;
    const pairs = function* (engine: RuleEngine): Generator<[AlertRule, string]> {
      for (const rule of rules) for (const twinId of engine.watchedTwins(rule)) yield [rule, twinId];
    };
    const iterator = pairs(this);
    const slice = (budget: number): boolean => {
      for (let n = 0; n < budget; n++) {
        const next = iterator.next();
        if (next.done === true) return true;
        const [rule, twinId] = next.value;
        if (this.rules.includes(rule)) this.evaluateWatch(rule, twinId);
      }
      return false;
    };
    this.nowMs = this.clock.nowMs();
    this.sweeping = !slice(SWEEP_SYNC_MAX);
    if (!this.sweeping) return;
    const step = (): void => {
      if (generation !== this.sweepGeneration) return;
      this.nowMs = this.clock.nowMs();
      if (slice(SWEEP_SLICE)) this.sweeping = false;
      else setImmediate(step);
    };
    setImmediate(step);
  }

  private watchedTwins(rule: AlertRule): Set<string> {
    const out = new Set<string>();
    for (const twinId of rule.twins ?? []) if (this.source.modelsOf(twinId).length > 0) out.add(twinId);
    for (const model of rule.models ?? []) for (const twinId of this.source.twinsOf(model)) out.add(twinId);
    return out;
  }

  /** Whether a rule watches a twin: by its id, or by its model or a model it extends. */
  watchesTwin(rule: AlertRule, twinId: string): boolean {
    if (rule.twins?.includes(twinId) === true) return true;
    const models = this.source.modelsOf(twinId);
    return (rule.models ?? []).some((model) => models.includes(model));
  }

  /**
   * Evaluates a rule for a twin. Only pairs with something to remember keep a Watch: a condition
   * that holds (raised, or waiting out forMs), hysteresis memory, or a deadline (no data for …).
   * The others are evaluated in a scratch Watch and leave nothing: 10,000 rules over 100,000
   * twins cost memory for what is happening, not for every pair.
   */
  private evaluateWatch(rule: AlertRule, twinId: string): void {
    this.evaluations++;
    let watch = this.watches.get(rule.id, twinId);
    const fresh = watch === undefined;
    if (watch === undefined) {
      watch = this.scratch;
      watch.rule = rule;
      watch.twinId = twinId;
      watch.holds = false;
      watch.sinceMs = 0;
      watch.raised = false;
      watch.dueMs = -1;
      watch.sinceWatchedMs = this.nowMs;
      if (watch.memory.size > 0) watch.memory.clear();
      const seeded = this.seeded.get(rule.id);
      if (seeded?.delete(twinId) === true) {
        [watch.holds, watch.raised, watch.sinceMs] = [true, true, this.nowMs];
        if (seeded.size === 0) this.seeded.delete(rule.id);
      }
    }
    this.context.nowMs = this.nowMs;
    this.context.watchingSinceMs = watch.sinceWatchedMs;
    this.context.recheckAtMs = undefined;
    const holdsNow = holds(rule.condition, twinId, this.context, watch.memory);
    // (holds() may have set it: a deadline.)
    let recheckAtMs: number | undefined = this.context.recheckAtMs as number | undefined;
    if (holdsNow && !watch.holds) watch.sinceMs = this.nowMs;
    watch.holds = holdsNow;
    if (watch.holds && !watch.raised) {
      if (this.nowMs - watch.sinceMs >= rule.forMs) {
        watch.raised = true;
        this.emit('raised', watch);
      } else recheckAtMs = Math.min(recheckAtMs ?? Infinity, watch.sinceMs + rule.forMs);
    } else if (!watch.holds && watch.raised) {
      watch.raised = false;
      this.emit('cleared', watch);
    }
    const idle = !watch.holds && !watch.raised && watch.memory.size === 0 && recheckAtMs === undefined;
    if (fresh) {
      if (idle) return;
      watch = this.watches.add(watch);
    } else if (idle) {
      this.watches.delete(watch);
      return;
    }
    if (recheckAtMs !== undefined && recheckAtMs !== watch.dueMs) {
      watch.dueMs = recheckAtMs;
      this.wheel.schedule(watch.id, recheckAtMs);
    }
  }

  /** Tells the transition, with why in words (worked out only now: transitions are rare). */
  private emit(type: 'raised' | 'cleared', watch: Watch, reason?: string): void {
    this.context.nowMs = this.nowMs;
    this.context.watchingSinceMs = watch.sinceWatchedMs;
    const why = reason ?? explain(watch.rule.condition, watch.twinId, this.context);
    this.onTransition({
      type,
      rule: watch.rule,
      twinId: watch.twinId,
      atMs: this.nowMs,
      reason: why,
      ...(this.sourceTimeMs === undefined ? {} : { sourceTimeMs: this.sourceTimeMs }),
    });
  }
}
