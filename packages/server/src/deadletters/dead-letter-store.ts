import type { EpochMs } from '@doppel/core';
import type { DeadLetterDraft } from '../ingest/ingest-types.js';

/** A stored dead letter: the draft as ingest made it, plus what the store adds. */
export interface StoredDeadLetter extends Omit<DeadLetterDraft, 'pointer'> {
  readonly id: string;
  readonly rawTruncated: boolean;
  readonly pointer: string | null;
  readonly replayedMs: EpochMs | null;
}

export interface DeadLetterFilter {
  readonly twinId?: string;
  readonly reason?: string;
  /** Inclusive bounds on the receive time, epoch ms. */
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly includeReplayed?: boolean;
}

export interface DeadLetterPage {
  readonly items: readonly StoredDeadLetter[];
  /** Opaque cursor for the next page, or null at the end. */
  readonly next: string | null;
}

/**
 * The dead-letter queue's storage port. `insert` resolves only when the dead letters are durable:
 * an input is acknowledged only after every part of it is either in the log or here (invariant 2).
 * The store is bounded (`deadLettersMax`): beyond it the oldest are evicted and counted.
 */
export interface DeadLetterStore {
  open(): Promise<void>;
  close(): Promise<void>;
  insert(drafts: readonly DeadLetterDraft[]): Promise<void>;
  list(filter: DeadLetterFilter, pageSize: number, cursor: string | null): Promise<DeadLetterPage>;
  get(id: string): Promise<StoredDeadLetter | undefined>;
  markReplayed(id: string, replayedMs: EpochMs): Promise<void>;
  count(): number;
  /** Counts by reason, for the health page and metrics. */
  countByReason(): Promise<Record<string, number>>;
  evicted(): number;
}
