import type { RandomSource } from '../seeded-random.js';
import { gaussian } from '../seeded-random.js';
import type { DriftEvent } from './drift-event.js';
import { DriftMonitor } from './drift-monitor.js';
import type { DriftMonitorOptions } from './drift-monitor-options.js';

/** n values of a normal distribution. */
export function normalValues(random: RandomSource, n: number, mean: number, std: number): number[] {
  return Array.from({ length: n }, () => mean + std * gaussian(random));
}

/** n values drawn from `values` with the given probabilities (they sum to 1). */
export function discreteValues(
  random: RandomSource,
  n: number,
  values: readonly number[],
  probabilities: readonly number[],
): number[] {
  return Array.from({ length: n }, () => {
    let u = random();
    for (let i = 0; i < values.length - 1; i++) {
      u -= probabilities[i] as number;
      if (u < 0) return values[i] as number;
    }
    return values[values.length - 1] as number;
  });
}

/** A monitor that records its events, fed with consecutive times (one value per millisecond). */
export class RecordingMonitor {
  readonly events: DriftEvent[] = [];
  readonly monitor: DriftMonitor;
  nowMs = 0;

  constructor(options: Partial<DriftMonitorOptions> = {}) {
    this.monitor = new DriftMonitor(options, (event) => this.events.push(event));
  }

  feed(subject: string, input: string, values: readonly number[]): void {
    for (const value of values) this.monitor.observe(subject, input, value, this.nowMs++);
  }
}
