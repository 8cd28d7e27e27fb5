import type { ReportedQuality } from '../ingest/ingest-types.js';
import { ruleProblems } from './rule-problems.js';

/**
 * Inferred quality of values (docs/sync.md "Quality"): rules in configuration (`quality.rules`)
 * say what a plausible value of a series is, and each new value is judged against them:
 *
 * - outside [`min`, `max`] (a physical range): `bad`, reason `out-of-range`;
 * - changing faster than `maxRatePerS` per second of source time: `uncertain`, `rate-of-change`;
 * - the same value for `stuckAfterMs` or longer while updates keep coming: `uncertain`, `stuck`.
 *
 * A value no rule covers is `good`: nothing says otherwise. A rule names a `path` and may narrow
 * it to a `model` (its subtypes included) or a `twin`; the most specific matching rule applies
 * (twin over model), the later one among equals.
 *
 * A device may also report a value's quality (`$quality` in the payload); `qualityOf` then gives
 * the worse of the two, with reason `reported` when the device's is the worse or as bad.
 */
export type Quality = 'good' | 'uncertain' | 'bad';
export type QualityReason = 'reported' | 'out-of-range' | 'rate-of-change' | 'stuck';

export interface QualityRule {
  readonly model?: string;
  readonly twin?: string;
  readonly path: string;
  readonly min?: number;
  readonly max?: number;
  readonly maxRatePerS?: number;
  readonly stuckAfterMs?: number;
}

export interface Judged {
  readonly quality: Quality;
  readonly reason: QualityReason | null;
}

const GOOD: Judged = { quality: 'good', reason: null };
// Shared answers: qualityOf runs for every path the state API and live frames show, so it allocates nothing.
const REPORTED_UNCERTAIN: Judged = { quality: 'uncertain', reason: 'reported' };
const REPORTED_BAD: Judged = { quality: 'bad', reason: 'reported' };

/** What the judge remembers of a series between values. */
interface Memory {
  value: unknown;
  tsMs: number;
  /** Source time since which the value has not changed. */
  sameSinceMs: number;
  judged: Judged;
}

export class QualityJudge {
  private readonly ordered: readonly QualityRule[];
  /** Per twin and path: the rule that applies (null: none), resolved once. */
  private readonly ruleCache = new Map<string, Map<string, QualityRule | null>>();
  private readonly memory = new Map<string, Map<string, Memory>>();

  constructor(
    rules: readonly QualityRule[],
    /** The twin's model and the models it extends. */
    private readonly modelsOf: (twinId: string) => readonly string[],
  ) {
    const specificity = (rule: QualityRule): number =>
      (rule.twin !== undefined ? 2 : 0) + (rule.model !== undefined ? 1 : 0);
    this.ordered = rules
      .map((rule, index) => ({ rule, index }))
      .sort((a, b) => specificity(b.rule) - specificity(a.rule) || b.index - a.index)
      .map(({ rule }) => rule);
  }

  get ruleCount(): number {
    return this.ordered.length;
  }

  /** Judges a series' new value at source time `tsMs`; returns its quality. */
  judge(twinId: string, path: string, value: unknown, tsMs: number): Judged {
    const rule = this.ruleOf(twinId, path);
    if (rule === null) return GOOD;
    let paths = this.memory.get(twinId);
    if (paths === undefined) this.memory.set(twinId, (paths = new Map()));
    const previous = paths.get(path);
    const judged = judgeValue(rule, value, tsMs, previous);
    const same = previous !== undefined && sameValue(previous.value, value);
    paths.set(path, { value, tsMs, sameSinceMs: same ? previous.sameSinceMs : tsMs, judged });
    return judged;
  }

  /**
   * The quality of a series' current value: the worse of `reported` (what its device said with
   * it: PathValue.reportedQuality) and the inferred one (good if no rule covers it or no value
   * was judged). The reason is `reported` when the device's quality is the worse or as bad.
   */
  qualityOf(twinId: string, path: string, reported?: ReportedQuality): Judged {
    if (reported === 'bad') return REPORTED_BAD;
    const inferred = this.memory.get(twinId)?.get(path)?.judged ?? GOOD;
    if (reported === undefined || inferred.quality === 'bad') return inferred;
    return REPORTED_UNCERTAIN;
  }

  forgetTwin(twinId: string): void {
    this.memory.delete(twinId);
    this.ruleCache.delete(twinId);
  }

  /** Forgets resolved rules (the twin's model changed). */
  forgetRules(twinId: string): void {
    this.ruleCache.delete(twinId);
  }

  private ruleOf(twinId: string, path: string): QualityRule | null {
    if (this.ordered.length === 0) return null;
    let paths = this.ruleCache.get(twinId);
    if (paths === undefined) this.ruleCache.set(twinId, (paths = new Map()));
    let rule = paths.get(path);
    if (rule === undefined) {
      const models = this.modelsOf(twinId);
      rule =
        this.ordered.find(
          (candidate) =>
            candidate.path === path &&
            (candidate.twin === undefined || candidate.twin === twinId) &&
            (candidate.model === undefined || models.includes(candidate.model)),
        ) ?? null;
      paths.set(path, rule);
    }
    return rule;
  }
}

function judgeValue(rule: QualityRule, value: unknown, tsMs: number, previous: Memory | undefined): Judged {
  if (typeof value === 'number') {
    if ((rule.min !== undefined && value < rule.min) || (rule.max !== undefined && value > rule.max)) {
      return { quality: 'bad', reason: 'out-of-range' };
    }
    if (
      rule.maxRatePerS !== undefined &&
      previous !== undefined &&
      typeof previous.value === 'number' &&
      tsMs > previous.tsMs &&
      Math.abs(value - previous.value) / ((tsMs - previous.tsMs) / 1_000) > rule.maxRatePerS
    ) {
      return { quality: 'uncertain', reason: 'rate-of-change' };
    }
  }
  if (
    rule.stuckAfterMs !== undefined &&
    previous !== undefined &&
    sameValue(previous.value, value) &&
    tsMs - previous.sameSinceMs >= rule.stuckAfterMs
  ) {
    return { quality: 'uncertain', reason: 'stuck' };
  }
  return GOOD;
}

/** Equal values: the same primitive, or objects with the same JSON. */
export function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && a !== null && JSON.stringify(a) === JSON.stringify(b));
}

/** Checks the configuration's quality rules; returns what to fix. */
export function qualityRuleProblems(rules: unknown): string[] {
  return ruleProblems(
    rules,
    'quality.rules',
    {
      names: ['model', 'twin', 'path'],
      numbers: ['min', 'max', 'maxRatePerS', 'stuckAfterMs'],
      selectors: ['min', 'max', 'maxRatePerS', 'stuckAfterMs'],
    },
    (rule, at) => [
      ...(typeof rule.path !== 'string' || rule.path === '' ? [`${at}.path must name the series' path`] : []),
      ...(typeof rule.min === 'number' && typeof rule.max === 'number' && rule.min > rule.max
        ? [`${at}: min is above max`]
        : []),
    ],
  );
}
