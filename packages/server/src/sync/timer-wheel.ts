/**
 * A hashed timing wheel of integer ids: what lets freshness notice that time passed for a
 * million series without a timer each.
 *
 * Time is cut into ticks of `tickMs`; an entry due at `dueMs` sits in slot
 * `floor(dueMs / tickMs) mod slots`. `advance(nowMs)` visits every slot whose tick has passed
 * since the last call, fires the entries that are due and keeps the others (an entry due more
 * than one turn ahead waits in its slot for its turn). Scheduling is O(1) and allocation-free
 * in the steady state (slots are arrays of numbers that are reused); an event fires at most one
 * tick after it is due, plus however late `advance` is called.
 *
 * The wheel never cancels: the caller keeps, per id, the due time of the entry it considers live
 * and ignores entries that do not match it (see FreshnessTracker). That keeps a moving deadline
 * (every update of a series pushes it later) free of any wheel operation.
 */
export class TimerWheel {
  /** Per slot: [id, dueMs, id, dueMs, …]. */
  private readonly slots: number[][];
  private readonly mask: number;
  /** The tick of the last advance(): its slot is visited again by the next one. */
  private tick: number;
  private entries = 0;

  /**
   * @param tickMs resolution; events fire at most this late (plus the caller's timer)
   * @param slotCount a power of two; one turn of the wheel is slotCount × tickMs
   */
  constructor(
    readonly tickMs: number,
    startMs: number,
    slotCount = 4_096,
  ) {
    if (!Number.isInteger(Math.log2(slotCount))) throw new Error('slotCount must be a power of two');
    if (!(tickMs > 0)) throw new Error('tickMs must be > 0');
    this.slots = Array.from({ length: slotCount }, () => []);
    this.mask = slotCount - 1;
    this.tick = Math.floor(startMs / tickMs);
  }

  /** Entries waiting (including those the caller will ignore as superseded). */
  get size(): number {
    return this.entries;
  }

  /** Adds `id` due at `dueMs`; a due time already passed fires at the next advance(). */
  schedule(id: number, dueMs: number): void {
    const tick = Math.max(this.tick, Math.floor(dueMs / this.tickMs));
    const slot = this.slots[tick & this.mask] as number[];
    slot.push(id, dueMs);
    this.entries++;
  }

  /**
   * Fires, in tick order, every entry due at or before `nowMs` (with its due time); returns how
   * many fired. `fire` may schedule again (into a later tick).
   */
  advance(nowMs: number, fire: (id: number, dueMs: number) => void): number {
    const target = Math.floor(nowMs / this.tickMs);
    let fired = 0;
    // The current tick's slot is visited again (it may hold entries due later in that tick); more
    // than a whole turn behind (a paused process), each slot needs one visit, not one per tick.
    const first = target - this.tick >= this.slots.length ? target - this.slots.length + 1 : this.tick;
    for (let tick = first; tick <= target; tick++) {
      this.tick = tick;
      const slot = this.slots[tick & this.mask] as number[];
      if (slot.length === 0) continue;
      let kept = 0;
      const length = slot.length;
      for (let at = 0; at < length; at += 2) {
        const id = slot[at] as number;
        const dueMs = slot[at + 1] as number;
        if (dueMs <= nowMs) {
          this.entries--;
          fired++;
          fire(id, dueMs);
        } else {
          // Not this turn: keep it in place (compacting over the fired ones).
          slot[kept] = id;
          slot[kept + 1] = dueMs;
          kept += 2;
        }
      }
      // fire() may have appended to this very slot (a due time one turn ahead): keep those too.
      const appended = slot.length - length;
      for (let at = 0; at < appended; at++) slot[kept + at] = slot[length + at] as number;
      slot.length = kept + appended;
    }
    this.tick = target;
    return fired;
  }
}
