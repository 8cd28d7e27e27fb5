import type { EventLog, EventLogStats, LogOffset, LogRecordView, ReadOptions } from '../../log/event-log.js';
import { EventLogError } from '../../log/event-log-error.js';

const BATCH_RECORDS_DEFAULT = 1_000;

/**
 * An `EventLog` held in memory, for unit tests of the modules that use the log. Not durable:
 * a new instance starts empty. Payloads are copied on append, so callers may reuse their buffers.
 */
export class MemoryLog implements EventLog {
  // records[i] has offset baseOffset + i; truncateBefore drops from the front.
  private records: Uint8Array[] = [];
  private baseOffset: LogOffset = 0;
  private isOpen = false;
  private appendCalls = 0;
  private appendedRecords = 0;

  open(): Promise<void> {
    this.isOpen = true;
    return Promise.resolve();
  }

  append(payloads: readonly Uint8Array[]): Promise<LogOffset> {
    if (!this.isOpen) return Promise.reject(new EventLogError('log.closed', 'The memory log is not open.'));
    const first = this.nextOffset();
    for (const payload of payloads) this.records.push(payload.slice());
    this.appendedRecords += payloads.length;
    if (payloads.length > 0) this.appendCalls += 1;
    return Promise.resolve(first);
  }

  nextOffset(): LogOffset {
    return this.baseOffset + this.records.length;
  }

  firstOffset(): LogOffset {
    return this.baseOffset;
  }

  read(from: LogOffset, options: ReadOptions = {}): AsyncIterable<readonly LogRecordView[]> {
    return this.readBatches(from, this.nextOffset(), options.batchRecordsMax ?? BATCH_RECORDS_DEFAULT);
  }

  private async *readBatches(from: LogOffset, end: LogOffset, batchRecordsMax: number) {
    if (from < this.baseOffset || from > end) {
      throw new EventLogError(
        'log.offset-out-of-range',
        `Cannot read from offset ${from}: the log holds offsets ${this.baseOffset} to ${end - 1}.`,
      );
    }
    for (let start = from; start < end; start += batchRecordsMax) {
      const batch: LogRecordView[] = [];
      const stop = Math.min(end, start + batchRecordsMax);
      for (let offset = start; offset < stop; offset += 1) {
        // A concurrent truncateBefore may have dropped records this reader had not reached yet.
        const payload = this.records[offset - this.baseOffset];
        if (payload === undefined || offset < this.baseOffset) {
          throw new EventLogError('log.offset-out-of-range', `Offset ${offset} was truncated while being read.`);
        }
        batch.push({ offset, payload });
      }
      yield batch;
    }
  }

  truncateBefore(offset: LogOffset): Promise<void> {
    const dropCount = Math.min(Math.max(0, offset - this.baseOffset), this.records.length);
    this.records = this.records.slice(dropCount);
    this.baseOffset += dropCount;
    return Promise.resolve();
  }

  pendingBytes(): number {
    return 0;
  }

  stats(): EventLogStats {
    let bytes = 0;
    for (const record of this.records) bytes += record.byteLength;
    return {
      segments: 1,
      bytes,
      appendedRecords: this.appendedRecords,
      groupCommits: this.appendCalls,
      fsyncs: 0,
    };
  }

  close(): Promise<void> {
    this.isOpen = false;
    return Promise.resolve();
  }
}
