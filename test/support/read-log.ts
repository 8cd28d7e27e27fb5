import { SegmentLog } from '../../packages/server/src/adapters/segment-log/segment-log.js';
import { decodeEntry } from '../../packages/server/src/ingest/entry-codec.js';
import type { IngestEntry } from '../../packages/server/src/ingest/ingest-types.js';

/**
 * Reads every ingest entry of a data directory's event log, as the platform would on restart.
 * Tests may reach into server internals here; product code may not.
 */
export async function readIngestLog(dir: string): Promise<IngestEntry[]> {
  const log = new SegmentLog({ dir });
  await log.open();
  const entries: IngestEntry[] = [];
  try {
    for await (const batch of log.read(log.firstOffset())) {
      for (const record of batch) entries.push(decodeEntry(record.payload));
    }
  } finally {
    await log.close();
  }
  return entries;
}
