import { integerIn } from './drift-error.js';
import type { ReferenceDistribution } from './reference-distribution.js';

export const LIVE_WINDOW_DEFAULT = 500;
/** Observations a window holds at most: 100 KiB of ring. */
export const LIVE_WINDOW_MAX = 100_000;

/**
 * The last `windowSize` finite values of one input, counted into a reference's bins. A ring of bin
 * indices (one byte per value, bins ≤ 100) and a count per bin: an observation writes one byte and
 * moves two counts, O(1) and allocation-free. About windowSize + 4 × bins bytes plus object overhead
 * per watched input (≈ 0.7 KiB by default), which is what bounds memory across 10⁵ subjects.
 *
 * The values themselves are not kept, so the live mean is an exponentially weighted mean with the
 * window's centre of mass (weight 2 / (windowSize + 1)): close to the window's mean, for display
 * only; decisions use the bins.
 */
export class LiveHistogram {
  private readonly ring: Uint8Array;
  private readonly counts: Uint32Array;
  private readonly meanWeight: number;
  private next = 0;
  private size = 0;
  private total = 0;
  private ewMean = 0;

  constructor(
    private readonly reference: ReferenceDistribution,
    readonly windowSize: number = LIVE_WINDOW_DEFAULT,
  ) {
    integerIn('windowSize', windowSize, 1, LIVE_WINDOW_MAX);
    this.ring = new Uint8Array(windowSize);
    this.counts = new Uint32Array(reference.binCount);
    this.meanWeight = 2 / (windowSize + 1);
  }

  /** Values in the window now (at most windowSize). */
  get samples(): number {
    return this.size;
  }

  /** Finite values observed since creation or the last clear. */
  get observed(): number {
    return this.total;
  }

  /** The live mean (see the class comment); undefined before the first value. */
  get mean(): number | undefined {
    return this.total === 0 ? undefined : this.ewMean;
  }

  /** Adds a value, evicting the oldest when full; a non-finite value is refused (false). */
  observe(value: number): boolean {
    if (!Number.isFinite(value)) return false;
    const bin = this.reference.binOf(value);
    if (this.size === this.ring.length) this.counts[this.ring[this.next] as number]! -= 1;
    else this.size++;
    this.ring[this.next] = bin;
    this.counts[bin]! += 1;
    this.next = this.next + 1 === this.ring.length ? 0 : this.next + 1;
    this.total++;
    // A plain running mean until the weighted one's memory is reached, so the first value does not
    // linger with weight (1 − w)^t.
    this.ewMean += (value - this.ewMean) * Math.max(this.meanWeight, 1 / this.total);
    return true;
  }

  countOf(bin: number): number {
    return this.counts[bin] ?? 0;
  }

  /** Writes the window's proportion per bin into `out` (at least binCount long; a reused scratch buffer). */
  proportionsInto(out: Float64Array): Float64Array {
    for (let bin = 0; bin < this.counts.length; bin++) {
      out[bin] = this.size === 0 ? 0 : (this.counts[bin] as number) / this.size;
    }
    return out;
  }

  clear(): void {
    this.counts.fill(0);
    this.next = 0;
    this.size = 0;
    this.total = 0;
    this.ewMean = 0;
  }
}
