import type { StaleReason } from './freshness-tracker.js';
import { ruleProblems } from './rule-problems.js';

/**
 * Freshness rolled up through the graph: a twin is `degraded` when a critical series of its own,
 * or of any twin below it (following the rollup relationships, `contains` by default: site →
 * building → floor → room → equipment → sensor), is stale. Which series are critical comes from
 * configuration (`freshness.critical`: rules by model, twin and path); with no rule, every series
 * is. Computed when asked, over the twin's subtree (bounded), so it is always consistent with the
 * graph and the series as they are now.
 */
export interface CriticalRule {
  readonly model?: string;
  readonly twin?: string;
  readonly path?: string;
}

export interface StaleCritical {
  readonly twinId: string;
  readonly path: string;
  readonly staleSinceMs: number;
  readonly reason: StaleReason;
}

export interface TwinRollup {
  readonly twinId: string;
  readonly status: 'fresh' | 'degraded';
  /** The stale critical series found, oldest first (at most `listMax`). */
  readonly staleCritical: readonly StaleCritical[];
  readonly staleCriticalCount: number;
  /** Twins looked at (the twin and those below it, up to `twinsMax`). */
  readonly twinsExamined: number;
  /** The subtree had more than `twinsMax` twins: the answer covers the first ones only. */
  readonly truncated: boolean;
}

export interface RollupSource {
  /** Targets of a twin's relationships of these names. */
  children(twinId: string, relationships: readonly string[]): Iterable<string>;
  staleOf(twinId: string): readonly { path: string; staleSinceMs: number; reason: StaleReason }[];
  /** The twin's model and the models it extends. */
  modelsOf(twinId: string): readonly string[];
}

export function isCritical(
  rules: readonly CriticalRule[],
  twinId: string,
  path: string,
  models: readonly string[],
): boolean {
  if (rules.length === 0) return true;
  return rules.some(
    (rule) =>
      (rule.twin === undefined || rule.twin === twinId) &&
      (rule.path === undefined || rule.path === path) &&
      (rule.model === undefined || models.includes(rule.model)),
  );
}

export function rollUp(
  source: RollupSource,
  twinId: string,
  options: {
    readonly rules: readonly CriticalRule[];
    readonly relationships: readonly string[];
    readonly twinsMax: number;
    readonly listMax: number;
  },
): TwinRollup {
  const seen = new Set<string>([twinId]);
  const queue = [twinId];
  const found: StaleCritical[] = [];
  let truncated = false;
  for (let next = 0; next < queue.length; next++) {
    const current = queue[next] as string;
    const stale = source.staleOf(current);
    if (stale.length > 0) {
      const models = source.modelsOf(current);
      for (const series of stale) {
        if (isCritical(options.rules, current, series.path, models)) found.push({ twinId: current, ...series });
      }
    }
    for (const child of source.children(current, options.relationships)) {
      if (seen.has(child)) continue;
      if (seen.size >= options.twinsMax) {
        truncated = true;
        break;
      }
      seen.add(child);
      queue.push(child);
    }
  }
  found.sort((a, b) => a.staleSinceMs - b.staleSinceMs);
  return {
    twinId,
    status: found.length > 0 ? 'degraded' : 'fresh',
    staleCritical: found.slice(0, options.listMax),
    staleCriticalCount: found.length,
    twinsExamined: seen.size,
    truncated,
  };
}

/** Checks the configuration's critical rules; returns what to fix. */
export function criticalRuleProblems(rules: unknown): string[] {
  return ruleProblems(rules, 'freshness.critical', {
    names: ['model', 'twin', 'path'],
    selectors: ['model', 'twin', 'path'],
  });
}
