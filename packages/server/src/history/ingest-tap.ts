import type { SampleRow } from '../ingest/ingest-types.js';
import type { LogOffset } from '../log/event-log.js';

/** What history needs of an ingest entry: whose samples, and the samples (as logged). */
export interface TappedEntry {
  readonly offset: LogOffset;
  readonly twinId: string;
  readonly rows: readonly SampleRow[];
}

/**
 * Entries ingest has just made durable, handed to the history consumer so that it need not read
 * them back from the log and decode them again (decoding was a third of the history path's CPU).
 * The log stays the source of truth: the tap only ever holds one contiguous run of offsets, and
 * whatever it does not hold (after a restart, or entries dropped because the consumer fell more
 * than `rowsMax` rows behind) the consumer reads from the log.
 */
export class IngestTap {
  private entries: TappedEntry[] = [];
  private head = 0;
  private rows = 0;

  constructor(private readonly rowsMax: number) {}

  /** Called in offset order, once an entry is durable. */
  offer(entry: TappedEntry): void {
    const last = this.entries[this.entries.length - 1];
    // (Taking the last entry empties the array, so `last` is always one still held.)
    const contiguous = last === undefined || entry.offset === last.offset + 1;
    // A gap, or a consumer too far behind: start a new run here; the log covers what came before.
    if (!contiguous || this.rows + entry.rows.length > this.rowsMax) this.clear();
    this.entries.push(entry);
    this.rows += entry.rows.length;
  }

  /** The offset of the oldest entry held, if any. */
  firstOffset(): LogOffset | undefined {
    return this.entries[this.head]?.offset;
  }

  /** Forgets entries before `offset` (consumed through the log). */
  discardBefore(offset: LogOffset): void {
    while (this.head < this.entries.length && (this.entries[this.head] as TappedEntry).offset < offset) this.shift();
  }

  /**
   * Takes entries from `offset` on (which must be `firstOffset()`), before `end`, until about
   * `rowsMax` rows are taken; returns the offset after the last one taken.
   */
  take(offset: LogOffset, end: LogOffset, rowsMax: number, each: (entry: TappedEntry) => void): LogOffset {
    let next = offset;
    let taken = 0;
    while (this.head < this.entries.length && taken < rowsMax) {
      const entry = this.entries[this.head] as TappedEntry;
      if (entry.offset !== next || entry.offset >= end) break;
      each(entry);
      taken += entry.rows.length;
      next = entry.offset + 1;
      this.shift();
    }
    return next;
  }

  private shift(): void {
    this.rows -= (this.entries[this.head] as TappedEntry).rows.length;
    this.head++;
    // Compact now and then instead of Array.shift() per entry.
    if (this.head === this.entries.length) this.clear();
    else if (this.head > 4_096 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  private clear(): void {
    this.entries = [];
    this.head = 0;
    this.rows = 0;
  }
}
