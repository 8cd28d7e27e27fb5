/**
 * Latency samples in milliseconds, bounded: up to `capacity` samples are kept exactly, beyond
 * that a uniform reservoir (Vitter's algorithm R) so that percentiles stay unbiased while memory
 * stays fixed whatever the rate and duration.
 */
export interface LatencySummary {
  /** Samples seen in the window (not only those kept). */
  readonly count: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
}

const CAPACITY_DEFAULT = 1 << 20;

export class LatencyRecorder {
  readonly #samples: Float64Array;
  #seen = 0;
  #sum = 0;
  #max = 0;

  constructor(capacity = CAPACITY_DEFAULT) {
    this.#samples = new Float64Array(capacity);
  }

  reset(): void {
    this.#seen = 0;
    this.#sum = 0;
    this.#max = 0;
  }

  record(latencyMs: number): void {
    const index = this.#seen++;
    this.#sum += latencyMs;
    if (latencyMs > this.#max) this.#max = latencyMs;
    if (index < this.#samples.length) {
      this.#samples[index] = latencyMs;
      return;
    }
    const slot = Math.floor(Math.random() * (index + 1));
    if (slot < this.#samples.length) this.#samples[slot] = latencyMs;
  }

  summary(): LatencySummary | null {
    if (this.#seen === 0) return null;
    const kept = this.#samples.slice(0, Math.min(this.#seen, this.#samples.length)).sort();
    return {
      count: this.#seen,
      p50Ms: quantile(kept, 0.5),
      p90Ms: quantile(kept, 0.9),
      p99Ms: quantile(kept, 0.99),
      p999Ms: quantile(kept, 0.999),
      maxMs: this.#max,
      meanMs: this.#sum / this.#seen,
    };
  }
}

/** Nearest-rank quantile of sorted samples (no interpolation: every figure is a measured one). */
function quantile(sorted: Float64Array, q: number): number {
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}
