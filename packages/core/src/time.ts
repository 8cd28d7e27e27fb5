import type { Brand } from './brand.js';

/** Milliseconds since the Unix epoch (UTC). */
export type EpochMs = Brand<number, 'EpochMs'>;
/** A length of time in milliseconds. */
export type DurationMs = Brand<number, 'DurationMs'>;

export const epochMs = (value: number): EpochMs => value as EpochMs;
export const durationMs = (value: number): DurationMs => value as DurationMs;

/** Source of the current time; injected so that tests and replays control it. */
export interface Clock {
  nowMs(): EpochMs;
}

export const systemClock: Clock = { nowMs: () => Date.now() as EpochMs };

/** A clock that only moves when told to; for tests. */
export class ManualClock implements Clock {
  constructor(private currentMs: number = 0) {}
  nowMs(): EpochMs {
    return this.currentMs as EpochMs;
  }
  advance(byMs: number): void {
    this.currentMs += byMs;
  }
  set(toMs: number): void {
    this.currentMs = toMs;
  }
}

/** Returns the ISO 8601 form of an epoch-ms time, the format used at the API edges. */
export function toIso(timeMs: EpochMs): string {
  return new Date(timeMs).toISOString();
}
