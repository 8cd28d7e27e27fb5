import type { Segment } from './segment.js';

/** Contiguous bytes of one group in one segment, written with one write(). */
export interface Extent {
  readonly segment: Segment;
  readonly position: number;
  readonly parts: Buffer[];
  bytes: number;
  records: number;
}

interface Waiter {
  readonly firstOffset: number;
  readonly resolve: (offset: number) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Appends that are committed together: their frames are concatenated into one write per segment
 * touched, then one fdatasync per segment (DESIGN.md 4.2: group commit). A group takes appends
 * until it is sealed (full, its interval elapsed, or the log is closing).
 */
export class CommitGroup {
  readonly extents: Extent[] = [];
  readonly waiters: Waiter[] = [];
  bytes = 0;
  records = 0;
  /** Offset after the group's last record. */
  endOffset: number;
  sealed = false;
  /** Its appends have been resolved or rejected: later barriers must not wait on it. */
  settled = false;
  timer: NodeJS.Timeout | undefined = undefined;

  constructor(startOffset: number) {
    this.endOffset = startOffset;
  }

  add(segment: Segment, position: number, frames: Buffer, records: number): void {
    const last = this.extents.at(-1);
    if (last !== undefined && last.segment === segment && last.position + last.bytes === position) {
      last.parts.push(frames);
      last.bytes += frames.byteLength;
      last.records += records;
    } else {
      this.extents.push({ segment, position, parts: [frames], bytes: frames.byteLength, records });
    }
    this.bytes += frames.byteLength;
    this.records += records;
    this.endOffset += records;
  }

  wait(firstOffset: number): Promise<number> {
    return new Promise((resolve, reject) => this.waiters.push({ firstOffset, resolve, reject }));
  }

  resolveAll(): void {
    this.settled = true;
    for (const waiter of this.waiters) waiter.resolve(waiter.firstOffset);
  }

  rejectAll(error: Error): void {
    this.settled = true;
    for (const waiter of this.waiters) waiter.reject(error);
  }
}
