import type { PathState } from '@doppel/protocol';

/** One live path as this page knows it: the server's state plus what the page observed. */
export interface LivePath extends PathState {
  /** Smoothed time between successive source times of this path; null until two were seen. */
  readonly intervalMs: number | null;
  /** Counts value changes seen by this page; 0 for the first value, so it is not highlighted. */
  readonly changeSeq: number;
}

export interface LiveTwin {
  readonly twinId: string;
  readonly model: string;
  readonly paths: Readonly<Record<string, LivePath>>;
}

/** Weight of the newest gap in the smoothed interval (exponential moving average). */
const INTERVAL_SMOOTHING = 0.3;

const sameValue = (a: unknown, b: unknown): boolean =>
  Object.is(a, b) || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

/** Newer wins; on equal source times the later receive wins (DESIGN.md 4.5: no rolling back). */
const isNewer = (next: PathState, current: PathState): boolean =>
  next.sourceTimeMs > current.sourceTimeMs ||
  (next.sourceTimeMs === current.sourceTimeMs && next.receivedMs >= current.receivedMs);

function mergePath(current: LivePath | undefined, next: PathState): LivePath {
  if (current === undefined) return { ...next, intervalMs: null, changeSeq: 0 };
  const gapMs = next.sourceTimeMs - current.sourceTimeMs;
  const intervalMs =
    gapMs <= 0
      ? current.intervalMs
      : current.intervalMs === null
        ? gapMs
        : current.intervalMs + INTERVAL_SMOOTHING * (gapMs - current.intervalMs);
  const changeSeq = sameValue(current.value, next.value) ? current.changeSeq : current.changeSeq + 1;
  return { ...next, intervalMs, changeSeq };
}

/**
 * The latest values of the twins this page shows, keyed by twin. Each update replaces only the
 * changed LivePath objects and the LiveTwin that holds them, and notifies only that twin's
 * listeners, so a component reading one path of one twin re-renders only when that path changes.
 */
export class TwinValuesStore {
  private readonly twins = new Map<string, LiveTwin>();
  private readonly listeners = new Map<string, Set<() => void>>();

  get(twinId: string): LiveTwin | undefined {
    return this.twins.get(twinId);
  }

  subscribe(twinId: string, listener: () => void): () => void {
    let set = this.listeners.get(twinId);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(twinId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(twinId);
    };
  }

  /** Merges a live frame or a REST state; paths older than what is held are ignored. */
  apply(twinId: string, model: string, paths: Readonly<Record<string, PathState>>): void {
    const current = this.twins.get(twinId);
    let nextPaths: Record<string, LivePath> | undefined;
    for (const [path, state] of Object.entries(paths)) {
      const held = current?.paths[path];
      if (held !== undefined && !isNewer(state, held)) continue;
      nextPaths ??= { ...current?.paths };
      nextPaths[path] = mergePath(held, state);
    }
    if (nextPaths === undefined && current !== undefined && current.model === model) return;
    this.twins.set(twinId, { twinId, model, paths: nextPaths ?? current?.paths ?? {} });
    this.notify(twinId);
  }

  /**
   * Sets a twin's paths as given, older or not: a replay moving back in time (a live store never
   * goes back; this is for a store that shows the past).
   */
  replace(twinId: string, model: string, paths: Readonly<Record<string, PathState>>): void {
    const current = this.twins.get(twinId);
    const next: Record<string, LivePath> = {};
    for (const [path, state] of Object.entries(paths)) {
      const held = current?.paths[path];
      if (held !== undefined && held.sourceTimeMs === state.sourceTimeMs && held.freshness === state.freshness) {
        next[path] = held;
      } else next[path] = { ...state, intervalMs: null, changeSeq: (held?.changeSeq ?? -1) + 1 };
    }
    const unchanged =
      current !== undefined &&
      current.model === model &&
      Object.keys(next).length === Object.keys(current.paths).length &&
      Object.entries(next).every(([path, value]) => current.paths[path] === value);
    if (unchanged) return;
    this.twins.set(twinId, { twinId, model, paths: next });
    this.notify(twinId);
  }

  /** Forgets twins nobody watches any more, so that memory follows what is on screen. */
  evict(twinIds: readonly string[]): void {
    for (const twinId of twinIds) {
      if (this.twins.delete(twinId)) this.notify(twinId);
    }
  }

  private notify(twinId: string): void {
    const set = this.listeners.get(twinId);
    if (set === undefined) return;
    for (const listener of [...set]) listener();
  }
}
