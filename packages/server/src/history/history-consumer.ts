import type { Logger } from '@doppel/core';
import { TIMESTAMP_KEY } from '@doppel/protocol';
import { visitEntrySamples } from '../ingest/entry-codec.js';
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
  private position = 0;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** Values whose path is not (or no longer) in the twin's current model: counted, not stored. */
  droppedValues = 0;
  /** Values of paths the model does not historize (DTDL Historization): left out on purpose. */
  notHistorizedValues = 0;
  skippedRecords = 0;
  writtenRows = 0;

  constructor(private readonly options: HistoryConsumerOptions) {
    this.batchRowsMax = options.batchRowsMax ?? 50_000;
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
    this.loop = this.run();
  }

  /** Tells a caught-up consumer that records were appended (optional: it also polls). */
  notify(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
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
    const flush = async (batch: HistoryRow[], throughOffset: number): Promise<void> => {
      await pending;
      pending = this.write(batch, throughOffset);
      // A failure surfaces at the next await of `pending`; keep it from being unhandled meanwhile.
      pending.catch(() => undefined);
      total += batch.length;
    };
    try {
      for await (const records of log.read(from, { batchRecordsMax: 4_096 })) {
        for (const record of records) {
          this.toRows(record.payload, rows);
          through = record.offset + 1;
        }
        if (rows.length >= this.batchRowsMax) {
          await flush(rows, through);
          rows = [];
        }
        if (!this.running && total > 0) break;
      }
      if (rows.length > 0 || through > this.position) await flush(rows, through);
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

  private toRows(payload: Uint8Array, out: HistoryRow[]): void {
    let skipped = false;
    visitEntrySamples(payload, (twinId, ts, sample) => {
      const modelId = this.options.modelOf(twinId);
      if (modelId === undefined) {
        skipped = true;
        return;
      }
      const columns = this.columnsOf(modelId);
      const excluded = this.excludedOf(modelId);
      const values: Record<string, unknown> = {};
      let kept = 0;
      for (const path in sample) {
        if (path === TIMESTAMP_KEY) continue;
        if (columns?.has(path) === true) {
          values[path] = sample[path];
          kept++;
        } else if (excluded?.has(path) === true) this.notHistorizedValues++;
        else this.droppedValues++;
      }
      if (kept > 0) out.push({ twinId, modelId, ts, values });
    });
    if (skipped) this.skippedRecords++;
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
