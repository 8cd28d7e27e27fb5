import type { Clock, Limits, Logger } from '@doppel/core';
import type { DeadLetterStore } from '../deadletters/dead-letter-store.js';
import type { EventLog } from '../log/event-log.js';
import type { TwinStateStore } from '../state/twin-state-store.js';
import type { TwinModelLookup } from './decode-input.js';
import { decodeInput } from './decode-input.js';
import { encodeEntry } from './entry-codec.js';
import { IngestCounters } from './ingest-counters.js';
import type { DecodedInput, IngestEntry, IngestInput } from './ingest-types.js';

export interface IngestOutcome {
  readonly points: number;
  readonly applied: number;
  readonly deadLettered: number;
  readonly errors: readonly { code: string; message: string; pointer?: string }[];
}

export type PipelineLimits = Pick<
  Limits,
  'payloadBytesMax' | 'samplesPerPayloadMax' | 'timestampPastMaxMs' | 'timestampFutureMaxMs' | 'ingestQueuePointsMax'
>;

/**
 * The ingest pipeline: decode → validate → durable log (+ dead letters) → apply to twin state.
 *
 * `submit` resolves only when every part of the input is durable (in the log, or in the
 * dead-letter store), so callers acknowledge after it (invariant 2). State is applied in log
 * order, as each append completes. Admission is bounded by `ingestQueuePointsMax` points in
 * flight: callers check `saturated()` and wait on `whenReady()` (MQTT) or answer 503 (HTTP).
 */
export class IngestPipeline {
  readonly counters = new IngestCounters();
  private queuedPoints = 0;
  private overloaded = false;
  private readyWaiters: (() => void)[] = [];
  private appliedSinceSnapshot = 0;
  /** Log offset after the last entry applied to state (what a snapshot covers). */
  private appliedOffset = 0;

  constructor(
    private readonly deps: {
      readonly log: EventLog;
      readonly deadLetters: DeadLetterStore;
      readonly state: TwinStateStore;
      readonly lookup: TwinModelLookup;
      readonly limits: PipelineLimits;
      readonly clock: Clock;
      readonly logger: Logger;
      /** Called after `snapshotEveryPoints` applied points; the platform writes a snapshot. */
      readonly onSnapshotDue?: () => void;
      readonly snapshotEveryPoints?: number;
      /** Called with each entry once durable, in log order (history's tap: ingest-tap.ts). */
      readonly onDurable?: (offset: number, entry: IngestEntry) => void;
      /** Called with each entry once applied to state, in log order (alert rules read the state). */
      readonly onApplied?: (offset: number, entry: IngestEntry) => void;
    },
  ) {
    this.appliedOffset = deps.log.nextOffset();
  }

  get queued(): number {
    return this.queuedPoints;
  }

  get stateOffset(): number {
    return this.appliedOffset;
  }

  /** True when new input must wait: too many points in flight, or the event loop is lagging. */
  saturated(): boolean {
    return this.overloaded || this.queuedPoints >= this.deps.limits.ingestQueuePointsMax;
  }

  /** Set by the event-loop-lag monitor. */
  setOverloaded(overloaded: boolean): void {
    this.overloaded = overloaded;
    if (!overloaded) this.wakeWaiters();
  }

  /** Resolves when new input may enter. */
  whenReady(): Promise<void> {
    if (!this.saturated()) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Decodes without storing anything: used to check a dead letter before replaying it. */
  dryRun(input: IngestInput): DecodedInput {
    return decodeInput(input, this.deps.lookup, this.deps.limits);
  }

  async submit(input: IngestInput): Promise<IngestOutcome> {
    const decoded = decodeInput(input, this.deps.lookup, this.deps.limits);
    const counters = this.counters.of(input.transport);
    counters.receivedMessages++;
    counters.receivedPoints += decoded.points;
    this.queuedPoints += decoded.points;
    const { entry, deadLetters } = decoded;
    const deadLetteredPoints = deadLetters.reduce((sum, draft) => sum + draft.points, 0);
    let settledPoints = 0;
    try {
      const appended =
        entry === undefined
          ? undefined
          : this.deps.log.append([encodeEntry(entry)]).then((offset) => {
              // Appends resolve in offset order, so state is applied in log order.
              this.deps.onDurable?.(offset, entry);
              const result = this.deps.state.apply(entry);
              this.counters.latePoints += result.late;
              this.counters.duplicatePoints += result.duplicates;
              this.appliedOffset = offset + 1;
              this.deps.onApplied?.(offset, entry);
              counters.appliedPoints += entry.points;
              settledPoints += entry.points;
              this.noteApplied(entry.points);
            });
      const stored =
        deadLetters.length === 0
          ? undefined
          : this.deps.deadLetters.insert(deadLetters).then(() => {
              counters.deadLetteredPoints += deadLetteredPoints;
              settledPoints += deadLetteredPoints;
            });
      // allSettled: both parts must finish before the books are closed on this input.
      const results = await Promise.allSettled([appended, stored]);
      const failure = results.find((result) => result.status === 'rejected');
      if (failure !== undefined) throw failure.reason;
    } catch (error) {
      counters.failedPoints += decoded.points - settledPoints;
      this.deps.logger.error('ingest: storing an input failed; it was not acknowledged', {
        topic: input.topic,
        clientId: input.clientId,
        error: (error as Error).message,
      });
      throw error;
    } finally {
      this.queuedPoints -= decoded.points;
      if (this.readyWaiters.length > 0 && !this.saturated()) this.wakeWaiters();
    }
    return {
      points: decoded.points,
      applied: entry?.points ?? 0,
      deadLettered: deadLetteredPoints,
      errors: deadLetters.map((draft) => ({
        code: draft.reason,
        message: draft.message,
        ...(draft.pointer === undefined ? {} : { pointer: draft.pointer }),
      })),
    };
  }

  private noteApplied(points: number): void {
    const every = this.deps.snapshotEveryPoints;
    if (every === undefined || this.deps.onSnapshotDue === undefined) return;
    this.appliedSinceSnapshot += points;
    if (this.appliedSinceSnapshot >= every) {
      this.appliedSinceSnapshot = 0;
      this.deps.onSnapshotDue();
    }
  }

  private wakeWaiters(): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const wake of waiters) wake();
  }
}
