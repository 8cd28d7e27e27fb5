import { closeSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@doppel/core';
import { takeCleanShutdownMarker } from './clean-shutdown-marker.js';
import { scanSegment } from './segment-scan.js';
import { parseSegmentFileName, segmentFileName } from './segment-file-name.js';

export interface RecoveredSegment {
  readonly baseOffset: number;
  readonly path: string;
  readonly records: number;
  readonly bytes: number;
  readonly positions: number[];
}

export interface RecoveryOptions {
  readonly indexEveryRecords: number;
  readonly chunkBytes: number;
  readonly logger: Logger;
}

/**
 * Brings the directory back to a consistent log (docs/storage-format.md, "Recovery"):
 * - every segment is scanned and checked; the log ends at the first damaged record, which is
 *   truncated away (after `kill -9` or a power cut that can only be the tail of the last segment);
 * - segments after damage in an earlier segment, or after a gap or overlap in offsets, cannot be
 *   placed in the log: they are renamed `*.quarantined` for an operator, never deleted.
 * After a clean shutdown (see clean-shutdown-marker.ts) only the frame lengths are walked.
 * Creates the directory and the first segment when missing. Synchronous: runs before appends.
 */
export function recoverSegments(dir: string, options: RecoveryOptions): RecoveredSegment[] {
  mkdirSync(dir, { recursive: true });
  const bases = readdirSync(dir)
    .map(parseSegmentFileName)
    .filter((base): base is number => base !== undefined)
    .sort((a, b) => a - b);
  if (bases.length === 0) {
    closeSync(openSync(join(dir, segmentFileName(0)), 'wx'));
    syncDir(dir);
    return [{ baseOffset: 0, path: join(dir, segmentFileName(0)), records: 0, bytes: 0, positions: [] }];
  }

  const tailName = segmentFileName(bases.at(-1) ?? 0);
  const clean = takeCleanShutdownMarker(dir, tailName, statSync(join(dir, tailName)).size);
  syncDir(dir); // the marker's removal must be durable before anything is appended
  const recovered: RecoveredSegment[] = [];
  for (const [i, baseOffset] of bases.entries()) {
    const path = join(dir, segmentFileName(baseOffset));
    const scan = scanSegment(path, { ...options, verifyCrc: !clean });
    recovered.push({ baseOffset, path, records: scan.records, bytes: scan.validBytes, positions: scan.positions });
    const nextBase = bases[i + 1];
    if (scan.damage !== undefined) {
      truncateFile(path, scan.validBytes);
      const fields = {
        segment: path,
        reason: scan.damage,
        keptRecords: scan.records,
        bytesDropped: scan.fileBytes - scan.validBytes,
      };
      if (nextBase === undefined) options.logger.warn('event log: torn tail truncated', fields);
      else options.logger.error('event log: damaged segment truncated', fields);
    }
    if (nextBase === undefined) break;
    if (scan.damage !== undefined || baseOffset + scan.records !== nextBase) {
      quarantine(dir, bases.slice(i + 1), baseOffset + scan.records, options.logger);
      break;
    }
  }
  return recovered;
}

function quarantine(dir: string, bases: readonly number[], logEndOffset: number, logger: Logger): void {
  const files = bases.map(segmentFileName);
  for (const file of files) renameSync(join(dir, file), join(dir, `${file}.quarantined`));
  syncDir(dir);
  logger.error('event log: segments after a damaged or missing range quarantined', {
    dir,
    logEndOffset,
    files,
    remedy: 'Inspect the *.quarantined files; they are no longer part of the log.',
  });
}

function truncateFile(path: string, bytes: number): void {
  const fd = openSync(path, 'r+');
  try {
    ftruncateSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
