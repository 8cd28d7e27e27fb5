import { ruleProblems } from './rule-problems.js';

/**
 * Declared cadences (configuration `freshness.cadences`): how often a series is expected to
 * update, for a model's path (its subtypes included), a twin, a source, or any combination.
 * Where no rule matches, the tracker learns the cadence from the updates (cadence-learner.ts).
 *
 * The most specific matching rule wins: a rule naming the twin beats one naming the source,
 * which beats one naming the model; naming the path adds to each. Between rules equally
 * specific, the later one wins, so a file can state a default and then its exceptions.
 */
export interface CadenceRule {
  readonly model?: string;
  readonly twin?: string;
  readonly source?: string;
  readonly path?: string;
  readonly cadenceMs: number;
}

export interface SeriesFacts {
  readonly twinId: string;
  readonly path: string;
  readonly source: string;
  /** The twin's model and every model it extends. */
  readonly models: readonly string[];
}

const specificity = (rule: CadenceRule): number =>
  (rule.twin !== undefined ? 8 : 0) +
  (rule.source !== undefined ? 4 : 0) +
  (rule.model !== undefined ? 2 : 0) +
  (rule.path !== undefined ? 1 : 0);

export class CadenceRules {
  /** Most specific first; equal specificity: the later rule first. */
  private readonly ordered: readonly CadenceRule[];

  constructor(rules: readonly CadenceRule[]) {
    this.ordered = rules
      .map((rule, index) => ({ rule, index }))
      .sort((a, b) => specificity(b.rule) - specificity(a.rule) || b.index - a.index)
      .map(({ rule }) => rule);
  }

  get size(): number {
    return this.ordered.length;
  }

  /** The declared cadence of a series in ms, or undefined when no rule matches. */
  cadenceOf(facts: SeriesFacts): number | undefined {
    for (const rule of this.ordered) {
      if (rule.twin !== undefined && rule.twin !== facts.twinId) continue;
      if (rule.source !== undefined && rule.source !== facts.source) continue;
      if (rule.path !== undefined && rule.path !== facts.path) continue;
      if (rule.model !== undefined && !facts.models.includes(rule.model)) continue;
      return rule.cadenceMs;
    }
    return undefined;
  }

  /**
   * Paths a twin is expected to report (rules that name a path and match the twin without
   * naming a source): a path among them with no value yet is `missing`.
   */
  expectedPaths(twinId: string, models: readonly string[]): Map<string, number> {
    const expected = new Map<string, number>();
    for (const rule of this.ordered) {
      if (rule.path === undefined || rule.source !== undefined || expected.has(rule.path)) continue;
      if (rule.twin !== undefined && rule.twin !== twinId) continue;
      if (rule.model !== undefined && !models.includes(rule.model)) continue;
      expected.set(rule.path, rule.cadenceMs);
    }
    return expected;
  }
}

/** Checks the configuration's rules; returns what to fix, one line per problem. */
export function cadenceRuleProblems(rules: unknown): string[] {
  return ruleProblems(
    rules,
    'freshness.cadences',
    {
      names: ['model', 'twin', 'source', 'path'],
      selectors: ['model', 'twin', 'source', 'path'],
      numbers: ['cadenceMs'],
    },
    (rule, at) =>
      typeof rule.cadenceMs !== 'number' || !Number.isFinite(rule.cadenceMs) || rule.cadenceMs < 10
        ? [`${at}.cadenceMs must be a number of milliseconds ≥ 10`]
        : [],
  );
}
