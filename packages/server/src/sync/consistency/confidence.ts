import type { Quality } from '../quality-rules.js';

/**
 * The confidence of a value, 0–1 (docs/sync.md "Confidence"): how much to believe it now, the
 * product of four factors, each 0–1:
 *
 * - **reliability** of its source: the configured trust (`consistency.trust`, a consistency
 *   rule's input `trust`; 1 by default) times the source's measured availability (the share of
 *   recent time it was not offline, source-sessions.ts);
 * - **recency**: 1 while the value is at most two cadences old (one missed update is normal),
 *   falling linearly to 0 at the moment it goes stale; 1 while no cadence is known;
 * - **agreement**: how often the input agreed with the other inputs of its consistency rule
 *   (a moving average over resolutions); 1 for a value no rule compares;
 * - **quality**: good 1, uncertain 0.5, bad 0.
 *
 * A product, so that any one reason for doubt is enough: a trusted, fresh value that is `bad` has
 * confidence 0. Rounded to two decimals: it is a guide for people and rules, not a measurement.
 */
export const QUALITY_FACTOR: Readonly<Record<Quality, number>> = { good: 1, uncertain: 0.5, bad: 0 };

export interface ConfidenceFactors {
  readonly trust: number;
  readonly recency: number;
  readonly agreement: number;
  readonly quality: Quality;
}

export function confidenceOf(factors: ConfidenceFactors): number {
  const product = factors.trust * factors.recency * factors.agreement * QUALITY_FACTOR[factors.quality];
  return Math.round(product * 100) / 100;
}

/**
 * Recency of a value `ageMs` old, for a series of cadence `cadenceMs` that goes stale after
 * `staleAfterMs` (0 for either: unknown, so 1).
 */
export function recencyOf(ageMs: number, cadenceMs: number, staleAfterMs: number): number {
  if (cadenceMs <= 0 || staleAfterMs <= 0) return 1;
  const full = Math.min(2 * cadenceMs, staleAfterMs);
  if (ageMs <= full) return 1;
  if (ageMs >= staleAfterMs) return 0;
  return (staleAfterMs - ageMs) / (staleAfterMs - full);
}

/** Weight of the newest observation in an input's agreement average (about the last 10 resolutions). */
export const AGREEMENT_WEIGHT = 0.1;

export function nextAgreement(previous: number, agreed: boolean): number {
  return previous + AGREEMENT_WEIGHT * ((agreed ? 1 : 0) - previous);
}
