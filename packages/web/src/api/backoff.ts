/** Reconnect delays: exponential from `initialMs`, capped at `maxMs`, with jitter so that many
 * browsers do not reconnect in lockstep after a platform restart. */
export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  /** Fraction of the delay that is randomised: 0.5 → a delay between 50 % and 100 % of the step. */
  readonly jitterRatio: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000, jitterRatio: 0.5 };

/** Delay before reconnect attempt `attempt` (0 = first retry); `random` is in [0, 1). */
export function backoffDelayMs(policy: BackoffPolicy, attempt: number, random: number = Math.random()): number {
  const stepMs = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(stepMs * (1 - policy.jitterRatio * random));
}
