import type { PathState } from '@doppel/protocol';
import type { IngestEntry, ReportedQuality } from '../ingest/ingest-types.js';

/** Live value of one path of a twin. Mutable in place: the store is the only writer. */
export interface PathValue {
  value: unknown;
  sourceTimeMs: number;
  receivedMs: number;
  source: string;
  kind: PathState['kind'];
  /**
   * The quality the device reported with this value (`$quality`), undefined for good (or none
   * reported). Not the value's quality: QualityJudge.qualityOf combines it with the inferred one.
   */
  reportedQuality: ReportedQuality | undefined;
}

/**
 * A path value as a snapshot holds it: without `reportedQuality` when none was reported (JSON
 * drops undefined), and in snapshots written before devices could report quality.
 */
export type StoredPathValue = Omit<PathValue, 'reportedQuality'> & {
  readonly reportedQuality?: ReportedQuality | undefined;
};

export interface ApplyResult {
  /** Paths whose live value changed. */
  readonly changed: readonly string[];
  /** Samples older than the live value: kept in the log (and history), not in state. */
  readonly late: number;
  /** Exact repeats of the live sample (same path and ts): idempotent. */
  readonly duplicates: number;
}

/**
 * Called after an entry changed some paths of a twin: the changed path names and the twin's
 * paths (read the values from it). No copies are made: most changes have no live subscriber.
 */
export type StateListener = (twinId: string, changed: readonly string[], paths: ReadonlyMap<string, PathValue>) => void;

/**
 * The current state of every twin: per path the latest value by source time (DESIGN.md
 * invariant 5). A late sample does not roll state back; a sample with the same path and source
 * time as the live one is a duplicate and changes nothing (first writer wins, in log order, so a
 * replay after restart reaches the same state).
 */
export class TwinStateStore {
  private readonly twins = new Map<string, Map<string, PathValue>>();
  private readonly listeners = new Set<StateListener>();
  private pathCount = 0;
  /** Twins with a value per path (changes only when a twin gets a path for the first time). */
  private readonly twinsPerPath = new Map<string, number>();

  onChange(listener: StateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  apply(entry: IngestEntry, notify = true): ApplyResult {
    let paths = this.twins.get(entry.twinId);
    if (paths === undefined) this.twins.set(entry.twinId, (paths = new Map()));
    const kind: PathState['kind'] = entry.kind === 'telemetry' ? 'telemetry' : 'property';
    const changed: string[] = [];
    let late = 0;
    let duplicates = 0;
    for (const row of entry.rows) {
      const quality = row.quality;
      for (const path in row.values) {
        const value = row.values[path];
        const reportedQuality = quality === undefined ? undefined : quality[path];
        const current = paths.get(path);
        if (current === undefined) {
          const fresh: PathValue = {
            value,
            sourceTimeMs: row.ts,
            receivedMs: entry.receivedMs,
            source: entry.source,
            kind,
            reportedQuality,
          };
          paths.set(path, fresh);
          changed.push(path);
          this.pathCount++;
          this.twinsPerPath.set(path, (this.twinsPerPath.get(path) ?? 0) + 1);
        } else if (row.ts > current.sourceTimeMs) {
          current.value = value;
          current.sourceTimeMs = row.ts;
          current.receivedMs = entry.receivedMs;
          current.source = entry.source;
          current.reportedQuality = reportedQuality;
          changed.push(path);
        } else if (row.ts === current.sourceTimeMs) {
          duplicates++;
        } else {
          late++;
        }
      }
    }
    if (notify && changed.length > 0) {
      for (const listener of this.listeners) listener(entry.twinId, changed, paths);
    }
    return { changed, late, duplicates };
  }

  get(twinId: string): ReadonlyMap<string, PathValue> | undefined {
    return this.twins.get(twinId);
  }

  delete(twinId: string): void {
    const paths = this.twins.get(twinId);
    if (paths === undefined) return;
    this.pathCount -= paths.size;
    for (const path of paths.keys()) this.twinsPerPath.set(path, (this.twinsPerPath.get(path) ?? 1) - 1);
    this.twins.delete(twinId);
  }

  /** How many twins have a live value at `path` (queries index only paths no device reports). */
  twinsWithPath(path: string): number {
    return this.twinsPerPath.get(path) ?? 0;
  }

  get size(): { twins: number; paths: number } {
    return { twins: this.twins.size, paths: this.pathCount };
  }

  /** Every twin's state, for snapshots. */
  entries(): IterableIterator<[string, Map<string, PathValue>]> {
    return this.twins.entries();
  }

  /**
   * Replaces all state (restore from a snapshot). A value without `reportedQuality` (a snapshot
   * written before devices could report quality) has none.
   */
  restore(entries: Iterable<readonly [string, Iterable<readonly [string, StoredPathValue]>]>): void {
    this.twins.clear();
    this.pathCount = 0;
    this.twinsPerPath.clear();
    for (const [twinId, paths] of entries) {
      const map = new Map<string, PathValue>();
      for (const [path, value] of paths) {
        // Every field spelled out: one object shape for all values, whatever the snapshot held.
        map.set(path, {
          value: value.value,
          sourceTimeMs: value.sourceTimeMs,
          receivedMs: value.receivedMs,
          source: value.source,
          kind: value.kind,
          reportedQuality: value.reportedQuality,
        });
      }
      this.twins.set(twinId, map);
      this.pathCount += map.size;
      for (const path of map.keys()) this.twinsPerPath.set(path, (this.twinsPerPath.get(path) ?? 0) + 1);
    }
  }
}

export function toPathState(value: PathValue): PathState {
  return {
    value: value.value,
    sourceTimeMs: value.sourceTimeMs,
    receivedMs: value.receivedMs,
    source: value.source,
    kind: value.kind,
  };
}
