import type { EpochMs, Logger } from '@doppel/core';
import { TIMESTAMP_KEY } from '@doppel/protocol';
import { visitEntrySamples } from '../ingest/entry-codec.js';
import type { SampleRow } from '../ingest/ingest-types.js';
import { IngestTap } from './ingest-tap.js';
import type { TappedEntry } from './ingest-tap.js';
import type { EventLog } from '../log/event-log.js';
import type { HistoryModelSchema, HistoryRow, HistoryStore } from './history-store.js';

export interface HistoryConsumerOptions {
  readonly log: EventLog;
  readonly store: HistoryStore;
  /** The current model of a twin, or undefined if the twin no longer exists (its samples are skipped). */
  readonly modelOf: (twinId: string) => string | undefined;
  readonly schemaOf: (modelId: string) => HistoryModelSchema | undefined;
  readonly logger: Logger;
  /** Rows per store write (one transaction): large enough to amortise it, small enough to bound memory. */
  readonly batchRowsMax?: number;
  /**
   * How long a caught-up consumer waits before it looks for new records. Each store write has a
   * fixed cost (a transaction, rollup merges per twin and minute), so history is written about
   * once a second in large batches rather than in many small ones; history lags live state by
   * about this much.
   */
  readonly pollIntervalMs?: number;
  /** Wait after a failed write before retrying from the stored checkpoint. */
  readonly retryDelayMs?: number;
}

/**
 * Moves the durable event log into history (DESIGN.md 2: a consumer of the log). It resumes from
 * the checkpoint the store keeps with its rows, so a crash replays exactly what is missing. A
 * failed write is retried from that checkpoint; the log is never skipped past what was written.
 */
export class HistoryConsumer {
  private readonly batchRowsMax: number;
  private readonly pollIntervalMs: number;
  private readonly retryDelayMs: number;
  private readonly knownSchemas = new Map<string, Set<string>>();
  private readonly tap: IngestTap;
  private position = 0;
  private running = false;
  /** Set by stop(): a drain in progress ends after its next write. */
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** Values whose path is not (or no longer) in the twin's current model: counted, not stored. */
  droppedValues = 0;
  /** Values of paths the model does not historize (DTDL Historization): left out on purpose. */
  notHistorizedValues = 0;
  skippedRecords = 0;
  writtenRows = 0;
  /** Records read back from the log and decoded, because the tap did not hold them (restart, or far behind). */
  recordsReadFromLog = 0;

  constructor(private readonly options: HistoryConsumerOptions) {
    this.batchRowsMax = options.batchRowsMax ?? 50_000;
    // Five batches (250,000 rows by default, tens of MB): enough to ride out DuckDB's pauses
    // (a checkpoint, 0.3-0.8 s; an hour rewritten by twin, 2-3 s at 10,000 series) at 150,000
    // rows/s without the consumer decoding what the tap let go from the log, which slows it further.
    this.tap = new IngestTap(5 * this.batchRowsMax);
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.retryDelayMs = options.retryDelayMs ?? 1_000;
  }

  /** Records of the log not yet in history. */
  lag(): number {
    return Math.max(0, this.options.log.nextOffset() - this.position);
  }

  /** The offset history has consumed up to; the log must keep everything from here. */
  get checkpoint(): number {
    return this.position;
  }

  async start(): Promise<void> {
    this.position = await this.options.store.checkpoint();
    this.running = true;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Tells a caught-up consumer that records were appended (optional: it also polls). */
  /**
   * An entry ingest has just made durable at `offset` (in offset order): history takes its rows
   * as they are instead of reading and decoding the record again (ingest-tap.ts).
   */
  offer(entry: TappedEntry): void {
    this.tap.offer(entry);
  }

  notify(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let written: number;
      try {
        written = await this.drainOnce();
      } catch (error) {
        this.options.logger.error('history: writing to the history store failed; retrying from its checkpoint', {
          error: (error as Error).message,
        });
        this.position = await this.options.store.checkpoint().catch(() => this.position);
        await this.sleep(this.retryDelayMs);
        continue;
      }
      if (written === 0) await this.sleep(this.pollIntervalMs);
    }
  }

  /**
   * Writes everything appended so far, in batches; resolves with the number of rows written.
   * Calls never overlap (the background loop and a caller may both ask): two drains from the same
   * position would write the same rows twice.
   */
  drainOnce(): Promise<number> {
    const next = this.draining.then(() => this.drain());
    this.draining = next.catch(() => undefined);
    return next;
  }

  private draining: Promise<unknown> = Promise.resolve();

  private async drain(): Promise<number> {
    const { log } = this.options;
    let from = this.position;
    if (from < log.firstOffset()) {
      this.options.logger.warn('history: log records were deleted before history consumed them', {
        checkpoint: from,
        firstOffset: log.firstOffset(),
      });
      from = log.firstOffset();
    }
    const end = log.nextOffset();
    let rows: HistoryRow[] = [];
    let total = 0;
    let through = from;
    // One write in flight while the next batch is decoded: the store spends most of a write in
    // DuckDB's threads, so decoding on this thread meanwhile overlaps the two. Writes still
    // commit in log order, and the position only moves past what was written.
    let pending: Promise<void> | undefined;
    const flush = async (): Promise<void> => {
      await pending;
      const batch = rows;
      rows = [];
      pending = this.write(batch, through);
      // A failure surfaces at the next await of `pending`; keep it from being unhandled meanwhile.
      pending.catch(() => undefined);
      total += batch.length;
    };
    try {
      while (through < end && (!this.stopping || total === 0)) {
        // What ingest handed over (the tap) is taken as it is; anything else is read from the log.
        this.tap.discardBefore(through);
        const tapped = this.tap.firstOffset();
        if (tapped === through) {
          through = this.tap.take(through, end, this.batchRowsMax - rows.length, (entry) =>
            this.sampleRows(entry.twinId, entry.rows, rows),
          );
        } else {
          const stopAt = tapped !== undefined && tapped < end ? tapped : end;
          const before = through;
          for await (const records of log.read(through, { batchRecordsMax: 4_096 })) {
            for (const record of records) {
              if (record.offset >= stopAt) break;
              this.toRows(record.payload, rows);
              this.recordsReadFromLog++;
              through = record.offset + 1;
            }
            if (rows.length >= this.batchRowsMax) await flush();
            if (through >= stopAt || (this.stopping && total > 0)) break;
          }
          // The log serves only committed records: the rest of [through, end) is not durable yet.
          if (through === before) break;
        }
        if (rows.length >= this.batchRowsMax) await flush();
      }
      if (rows.length > 0 || through > this.position) await flush();
    } finally {
      await pending;
    }
    return end === from ? 0 : total;
  }

  private async write(rows: readonly HistoryRow[], throughOffset: number): Promise<void> {
    for (const modelId of new Set(rows.map((row) => row.modelId))) await this.ensureSchema(modelId);
    await this.options.store.write({ rows, throughOffset });
    this.position = throughOffset;
    this.writtenRows += rows.length;
  }

  /** Rows of a tapped entry: its values objects are used as they are when the model has every path. */
  private sampleRows(twinId: string, samples: readonly SampleRow[], out: HistoryRow[]): void {
    const modelId = this.options.modelOf(twinId);
    if (modelId === undefined) {
      this.skippedRecords++;
      return;
    }
    const columns = this.columnsOf(modelId);
    for (const sample of samples) {
      let all = true;
      for (const path in sample.values) {
        if (columns?.has(path) !== true) {
          all = false;
          break;
        }
      }
      if (all) out.push({ twinId, modelId, ts: sample.ts, values: sample.values });
      else this.keptValues(twinId, modelId, sample.ts, sample.values, out);
    }
  }

  private toRows(payload: Uint8Array, out: HistoryRow[]): void {
    let skipped = false;
    visitEntrySamples(payload, (twinId, ts, sample) => {
      const modelId = this.options.modelOf(twinId);
      if (modelId === undefined) skipped = true;
      else this.keptValues(twinId, modelId, ts, sample, out);
    });
    if (skipped) this.skippedRecords++;
  }

  /** A row of the values whose paths the model historizes (counting the others), if any. */
  private keptValues(
    twinId: string,
    modelId: string,
    ts: EpochMs,
    sample: Readonly<Record<string, unknown>>,
    out: HistoryRow[],
  ): void {
    const columns = this.columnsOf(modelId);
    const excluded = this.excludedOf(modelId);
    const values: Record<string, unknown> = {};
    let kept = 0;
    for (const path in sample) {
      // A logged payload may carry its source time as `ts`; it is the row's time, not a path.
      if (path === TIMESTAMP_KEY) continue;
      if (columns?.has(path) === true) {
        values[path] = sample[path];
        kept++;
      } else if (excluded?.has(path) === true) this.notHistorizedValues++;
      else this.droppedValues++;
    }
    if (kept > 0) out.push({ twinId, modelId, ts, values });
  }

  private excludedOf(modelId: string): ReadonlySet<string> | undefined {
    return this.options.schemaOf(modelId)?.excludedPaths;
  }

  private columnsOf(modelId: string): Set<string> | undefined {
    let columns = this.knownSchemas.get(modelId);
    if (columns === undefined) {
      const schema = this.options.schemaOf(modelId);
      if (schema === undefined) return undefined;
      columns = new Set(schema.columns.map((column) => column.path));
      this.knownSchemas.set(modelId, columns);
    }
    return columns;
  }

  private readonly ensured = new Set<string>();

  private async ensureSchema(modelId: string): Promise<void> {
    if (this.ensured.has(modelId)) return;
    const schema = this.options.schemaOf(modelId);
    if (schema !== undefined) await this.options.store.ensureSchema(schema);
    this.ensured.add(modelId);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      // notify() may run once per appended record: only the first call does anything.
      const done = (): void => {
        if (this.wake !== done) return;
        this.wake = undefined;
        clearTimeout(timer);
        resolve();
      };
      this.wake = done;
      const timer = setTimeout(done, ms);
    });
  }
}
