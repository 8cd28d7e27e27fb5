import type { Clock } from '@doppel/core';
import type { IngestEntry } from '../../ingest/ingest-types.js';
import { TimerWheel } from '../../sync/timer-wheel.js';
import type { ConditionContext, HysteresisMemory } from './condition-eval.js';
import { evaluate, rateWindows } from './condition-eval.js';
import { RateTracker } from './rate-tracker.js';
import { RuleIndex } from './rule-index.js';
import type { AlertRule } from './rule-types.js';

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
}

interface Watch {
  readonly id: number;
  /** The rule's current version (a rule edited keeps its raised pairs). */
  rule: AlertRule;
  readonly twinId: string;
  holds: boolean;
  /** Since when the condition holds (for forMs). */
  sinceMs: number;
  raised: boolean;
  reason: string;
  memory: HysteresisMemory;
  /** The wheel entry that is live for this watch (others are ignored). */
  dueMs: number;
  /** When the rule started watching the twin. */
  readonly sinceWatchedMs: number;
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
  private readonly watches = new Map<string, Watch>();
  /** Watches by wheel id; ids of forgotten watches are reused (freeIds). */
  private readonly byId: (Watch | undefined)[] = [];
  private readonly freeIds: number[] = [];
  private readonly wheel: TimerWheel;
  /** What conditions read; its times are set before each evaluation. */
  private readonly context: { -readonly [K in keyof ConditionContext]: ConditionContext[K] };
  private nowMs: number;
  /** Pairs raised before a restart (open alerts): not raised again while they hold. */
  private readonly seeded = new Set<string>();
  /** Evaluations so far, for the benchmark and /metrics. */
  evaluations = 0;

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
      valueOf: (twinId, path) => source.valueOf(twinId, path),
      rateOf: (twinId, path, windowMs) => this.rates.rateOf(twinId, path, windowMs),
      lastReceivedMs: (twinId, path) => source.lastReceivedMs(twinId, path),
      related: (twinId, name, direction, model) => source.related(twinId, name, direction, model),
    };
  }

  get ruleCount(): number {
    return this.rules.length;
  }

  /** Pairs that were raised before a restart (their alerts are open); call before setRules. */
  seedRaised(pairs: Iterable<{ readonly ruleId: string; readonly twinId: string }>): void {
    for (const { ruleId, twinId } of pairs) this.seeded.add(`${ruleId}\u0000${twinId}`);
  }

  /**
   * Replaces the rules and evaluates every watched twin once (a rule changed or was added: its
   * alerts follow at once). An edited rule keeps its raised pairs; pairs of removed or disabled
   * rules, and twins a rule no longer watches, are cleared if raised.
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
    for (const [key, watch] of this.watches) {
      const rule = current.get(watch.rule.id);
      if (rule !== undefined) watch.rule = rule;
      else {
        if (watch.raised) this.emit('cleared', watch, 'the rule was removed or disabled');
        this.drop(key, watch);
      }
    }
    const evaluated = new Set<Watch>();
    for (const rule of current.values()) {
      for (const twinId of this.watchedTwins(rule)) evaluated.add(this.evaluateWatch(rule, twinId));
    }
    // Pairs the edited rules no longer watch.
    for (const [key, watch] of this.watches) {
      if (evaluated.has(watch)) continue;
      if (watch.raised) this.emit('cleared', watch, 'the rule no longer watches this twin');
      this.drop(key, watch);
    }
  }

  /** An entry ingest made durable: the rules it can affect are evaluated for the twins concerned. */
  observe(entry: IngestEntry): void {
    this.nowMs = this.clock.nowMs();
    const models = this.source.modelsOf(entry.twinId);
    const own = new Set<AlertRule>();
    const viaRelated: { rule: AlertRule; twinId: string }[] = [];
    for (const row of entry.rows) {
      for (const path in row.values) {
        if (this.rates.wants(path)) this.rates.record(entry.twinId, path, row.ts, row.values[path]);
        this.index.ownRules(entry.twinId, models, path, own);
        for (const { rule, hops } of this.index.relatedRules(path)) {
          for (const hop of hops) {
            // Back across the relationship: the watched twins that reach this one.
            const back = hop.direction === 'out' ? 'in' : 'out';
            for (const twinId of this.source.related(entry.twinId, hop.name, back, undefined)) {
              if (this.watchesTwin(rule, twinId)) viaRelated.push({ rule, twinId });
            }
          }
        }
      }
    }
    for (const rule of own) this.evaluateWatch(rule, entry.twinId);
    for (const { rule, twinId } of viaRelated) this.evaluateWatch(rule, twinId);
  }

  /** Time passed: pairs whose condition has held for `forMs`, or whose data went silent. */
  tick(): void {
    this.nowMs = this.clock.nowMs();
    this.wheel.advance(this.nowMs, (id, dueMs) => {
      const watch = this.byId[id];
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
    for (const [key, watch] of this.watches) {
      if (watch.twinId !== twinId) continue;
      if (watch.raised) this.emit('cleared', watch, 'the twin was deleted');
      this.drop(key, watch);
    }
    this.rates.forgetTwin(twinId);
  }

  /** Whether a rule holds for a twin now (raised), for the API. */
  isRaised(ruleId: string, twinId: string): boolean {
    return this.watches.get(`${ruleId}\u0000${twinId}`)?.raised ?? false;
  }

  private watchedTwins(rule: AlertRule): Set<string> {
    const out = new Set<string>();
    for (const twinId of rule.twins ?? []) if (this.source.modelsOf(twinId).length > 0) out.add(twinId);
    for (const model of rule.models ?? []) for (const twinId of this.source.twinsOf(model)) out.add(twinId);
    return out;
  }

  private watchesTwin(rule: AlertRule, twinId: string): boolean {
    if (rule.twins?.includes(twinId) === true) return true;
    const models = this.source.modelsOf(twinId);
    return (rule.models ?? []).some((model) => models.includes(model));
  }

  private evaluateWatch(rule: AlertRule, twinId: string): Watch {
    this.evaluations++;
    const key = `${rule.id}\u0000${twinId}`;
    let watch = this.watches.get(key);
    if (watch === undefined) {
      watch = {
        id: this.freeIds.pop() ?? this.byId.length,
        rule,
        twinId,
        holds: false,
        sinceMs: 0,
        raised: false,
        reason: '',
        memory: new Set(),
        dueMs: -1,
        sinceWatchedMs: this.nowMs,
      };
      if (this.seeded.delete(key)) [watch.holds, watch.raised, watch.sinceMs] = [true, true, this.nowMs];
      this.byId[watch.id] = watch;
      this.watches.set(key, watch);
    }
    this.context.nowMs = this.nowMs;
    this.context.watchingSinceMs = watch.sinceWatchedMs;
    const verdict = evaluate(rule.condition, twinId, this.context, watch.memory);
    watch.reason = verdict.reason;
    if (verdict.holds && !watch.holds) watch.sinceMs = this.nowMs;
    watch.holds = verdict.holds;
    let recheckAtMs = verdict.recheckAtMs;
    if (watch.holds && !watch.raised) {
      if (this.nowMs - watch.sinceMs >= rule.forMs) {
        watch.raised = true;
        this.emit('raised', watch, verdict.reason);
      } else recheckAtMs = Math.min(recheckAtMs ?? Infinity, watch.sinceMs + rule.forMs);
    } else if (!watch.holds && watch.raised) {
      watch.raised = false;
      this.emit('cleared', watch, verdict.reason);
    }
    if (recheckAtMs !== undefined && recheckAtMs !== watch.dueMs) {
      watch.dueMs = recheckAtMs;
      this.wheel.schedule(watch.id, recheckAtMs);
    }
    return watch;
  }

  private drop(key: string, watch: Watch): void {
    this.watches.delete(key);
    this.byId[watch.id] = undefined;
    this.freeIds.push(watch.id);
  }

  private emit(type: 'raised' | 'cleared', watch: Watch, reason: string): void {
    this.onTransition({ type, rule: watch.rule, twinId: watch.twinId, atMs: this.nowMs, reason });
  }
}
