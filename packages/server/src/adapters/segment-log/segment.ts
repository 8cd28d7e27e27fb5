/** Where a record starts in its segment file. */
export interface RecordPosition {
  readonly offset: number;
  readonly position: number;
}

/**
 * One segment file and what the log knows about it. Two cursors: "allocated" counts records
 * that appends have reserved (offsets and byte positions are fixed at append time), "committed"
 * counts those written and synced per the fsync policy; readers never pass it.
 */
export class Segment {
  readonly baseOffset: number;
  readonly path: string;
  /** Open for writing while the segment is (or was until its last commit) the tail. */
  fd: number | undefined = undefined;
  /** Whether the file exists on disk yet (segments created by a roll are opened at their first commit). */
  created: boolean;
  /** Written since the last fdatasync. */
  dirty = false;
  recordsAllocated: number;
  bytesAllocated: number;
  recordsCommitted: number;
  bytesCommitted: number;
  // Sparse index: positions[i] is the byte position of record baseOffset + i * indexEveryRecords,
  // so that read(from) scans at most indexEveryRecords - 1 records before the first it returns.
  private readonly positions: number[];
  private readonly indexEveryRecords: number;

  constructor(
    init: { baseOffset: number; path: string; created: boolean; records: number; bytes: number; positions: number[] },
    indexEveryRecords: number,
  ) {
    this.baseOffset = init.baseOffset;
    this.path = init.path;
    this.created = init.created;
    this.recordsAllocated = this.recordsCommitted = init.records;
    this.bytesAllocated = this.bytesCommitted = init.bytes;
    this.positions = init.positions;
    this.indexEveryRecords = indexEveryRecords;
  }

  /** Reserves the next record of `frameBytes` bytes; returns its byte position. */
  allocate(frameBytes: number): number {
    const position = this.bytesAllocated;
    if (this.recordsAllocated % this.indexEveryRecords === 0) this.positions.push(position);
    this.recordsAllocated += 1;
    this.bytesAllocated += frameBytes;
    return position;
  }

  /** Forgets every allocation past the committed cursor (after a failed write). */
  rollbackToCommitted(): void {
    this.recordsAllocated = this.recordsCommitted;
    this.bytesAllocated = this.bytesCommitted;
    this.positions.length = Math.ceil(this.recordsCommitted / this.indexEveryRecords);
  }

  /** The indexed record at or before `offset` (which must lie in this segment). */
  seek(offset: number): RecordPosition {
    const slot = Math.min(Math.floor((offset - this.baseOffset) / this.indexEveryRecords), this.positions.length - 1);
    if (slot < 0) return { offset: this.baseOffset, position: 0 };
    return { offset: this.baseOffset + slot * this.indexEveryRecords, position: this.positions[slot] ?? 0 };
  }
}
