/**
 * Child process of segment-log-crash.test.ts (not a test): appends records from several
 * concurrent writers until killed, and prints one line per acknowledged append on stdout:
 * "<firstOffset> <writer> <firstSeq> <count>". Stdout is a pipe, written synchronously on Linux,
 * so a printed acknowledgement was acknowledged before the kill.
 *
 * Usage: crash-appender.ts DIR FSYNC_POLICY FIRST_WRITER_ID
 */
import type { FsyncPolicy } from '../../log/event-log.js';
import { SegmentLog } from './segment-log.js';
import { crashPayload } from './crash-payload.js';

const [dir, policy = 'always', firstWriterText = '0'] = process.argv.slice(2);
if (dir === undefined) throw new Error('usage: crash-appender.ts DIR [FSYNC_POLICY] [FIRST_WRITER_ID]');
const firstWriter = Number(firstWriterText);
const writersCount = 8;

const log = new SegmentLog({ dir, fsync: policy as FsyncPolicy, segmentBytesMax: 256 * 1_024 });
await log.open();
process.stdout.write(`open ${log.nextOffset()}\n`);

async function runWriter(writer: number): Promise<void> {
  for (let seq = 0; ;) {
    const count = 1 + ((seq + writer) % 5);
    const payloads = Array.from({ length: count }, (_, i) => crashPayload(writer, seq + i));
    const first = await log.append(payloads);
    process.stdout.write(`${first} ${writer} ${seq} ${count}\n`);
    seq += count;
  }
}

await Promise.all(Array.from({ length: writersCount }, (_, i) => runWriter(firstWriter + i)));
