import type { LogRecordView } from '../../log/event-log.js';
import { EventLogError } from '../../log/event-log-error.js';
import { FRAME_HEADER_BYTES, checkFrame } from './record-frame.js';
import type { Segment } from './segment.js';
import type { SegmentIo } from './segment-io.js';

export interface ReadRange {
  /** The log's segments as of the call, in order. */
  readonly segments: readonly Segment[];
  readonly from: number;
  /** Exclusive: the committed end as of the call. */
  readonly end: number;
  readonly batchRecordsMax: number;
  readonly readChunkBytes: number;
  readonly io: SegmentIo;
}

/**
 * Reads records [from, end) across segments: seeks with each segment's sparse index, reads
 * chunks, checks every returned record's CRC. Payloads are views into fresh chunk buffers, never
 * into reused memory, so a consumer may keep them.
 */
export async function* readSegments(range: ReadRange): AsyncGenerator<LogRecordView[]> {
  let batch: LogRecordView[] = [];
  const startSlot = lastIndexAtOrBefore(range.segments, range.from);
  for (const segment of range.segments.slice(Math.max(0, startSlot))) {
    if (segment.baseOffset >= range.end) break;
    const segmentEnd = Math.min(range.end, segment.baseOffset + segment.recordsCommitted);
    let { offset, position } = segment.seek(Math.max(range.from, segment.baseOffset));
    if (offset >= segmentEnd) continue;
    const fd = await openForRead(range.io, segment);
    try {
      while (offset < segmentEnd) {
        const bytesLeft = segment.bytesCommitted - position;
        let chunk = Buffer.allocUnsafe(Math.min(Math.max(range.readChunkBytes, FRAME_HEADER_BYTES), bytesLeft));
        let available = await readFully(range.io, fd, chunk, chunk.byteLength, position);
        let at = 0;
        while (offset < segmentEnd) {
          let check = checkFrame(chunk, at, available, offset >= range.from);
          if (check.kind === 'incomplete' && at === 0 && check.payloadBytes !== undefined) {
            // A record larger than a chunk: read it whole.
            chunk = Buffer.allocUnsafe(FRAME_HEADER_BYTES + check.payloadBytes);
            available = await readFully(range.io, fd, chunk, chunk.byteLength, position);
            check = checkFrame(chunk, 0, available, true);
          }
          if (check.kind === 'incomplete' && at > 0) break; // continue with the next chunk
          if (check.kind !== 'ok') {
            throw new EventLogError(
              'log.corrupt',
              `Record ${offset} in ${segment.path} at byte ${position} is damaged (${check.kind}); restore the file from a backup or truncate the log before it.`,
            );
          }
          if (offset >= range.from) {
            const payloadAt = at + FRAME_HEADER_BYTES;
            batch.push({ offset, payload: chunk.subarray(payloadAt, payloadAt + check.payloadBytes) });
            if (batch.length >= range.batchRecordsMax) {
              yield batch;
              batch = [];
            }
          }
          const frameBytes = FRAME_HEADER_BYTES + check.payloadBytes;
          at += frameBytes;
          position += frameBytes;
          offset += 1;
        }
      }
    } finally {
      await range.io.close(fd);
    }
  }
  if (batch.length > 0) yield batch;
}

/** Slot of the last segment whose base offset is ≤ offset, or -1. */
function lastIndexAtOrBefore(segments: readonly Segment[], offset: number): number {
  let low = 0;
  let high = segments.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((segments[middle]?.baseOffset ?? Infinity) <= offset) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

async function openForRead(io: SegmentIo, segment: Segment): Promise<number> {
  try {
    return await io.open(segment.path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new EventLogError(
      'log.offset-out-of-range',
      `Segment ${segment.path} was deleted by truncateBefore while being read; read again from firstOffset().`,
      { cause: error },
    );
  }
}

async function readFully(io: SegmentIo, fd: number, target: Buffer, length: number, position: number): Promise<number> {
  let done = 0;
  while (done < length) {
    const bytes = await io.read(fd, target.subarray(done), length - done, position + done);
    if (bytes === 0) break;
    done += bytes;
  }
  return done;
}
