import { crc32 } from 'node:zlib';

/**
 * One record on disk: [u32 LE payload length][u32 LE CRC32][payload].
 *
 * The CRC (IEEE, as zlib) covers the 4 length bytes and then the payload, not the payload
 * alone: a tail of zero bytes (a file extended but not written before a power cut) would
 * otherwise read as valid empty records, since CRC32 of nothing is 0.
 */
export const FRAME_HEADER_BYTES = 8;

export function frameBytes(payloadBytes: number): number {
  return FRAME_HEADER_BYTES + payloadBytes;
}

export function frameCrc(frame: Uint8Array, headerAt: number, payloadBytes: number): number {
  const lengthCrc = crc32(frame.subarray(headerAt, headerAt + 4));
  const payloadAt = headerAt + FRAME_HEADER_BYTES;
  return crc32(frame.subarray(payloadAt, payloadAt + payloadBytes), lengthCrc);
}

/** Writes the frame of `payload` into `target` at `at`; returns the position after it. */
export function writeFrame(target: Buffer, at: number, payload: Uint8Array): number {
  target.writeUInt32LE(payload.byteLength, at);
  target.set(payload, at + FRAME_HEADER_BYTES);
  target.writeUInt32LE(frameCrc(target, at, payload.byteLength), at + 4);
  return at + FRAME_HEADER_BYTES + payload.byteLength;
}

export type FrameCheck =
  | { readonly kind: 'ok'; readonly payloadBytes: number }
  /** Header or payload runs past the available bytes. */
  | { readonly kind: 'incomplete'; readonly payloadBytes: number | undefined }
  | { readonly kind: 'crc-mismatch'; readonly payloadBytes: number };

/** Checks the frame at `at` among `available` bytes of `source` (the CRC only when `verifyCrc`). */
export function checkFrame(source: Buffer, at: number, available: number, verifyCrc: boolean): FrameCheck {
  if (available - at < FRAME_HEADER_BYTES) return { kind: 'incomplete', payloadBytes: undefined };
  const payloadBytes = source.readUInt32LE(at);
  if (available - at - FRAME_HEADER_BYTES < payloadBytes) return { kind: 'incomplete', payloadBytes };
  if (verifyCrc && source.readUInt32LE(at + 4) !== frameCrc(source, at, payloadBytes)) {
    return { kind: 'crc-mismatch', payloadBytes };
  }
  return { kind: 'ok', payloadBytes };
}
