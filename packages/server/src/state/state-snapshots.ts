import type { StoredPathValue } from './twin-state-store.js';

/** Twin state as of a log offset: restart loads it and replays the log from `offset` only. */
export interface StateSnapshot {
  readonly offset: number;
  readonly takenMs: number;
  readonly twins: readonly (readonly [string, readonly (readonly [string, StoredPathValue])[]])[];
}

/** Snapshot storage port. `save` must be atomic: a crash leaves the old or the new snapshot. */
export interface SnapshotStore {
  load(): Promise<StateSnapshot | undefined>;
  save(snapshot: StateSnapshot): Promise<void>;
}
