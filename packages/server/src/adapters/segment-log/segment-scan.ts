import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { FRAME_HEADER_BYTES, checkFrame } from './record-frame.js';

export interface SegmentScan {
  readonly records: number;
  /** Bytes up to the end of the last valid record. */
  readonly validBytes: number;
  readonly fileBytes: number;
  /** Why the scan stopped before `fileBytes`, if it did. */
  readonly damage: 'incomplete' | 'crc-mismatch' | undefined;
  /** Byte positions of every `indexEveryRecords`-th record (see Segment). */
  readonly positions: number[];
}

/**
 * Reads a segment file front to back in large chunks, checking every frame's length (and CRC
 * when `verifyCrc`), and stops at the first damaged one. Synchronous on purpose: it runs once, in `open`, before any
 * append is accepted. CRC32 runs at several GB/s, so checking every segment costs about what
 * reading it does.
 */
export function scanSegment(
  path: string,
  options: { readonly indexEveryRecords: number; readonly chunkBytes: number; readonly verifyCrc: boolean },
): SegmentScan {
  const { indexEveryRecords, chunkBytes, verifyCrc } = options;
  const fd = openSync(path, 'r');
  try {
    const fileBytes = fstatSync(fd).size;
    const positions: number[] = [];
    let buffer = Buffer.allocUnsafe(Math.min(chunkBytes, Math.max(fileBytes, FRAME_HEADER_BYTES)));
    let bufferStart = 0; // file position of buffer[0]
    let available = 0;
    let position = 0;
    let records = 0;
    let damage: SegmentScan['damage'];
    while (position < fileBytes) {
      let check = checkFrame(buffer, position - bufferStart, available, verifyCrc);
      // Refill from this record on (twice at most: the header may reveal a record larger than a
      // chunk), unless the length it claims runs past the file: a torn or garbage header.
      while (check.kind === 'incomplete') {
        const frameBytes = FRAME_HEADER_BYTES + (check.payloadBytes ?? 0);
        if (position + frameBytes > fileBytes || (bufferStart === position && available >= frameBytes)) break;
        if (buffer.byteLength < frameBytes) buffer = Buffer.allocUnsafe(frameBytes);
        bufferStart = position;
        available = readFully(fd, buffer, Math.min(buffer.byteLength, fileBytes - position), position);
        check = checkFrame(buffer, 0, available, verifyCrc);
      }
      if (check.kind !== 'ok') {
        damage = check.kind;
        break;
      }
      if (records % indexEveryRecords === 0) positions.push(position);
      records += 1;
      position += FRAME_HEADER_BYTES + check.payloadBytes;
    }
    return { records, validBytes: position, fileBytes, damage, positions };
  } finally {
    closeSync(fd);
  }
}

function readFully(fd: number, buffer: Buffer, length: number, position: number): number {
  let done = 0;
  while (done < length) {
    const bytes = readSync(fd, buffer, done, length - done, position + done);
    if (bytes === 0) break;
    done += bytes;
  }
  return done;
}
