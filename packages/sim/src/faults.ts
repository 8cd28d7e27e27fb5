import type { Rng } from './prng.js';
import { hazard } from './signals.js';

export type FaultKind = 'cavitation' | 'stuck' | 'drift' | 'alarm';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * Every pump may cavitate, every room sensor may stick and every CNC machine may alarm, but rarely;
 * these twins do it often enough to be seen in a demo session. Times are simulated time.
 */
export const FAULT_PRONE_TWINS: Readonly<Record<FaultKind, string>> = {
  cavitation: 'pump-3',
  stuck: 'temp-2-05',
  drift: 'temp-3-07',
  alarm: 'cnc-5',
};

export interface EpisodeRate {
  readonly meanIntervalMs: number;
  readonly minDurationMs: number;
  readonly maxDurationMs: number;
}

export const FAULT_RATES: Readonly<Record<Exclude<FaultKind, 'drift'>, { prone: EpisodeRate; other: EpisodeRate }>> = {
  cavitation: {
    prone: { meanIntervalMs: 20 * MINUTE_MS, minDurationMs: 1 * MINUTE_MS, maxDurationMs: 4 * MINUTE_MS },
    other: { meanIntervalMs: 24 * HOUR_MS, minDurationMs: 1 * MINUTE_MS, maxDurationMs: 3 * MINUTE_MS },
  },
  stuck: {
    prone: { meanIntervalMs: 40 * MINUTE_MS, minDurationMs: 10 * MINUTE_MS, maxDurationMs: 30 * MINUTE_MS },
    other: { meanIntervalMs: 72 * HOUR_MS, minDurationMs: 10 * MINUTE_MS, maxDurationMs: 60 * MINUTE_MS },
  },
  alarm: {
    prone: { meanIntervalMs: 25 * MINUTE_MS, minDurationMs: 3 * MINUTE_MS, maxDurationMs: 12 * MINUTE_MS },
    other: { meanIntervalMs: 8 * HOUR_MS, minDurationMs: 3 * MINUTE_MS, maxDurationMs: 15 * MINUTE_MS },
  },
};

/** A drifting sensor reads high by 0.3 °C per hour until maintenance recalibrates it every 12 hours. */
export const DRIFT = { ratePerHour: 0.3, recalibrationIntervalMs: 12 * HOUR_MS } as const;

export function driftOffset(simMs: number): number {
  const sinceCalibrationMs =
    ((simMs % DRIFT.recalibrationIntervalMs) + DRIFT.recalibrationIntervalMs) % DRIFT.recalibrationIntervalMs;
  return (DRIFT.ratePerHour * sinceCalibrationMs) / HOUR_MS;
}

/** A fault that starts at random (Poisson) and lasts a random time. */
export class Episode {
  private startMs = 0;
  private endMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly rate: EpisodeRate) {}

  /** Advances to `simMs`; `allowed` false keeps a new episode from starting (e.g. a machine at rest). */
  update(simMs: number, dtMs: number, rng: Rng, allowed = true): boolean {
    if (simMs < this.endMs) return true;
    const starts = rng.chance(hazard(dtMs, this.rate.meanIntervalMs));
    if (!allowed || !starts) return false;
    this.startMs = simMs;
    this.endMs = simMs + rng.between(this.rate.minDurationMs, this.rate.maxDurationMs);
    return true;
  }

  /** 0 at the start of the current episode, 1 at its end. */
  progress(simMs: number): number {
    return Math.min(1, Math.max(0, (simMs - this.startMs) / (this.endMs - this.startMs)));
  }
}

export function episodeFor(kind: Exclude<FaultKind, 'drift'>, prone: boolean): Episode {
  return new Episode(prone ? FAULT_RATES[kind].prone : FAULT_RATES[kind].other);
}
