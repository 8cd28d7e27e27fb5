import type { CommandStatus, CommandView } from '@doppel/protocol';

/** Which commands to list. */
export interface CommandFilter {
  readonly twinId?: string;
  readonly status?: CommandStatus;
}

export interface CommandPage {
  readonly items: readonly CommandView[];
  /** Opaque cursor for the next page, or null at the end. */
  readonly next: string | null;
}

/**
 * Where commands and desired values live (DESIGN.md 5: the Registry's commands; a port of its own
 * so that a burst of commands never contends with the graph). Every status change is saved before
 * it is acted on or announced, so the store is also the audit trail: who asked what, when each
 * status was reached, and the outcome. A command survives a restart: `unfinished()` gives the
 * service what it must resume (deliver, or time out).
 */
export interface CommandStore {
  open(): Promise<void>;
  /** Writes what is pending, then closes. */
  close(): Promise<void>;
  /**
   * Inserts the command, or replaces the stored one with the same id. Resolves once durable;
   * saves of one tick may share a transaction.
   */
  save(command: CommandView): Promise<void>;
  get(id: string): Promise<CommandView | undefined>;
  /** Newest first (createdMs, then id, descending), at most `limit`, continuing after `cursor`. */
  list(filter: CommandFilter, limit: number, cursor: string | null): Promise<CommandPage>;
  /** Commands in no terminal status (pending, sent, acknowledged), oldest first. */
  unfinished(): Promise<CommandView[]>;
  /** Deletes commands in a terminal status created before `beforeMs`; returns how many. */
  prune(beforeMs: number): Promise<number>;
}
