import type { InputRole, ResolvePolicy } from './consistency-rules.js';

/** One input of a rule as it is now, for a resolution. */
export interface Candidate {
  /** Its place in the rule's list: its priority (0 first). */
  readonly index: number;
  readonly role: InputRole;
  readonly value: unknown;
  readonly sourceTimeMs: number;
  /** Why it cannot be used now; null: usable. */
  readonly unusable: 'stale' | 'source-offline' | 'bad-quality' | null;
  readonly confidence: number;
}

export type ResolutionCode =
  'highest-priority' | 'fallback' | 'freshest' | 'measurement' | 'weighted-mean' | 'no-usable-input';

export interface Resolved {
  readonly value: unknown;
  readonly sourceTimeMs: number;
  /** The index of the input that won (for a weighted mean: the one with the highest confidence). */
  readonly winner: number;
  readonly code: ResolutionCode;
  /** Whether the usable inputs agree (numbers within the tolerance, other values equal). */
  readonly agree: boolean;
}

const ROLE_RANK: Readonly<Record<InputRole, number>> = { measurement: 0, status: 1, command: 2 };

/**
 * Resolves one value from the candidates that have a value (at least one), by the rule's policy:
 *
 * - `priority`: the first usable input in the rule's order (`fallback` when it is not the first);
 * - `freshest`: the usable input with the newest source time (ties: priority);
 * - `measurement`: a usable `measurement` before a `status` before a `command` (ties: priority),
 *   so a direct measurement is trusted over what a controller says it commanded;
 * - `weighted`: the mean of the usable numeric inputs weighted by confidence (inputs that are all
 *   whole numbers give a whole number); for other values, the most confident input.
 *
 * With no usable input the freshest value is kept, as `no-usable-input`: the resolved value then
 * goes stale like any value that stops changing, and its record says why.
 */
export function resolve(policy: ResolvePolicy, candidates: readonly Candidate[], tolerance: number): Resolved {
  const usable = candidates.filter((candidate) => candidate.unusable === null);
  const agree = inputsAgree(usable, tolerance);
  if (usable.length === 0) {
    const newest = pick(candidates, (a, b) => b.sourceTimeMs - a.sourceTimeMs);
    return {
      value: newest.value,
      sourceTimeMs: newest.sourceTimeMs,
      winner: newest.index,
      code: 'no-usable-input',
      agree,
    };
  }
  switch (policy) {
    case 'priority': {
      const first = pick(usable, () => 0);
      return won(first, first.index === 0 ? 'highest-priority' : 'fallback', agree);
    }
    case 'freshest':
      return won(
        pick(usable, (a, b) => b.sourceTimeMs - a.sourceTimeMs),
        'freshest',
        agree,
      );
    case 'measurement':
      return won(
        pick(usable, (a, b) => ROLE_RANK[a.role] - ROLE_RANK[b.role]),
        'measurement',
        agree,
      );
    case 'weighted':
      return weighted(usable, agree);
  }
}

function weighted(usable: readonly Candidate[], agree: boolean): Resolved {
  const best = pick(usable, (a, b) => b.confidence - a.confidence);
  const numbers = usable.filter((candidate) => typeof candidate.value === 'number');
  const total = numbers.reduce((sum, candidate) => sum + candidate.confidence, 0);
  if (numbers.length !== usable.length || total <= 0) return won(best, 'weighted-mean', agree);
  let value = numbers.reduce((sum, candidate) => sum + (candidate.value as number) * candidate.confidence, 0) / total;
  if (numbers.every((candidate) => Number.isInteger(candidate.value))) value = Math.round(value);
  const sourceTimeMs = Math.max(...numbers.map((candidate) => candidate.sourceTimeMs));
  return { value, sourceTimeMs, winner: best.index, code: 'weighted-mean', agree };
}

function won(candidate: Candidate, code: ResolutionCode, agree: boolean): Resolved {
  return { value: candidate.value, sourceTimeMs: candidate.sourceTimeMs, winner: candidate.index, code, agree };
}

/** The first candidate by `order`, ties broken by priority (the rule's order). */
function pick(candidates: readonly Candidate[], order: (a: Candidate, b: Candidate) => number): Candidate {
  let best = candidates[0] as Candidate;
  for (const candidate of candidates) {
    const by = order(candidate, best);
    if (by < 0 || (by === 0 && candidate.index < best.index)) best = candidate;
  }
  return best;
}

/** Numbers within `tolerance` of each other, or all other values equal; one input agrees with itself. */
export function inputsAgree(candidates: readonly Candidate[], tolerance: number): boolean {
  if (candidates.length < 2) return true;
  if (candidates.every((candidate) => typeof candidate.value === 'number')) {
    const values = candidates.map((candidate) => candidate.value as number);
    return Math.max(...values) - Math.min(...values) <= tolerance;
  }
  const first = JSON.stringify(candidates[0]?.value);
  return candidates.every((candidate) => JSON.stringify(candidate.value) === first);
}

/**
 * Whether `value` agrees with the consensus of all the inputs: within `tolerance` of the median
 * of them all, itself included (numbers), or equal to their most common value. With three inputs
 * or more the odd one out is the one that disagrees; with two, both do when they differ (nothing
 * says which is right).
 */
export function agreesWithOthers(value: unknown, others: readonly unknown[], tolerance: number): boolean {
  if (others.length === 0) return true;
  if (others.length === 1) {
    const [other] = others;
    return typeof value === 'number' && typeof other === 'number'
      ? Math.abs(value - other) <= tolerance
      : JSON.stringify(value) === JSON.stringify(other);
  }
  const all = [value, ...others];
  if (all.every((one) => typeof one === 'number')) {
    const sorted = (all as number[]).slice().sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    const median =
      sorted.length % 2 === 1
        ? (sorted[middle] as number)
        : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
    return Math.abs((value as number) - median) <= tolerance;
  }
  const counts = new Map<string, number>();
  for (const one of all) counts.set(JSON.stringify(one), (counts.get(JSON.stringify(one)) ?? 0) + 1);
  const top = Math.max(...counts.values());
  return counts.get(JSON.stringify(value)) === top;
}
