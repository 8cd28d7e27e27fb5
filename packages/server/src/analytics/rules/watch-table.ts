import type { HysteresisMemory } from './condition-eval.js';
import type { AlertRule } from './rule-types.js';

/** What the engine remembers of one (rule, twin) pair. */
export interface Watch {
  /** Its id in the timing wheel. */
  id: number;
  /** The rule's current version (a rule edited keeps its raised pairs). */
  rule: AlertRule;
  twinId: string;
  holds: boolean;
  /** Since when the condition holds (for forMs). */
  sinceMs: number;
  raised: boolean;
  memory: HysteresisMemory;
  /** The wheel entry that is live for this watch (others are ignored). */
  dueMs: number;
  /** When the rule started watching the twin. */
  sinceWatchedMs: number;
}

/**
 * Watches by rule id then twin id (no key strings built per evaluation), and by wheel id for the
 * timing wheel (ids of dropped watches are reused).
 */
export class WatchTable {
  private readonly byRule = new Map<string, Map<string, Watch>>();
  private readonly byId: (Watch | undefined)[] = [];
  private readonly freeIds: number[] = [];
  size = 0;

  get(ruleId: string, twinId: string): Watch | undefined {
    return this.byRule.get(ruleId)?.get(twinId);
  }

  byWheelId(id: number): Watch | undefined {
    return this.byId[id];
  }

  /** Stores a copy of `template` under a new wheel id. */
  add(template: Watch): Watch {
    const watch: Watch = { ...template, id: this.freeIds.pop() ?? this.byId.length, memory: new Set(template.memory) };
    this.byId[watch.id] = watch;
    let twins = this.byRule.get(watch.rule.id);
    if (twins === undefined) this.byRule.set(watch.rule.id, (twins = new Map()));
    twins.set(watch.twinId, watch);
    this.size++;
    return watch;
  }

  delete(watch: Watch): void {
    const twins = this.byRule.get(watch.rule.id);
    if (twins?.get(watch.twinId) !== watch) return;
    twins.delete(watch.twinId);
    if (twins.size === 0) this.byRule.delete(watch.rule.id);
    this.byId[watch.id] = undefined;
    this.freeIds.push(watch.id);
    this.size--;
  }

  *all(): Generator<Watch> {
    for (const twins of this.byRule.values()) yield* [...twins.values()];
  }
}
