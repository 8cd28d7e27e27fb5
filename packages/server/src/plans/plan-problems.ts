import type { ErrorDetail } from '@doppel/core';
import { DoppelError } from '@doppel/core';

/** Problems kept in one error; a plan with 20,000 bad placements is not echoed back whole. */
const PROBLEMS_MAX = 20;

/**
 * What is wrong with a plan or a placement, collected while checking it: each problem names its
 * field (`placements[3].x …`) and points at it (JSON pointer). `throwIfAny` raises one
 * `plan.invalid` whose message is the first problem and whose details list the first 20.
 */
export class PlanProblems {
  private readonly problems: ErrorDetail[] = [];
  private count = 0;

  /** Records a problem; returns undefined, so that a parser can `return problems.add(…)`. */
  add(pointer: string, message: string): undefined {
    this.count++;
    if (this.problems.length < PROBLEMS_MAX) this.problems.push({ pointer, message, code: 'plan.invalid' });
    return undefined;
  }

  /** False (and a problem recorded) if the object has a key not in `known`. */
  onlyKeys(fields: Record<string, unknown>, known: readonly string[], name: string, pointer: string): boolean {
    const unknown = Object.keys(fields).filter((key) => !known.includes(key));
    if (unknown.length === 0) return true;
    this.add(
      pointer,
      `${name} has unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((key) => `"${key}"`).join(', ')} (it takes ${known.join(', ')})`,
    );
    return false;
  }

  throwIfAny(): void {
    const [first] = this.problems;
    if (first === undefined) return;
    const more = this.count - 1;
    throw new DoppelError('plan.invalid', more === 0 ? first.message : `${first.message} (and ${more} more problems)`, {
      details: this.problems,
    });
  }
}
