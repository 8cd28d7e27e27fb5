import type { Rng } from './prng.js';
import { hazard } from './signals.js';

export type FaultKind = 'cavitation' | 'stuck' | 'drift' | 'alarm' | 'silent' | 'bearingWear';

/** The faults that come and go in episodes (FAULT_RATES); drift and bearing wear build up instead. */
type EpisodicFault = Exclude<FaultKind, 'drift' | 'bearingWear'>;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * Every pump may cavitate, every room sensor may stick or go silent and every CNC machine may
 * alarm, but rarely; these twins do it often enough to be seen in a demo session. Times are
 * simulated time, except for `silent` (wall-clock time, see `Silence`). Only one pump's bearing
 * wears out (bearing-wear.ts): the first on the chilled-water circuit; the others stay healthy.
 */
export const FAULT_PRONE_TWINS: Readonly<Record<FaultKind, string>> = {
  cavitation: 'pump-3',
  stuck: 'temp-2-05',
  drift: 'temp-3-07',
  alarm: 'cnc-5',
  silent: 'temp-3-02',
  bearingWear: 'pump-1',
};

export interface EpisodeRate {
  readonly meanIntervalMs: number;
  readonly minDurationMs: number;
  readonly maxDurationMs: number;
}

export const FAULT_RATES: Readonly<Record<EpisodicFault, { prone: EpisodeRate; other: EpisodeRate }>> = {
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
  // Wall-clock time (see `Silence`). A room sensor publishes every 5 s by default, so the platform
  // marks it stale after 30 s of silence (6 times its cadence): even the shortest episode keeps it
  // stale for 1.5 minutes. The prone sensor goes silent again some 8 minutes after it came back.
  silent: {
    prone: { meanIntervalMs: 8 * MINUTE_MS, minDurationMs: 2 * MINUTE_MS, maxDurationMs: 4 * MINUTE_MS },
    other: { meanIntervalMs: 7 * 24 * HOUR_MS, minDurationMs: 2 * MINUTE_MS, maxDurationMs: 10 * MINUTE_MS },
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

  /** Whether `simMs` falls within the current (or last) episode; does not advance. */
  covers(simMs: number): boolean {
    return simMs >= this.startMs && simMs < this.endMs;
  }

  /** 0 at the start of the current episode, 1 at its end. */
  progress(simMs: number): number {
    return Math.min(1, Math.max(0, (simMs - this.startMs) / (this.endMs - this.startMs)));
  }
}

export function episodeFor(kind: EpisodicFault, prone: boolean): Episode {
  return new Episode(prone ? FAULT_RATES[kind].prone : FAULT_RATES[kind].other);
}

/**
 * A room sensor that goes silent: for an episode it publishes nothing at all (no telemetry, no
 * reported properties), then carries on as if nothing happened. The platform marks its values
 * stale meanwhile (no update for 6 times the cadence it learned).
 *
 * Unlike the other faults it runs on the wall clock, like the publishing cadence: staleness is
 * judged against the cadence, and a silence of a few simulated minutes would last a few seconds at
 * speed 60. It has its own PRNG stream, so the readings of every sensor (the silent one's before
 * and after an episode included) are the same as without it.
 */
export class Silence {
  private readonly episode: Episode;
  private lastMs: number | undefined;

  constructor(
    prone: boolean,
    private readonly rng: Rng,
  ) {
    this.episode = episodeFor('silent', prone);
  }

  /** Advances to a telemetry slot at wall-clock `atMs` (in increasing order); true while silent. */
  update(atMs: number): boolean {
    const dtMs = this.lastMs === undefined ? 0 : atMs - this.lastMs;
    this.lastMs = atMs;
    return this.episode.update(atMs, dtMs, this.rng);
  }

  /** Whether the sensor is silent at wall-clock `atMs`, as of the last `update`; does not advance. */
  silentAt(atMs: number): boolean {
    return this.episode.covers(atMs);
  }
}
