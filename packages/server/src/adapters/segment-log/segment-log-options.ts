import { DEFAULT_LIMITS, silentLogger } from '@doppel/core';
import type { Logger } from '@doppel/core';
import type { FsyncPolicy } from '../../log/event-log.js';
import type { SegmentIo } from './segment-io.js';
import { nodeSegmentIo } from './segment-io.js';

export interface SegmentLogOptions {
  /** Directory of the segment files; created when missing. */
  readonly dir: string;
  readonly fsync?: FsyncPolicy;
  /** Period of the background fdatasync under the `interval` policy. */
  readonly fsyncIntervalMs?: number;
  /** Longest an append waits for the other appends of its group. */
  readonly groupCommitIntervalMs?: number;
  /** A group is committed at once when it reaches this many bytes (frames included). */
  readonly groupCommitBytesMax?: number;
  /** A segment rolls over before a record would take it past this size (a larger record gets a segment of its own). */
  readonly segmentBytesMax?: number;
  /** Larger records are refused with `log.record-too-large`. */
  readonly recordBytesMax?: number;
  /** Density of the in-memory sparse index: one file position per this many records. */
  readonly indexEveryRecords?: number;
  /** Size of one read() from a segment file when reading records. */
  readonly readChunkBytes?: number;
  readonly logger?: Logger;
  /** File operations after open; tests inject failures through it. */
  readonly io?: SegmentIo;
}

export type ResolvedSegmentLogOptions = Required<SegmentLogOptions>;

/** Defaults with units; the shared ones come from DEFAULT_LIMITS so configuration overrides them in one place. */
export const SEGMENT_LOG_DEFAULTS = {
  fsync: 'always' as FsyncPolicy,
  fsyncIntervalMs: 100,
  groupCommitIntervalMs: DEFAULT_LIMITS.groupCommitIntervalMs,
  groupCommitBytesMax: DEFAULT_LIMITS.groupCommitBytesMax,
  segmentBytesMax: DEFAULT_LIMITS.logSegmentBytesMax,
  // Far above payloadBytesMax (1 MiB); bounds what one bad length header can make recovery read.
  recordBytesMax: 64 * 1_048_576,
  // 1 million records → about 4,000 index entries; a seek scans at most 255 records.
  indexEveryRecords: 256,
  readChunkBytes: 1_048_576,
} as const;

/** Recovery reads segment files in chunks of this size. */
export const RECOVERY_CHUNK_BYTES = 8 * 1_048_576;

export function resolveSegmentLogOptions(options: SegmentLogOptions): ResolvedSegmentLogOptions {
  const resolved: ResolvedSegmentLogOptions = {
    ...SEGMENT_LOG_DEFAULTS,
    logger: silentLogger,
    io: nodeSegmentIo,
    ...withoutUndefined(options),
    dir: options.dir,
  };
  for (const key of [
    'fsyncIntervalMs',
    'groupCommitIntervalMs',
    'groupCommitBytesMax',
    'segmentBytesMax',
    'recordBytesMax',
    'indexEveryRecords',
    'readChunkBytes',
  ] as const) {
    const value = resolved[key];
    const minimum = key.endsWith('Ms') ? 0 : 1;
    if (!Number.isInteger(value) || value < minimum) {
      throw new RangeError(`SegmentLog option ${key} must be an integer ≥ ${minimum}, got ${value}.`);
    }
  }
  if (resolved.recordBytesMax > 0xffff_ffff)
    throw new RangeError('SegmentLog option recordBytesMax must fit in 32 bits.');
  return resolved;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
