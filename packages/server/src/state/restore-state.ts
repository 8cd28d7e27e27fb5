import type { Clock, Logger } from '@doppel/core';
import type { TwinGraph } from '../graph/twin-graph.js';
import { decodeEntry } from '../ingest/entry-codec.js';
import type { EventLog } from '../log/event-log.js';
import type { SnapshotStore } from './state-snapshots.js';
import type { TwinStateStore } from './twin-state-store.js';

export interface RestoreResult {
  readonly fromSnapshot: boolean;
  readonly replayedEntries: number;
  readonly elapsedMs: number;
}

/**
 * Rebuilds twin state at start-up: the latest snapshot, then the log from the snapshot's offset.
 * Entries of twins that no longer exist are skipped. Applying in log order reproduces exactly the
 * state the process had (the store's rules are deterministic in that order).
 */
export async function restoreState(
  state: TwinStateStore,
  log: EventLog,
  snapshots: SnapshotStore,
  graph: TwinGraph,
  logger: Logger,
): Promise<RestoreResult> {
  const startedMs = Date.now();
  const snapshot = await snapshots.load();
  let from = log.firstOffset();
  let fromSnapshot = false;
  if (snapshot !== undefined && snapshot.offset <= log.nextOffset() && snapshot.offset >= log.firstOffset()) {
    state.restore(snapshot.twins.filter(([twinId]) => graph.getTwin(twinId) !== undefined));
    from = snapshot.offset;
    fromSnapshot = true;
  } else if (snapshot !== undefined) {
    logger.warn('state snapshot does not match the log; rebuilding from the log alone', {
      snapshotOffset: snapshot.offset,
      logFirstOffset: log.firstOffset(),
      logNextOffset: log.nextOffset(),
    });
  }
  let replayed = 0;
  for await (const batch of log.read(from, { batchRecordsMax: 4_096 })) {
    for (const record of batch) {
      const entry = decodeEntry(record.payload);
      if (graph.getTwin(entry.twinId) === undefined) continue;
      state.apply(entry, false);
      replayed++;
    }
  }
  return { fromSnapshot, replayedEntries: replayed, elapsedMs: Date.now() - startedMs };
}

export async function takeSnapshot(
  state: TwinStateStore,
  offset: number,
  snapshots: SnapshotStore,
  clock: Clock,
): Promise<void> {
  const twins = [...state.entries()].map(
    ([twinId, paths]) => [twinId, [...paths].map(([path, value]) => [path, { ...value }] as const)] as const,
  );
  await snapshots.save({ offset, takenMs: clock.nowMs(), twins });
}

/**
 * Takes a snapshot at `offset`, then bounds the log on disk: when it holds more than
 * `retentionBytesMax`, the whole segments before both the snapshot's offset and `keepFromOffset`
 * (what other consumers, such as history, still need) are deleted. Returns the log's bytes after.
 */
export async function snapshotAndTrimLog(
  state: TwinStateStore,
  offset: number,
  snapshots: SnapshotStore,
  log: EventLog,
  clock: Clock,
  retentionBytesMax: number,
  keepFromOffset = Number.POSITIVE_INFINITY,
): Promise<number> {
  await takeSnapshot(state, offset, snapshots, clock);
  if (log.stats().bytes > retentionBytesMax) await log.truncateBefore(Math.min(offset, keepFromOffset));
  return log.stats().bytes;
}
