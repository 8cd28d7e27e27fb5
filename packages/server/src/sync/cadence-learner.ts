/**
 * Learned cadences: the median of the last WINDOW intervals between a series' updates, kept for
 * every series in one typed array (no object per series).
 *
 * The median, not the mean: one outage or one burst does not move it, so a sensor that was
 * silent for an hour keeps its 10 s cadence. It is recomputed when the window has turned over
 * (every WINDOW intervals), so the cost per update is a store into the ring; a series has a
 * cadence once FIRST_ESTIMATE intervals were seen (the median of those).
 */
export const WINDOW = 9;
export const FIRST_ESTIMATE = 3;

export class CadenceLearner {
  private intervals = new Float32Array(0);
  /** Intervals seen per series (saturates; only its value mod WINDOW and whether ≥ FIRST_ESTIMATE matter). */
  private seen = new Uint32Array(0);
  private learned = new Float64Array(0);
  private readonly scratch = new Float32Array(WINDOW);

  /** Grows the arrays to hold `capacity` series. */
  grow(capacity: number): void {
    const intervals = new Float32Array(capacity * WINDOW);
    intervals.set(this.intervals);
    const seen = new Uint32Array(capacity);
    seen.set(this.seen);
    const learned = new Float64Array(capacity);
    learned.set(this.learned);
    [this.intervals, this.seen, this.learned] = [intervals, seen, learned];
  }

  /** The learned cadence of series `id` in ms, or 0 while fewer than FIRST_ESTIMATE intervals were seen. */
  cadenceMs(id: number): number {
    return this.learned[id] as number;
  }

  /** Notes one interval (ms between two updates); returns the cadence (0 if none yet). */
  add(id: number, intervalMs: number): number {
    if (!(intervalMs > 0)) return this.learned[id] as number;
    const seen = this.seen[id] as number;
    this.intervals[id * WINDOW + (seen % WINDOW)] = intervalMs;
    const count = seen + 1;
    this.seen[id] = count === 0xffffffff ? WINDOW : count;
    if (count === FIRST_ESTIMATE || count % WINDOW === 0) {
      this.learned[id] = this.median(id, Math.min(count, WINDOW));
    }
    return this.learned[id] as number;
  }

  /** Forgets series `id` (its slot is reused). */
  reset(id: number): void {
    this.seen[id] = 0;
    this.learned[id] = 0;
  }

  private median(id: number, count: number): number {
    const values = this.scratch.subarray(0, count);
    values.set(this.intervals.subarray(id * WINDOW, id * WINDOW + count));
    values.sort();
    const middle = count >> 1;
    return count % 2 === 1
      ? (values[middle] as number)
      : ((values[middle - 1] as number) + (values[middle] as number)) / 2;
  }
}
