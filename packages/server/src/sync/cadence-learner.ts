/**
 * Learned cadences: the median of the last WINDOW intervals between a series' updates.
 *
 * The median, not the mean: one outage or one burst does not move it, so a sensor that was
 * silent for an hour keeps its 10 s cadence. It is recomputed when the window has turned over
 * (every WINDOW intervals), so the cost per update is a store into the ring; a series has a
 * cadence once FIRST_ESTIMATE intervals were seen (the median of those).
 *
 * The ring lives inside the series' record of the tracker (freshness-tracker.ts), so that an
 * update touches one place in memory: `record` is the tracker's Float64Array and `at` the index
 * of the learner's part of a series' record (LEARNER_SLOTS numbers: the count, then the ring).
 */
export const WINDOW = 7;
export const FIRST_ESTIMATE = 3;
/** Numbers the learner keeps per series: intervals seen, then WINDOW intervals. */
export const LEARNER_SLOTS = 1 + WINDOW;

const scratch = new Float64Array(WINDOW);

/**
 * Notes one interval (ms between two updates) and returns the new cadence estimate, or 0 when
 * no new estimate is due (keep the previous one).
 */
export function learnInterval(record: Float64Array, at: number, intervalMs: number): number {
  const seen = record[at] as number;
  record[at + 1 + (seen % WINDOW)] = intervalMs;
  const count = seen + 1;
  // Kept within one turn of the ring past the first estimate: only count mod WINDOW matters after.
  record[at] = count >= 2 * WINDOW ? count - WINDOW : count;
  if (count !== FIRST_ESTIMATE && count % WINDOW !== 0) return 0;
  return median(record, at + 1, Math.min(count, WINDOW));
}

/** Median of `count` numbers from `record[from]` on (insertion sort into a scratch array: no allocation). */
function median(record: Float64Array, from: number, count: number): number {
  for (let i = 0; i < count; i++) {
    const value = record[from + i] as number;
    let j = i - 1;
    while (j >= 0 && (scratch[j] as number) > value) {
      scratch[j + 1] = scratch[j] as number;
      j--;
    }
    scratch[j + 1] = value;
  }
  const middle = count >> 1;
  return count % 2 === 1
    ? (scratch[middle] as number)
    : ((scratch[middle - 1] as number) + (scratch[middle] as number)) / 2;
}
