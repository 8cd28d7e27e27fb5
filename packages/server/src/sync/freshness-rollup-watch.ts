import type { CriticalRule } from './freshness-rollup.js';
import { isCritical } from './freshness-rollup.js';

/**
 * The roll-up of freshness-rollup.ts as events: each twin goes `fresh → degraded → fresh` when the
 * first stale critical series at or below it appears and when the last one is fresh again, so the
 * change can be pushed on the WebSocket and kept in history.
 *
 * Kept incrementally, as a count per twin of the stale critical series at or below it, not by
 * re-walking subtrees: a gateway going offline makes thousands of series stale at once, and
 * re-rolling a site of 20,000 twins for each would cost 10^8 steps; a count costs one walk up the
 * (few) ancestors per series transition. Only stale critical series and degraded twins are held:
 * a twin whose count is back to 0 is forgotten, so memory follows what is degraded, not the graph.
 *
 * The walk down (increment) and the walk up (decrement) must see the same ancestors, so whenever
 * the followed relationships, the twins or their models change, the caller says so with
 * `graphChanged`. That call only marks the counts out of date; they are rebuilt from
 * `source.allStale()` once, on the next `seriesChanged`, `statusOf`, `degradedTwins` or `flush`
 * (coalesced: call it on every relationship event; call `flush` on a timer to publish what a graph
 * change did when no series changes). Transitions of a rebuild have no `cause` and carry the time
 * of the latest `graphChanged`.
 */
export interface RollupWatchSource {
  /** Twins with a relationship of one of these names targeting `twinId` (its parents). */
  parents(twinId: string, relationships: readonly string[]): Iterable<string>;
  /** Every series stale right now: used to rebuild after the graph changed. */
  allStale(): Iterable<{ twinId: string; path: string }>;
  /** The twin's model and the models it extends. */
  modelsOf(twinId: string): readonly string[];
}

export interface RollupTransition {
  readonly twinId: string;
  readonly status: 'fresh' | 'degraded';
  /** Stale critical series at or below the twin after this transition. */
  readonly staleCriticalCount: number;
  readonly atMs: number;
  /** The series whose change caused it (absent after a rebuild). */
  readonly cause?: { readonly twinId: string; readonly path: string };
}

export interface RollupWatchOptions {
  readonly rules: readonly CriticalRule[];
  /** Relationships followed (upwards here) to roll freshness up: `contains` by default. */
  readonly relationships: readonly string[];
  /** Twins an upward walk visits at most, the series' own twin included (e.g. 10_000). */
  readonly ancestorsMax: number;
}

export type RollupListener = (transition: RollupTransition) => void;

export class RollupWatcher {
  /** Stale critical series: their paths by twin. */
  private readonly stale = new Map<string, Set<string>>();
  /** Stale critical series at or below each degraded twin (never 0: a fresh twin is not kept). */
  private counts = new Map<string, number>();
  private readonly listeners = new Set<RollupListener>();
  /** The graph changed since the counts were made: rebuild them before they are used. */
  private dirty = false;
  /** When the graph last changed: the time of the transitions a rebuild makes. */
  private changedAtMs = 0;
  /** Counts rebuilt from the source (after graph changes, coalesced). */
  rebuilds = 0;
  /** Upward walks stopped at `ancestorsMax` (the twins above were not counted). */
  walksTruncated = 0;

  constructor(
    private readonly source: RollupWatchSource,
    private readonly options: RollupWatchOptions,
  ) {}

  onTransition(listener: RollupListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A series turned stale or fresh (a tracker transition); repeating one changes nothing. */
  seriesChanged(twinId: string, path: string, stale: boolean, atMs: number): void {
    if (this.dirty) this.rebuild({ twinId, path });
    if (this.isCounted(twinId, path) === stale) return;
    if (stale && !this.critical(twinId, path)) return;
    this.mark(twinId, path, stale);
    const cause = { twinId, path };
    const changed: RollupTransition[] = [];
    for (const id of this.ancestorsOf(twinId)) {
      const before = this.counts.get(id) ?? 0;
      if (!stale && before === 0) {
        // Not counted on the way down: the graph changed without graphChanged. Rebuild next time.
        this.graphChanged(atMs);
        continue;
      }
      const after = before + (stale ? 1 : -1);
      if (after === 0) this.counts.delete(id);
      else this.counts.set(id, after);
      if (before === 0 || after === 0) {
        changed.push({ twinId: id, status: stale ? 'degraded' : 'fresh', staleCriticalCount: after, atMs, cause });
      }
    }
    this.emit(changed);
  }

  /** Relationships, twins or models changed: the counts are rebuilt before their next use. */
  graphChanged(atMs: number): void {
    this.dirty = true;
    this.changedAtMs = atMs;
  }

  /** Rebuilds now if the graph changed, emitting what it changed. */
  flush(): void {
    if (this.dirty) this.rebuild();
  }

  statusOf(twinId: string): { status: 'fresh' | 'degraded'; staleCriticalCount: number } {
    this.flush();
    const count = this.counts.get(twinId) ?? 0;
    return { status: count === 0 ? 'fresh' : 'degraded', staleCriticalCount: count };
  }

  /** The twins degraded now (a copy). */
  degradedTwins(): string[] {
    this.flush();
    return [...this.counts.keys()];
  }

  /**
   * Counts again from the source's stale series and emits the differences. `keep`: the series
   * being changed, counted as it was before (the source may show its new state already), so its
   * own change is still applied afterwards, with its cause and time.
   */
  private rebuild(keep?: { twinId: string; path: string }): void {
    this.dirty = false;
    this.rebuilds++;
    const kept = keep !== undefined && this.isCounted(keep.twinId, keep.path);
    this.stale.clear();
    for (const { twinId, path } of this.source.allStale()) {
      if (twinId === keep?.twinId && path === keep.path) continue;
      if (this.critical(twinId, path)) this.mark(twinId, path, true);
    }
    if (kept) this.mark(keep.twinId, keep.path, true);
    const before = this.counts;
    this.counts = new Map();
    for (const [twinId, paths] of this.stale) {
      for (const id of this.ancestorsOf(twinId)) this.counts.set(id, (this.counts.get(id) ?? 0) + paths.size);
    }
    const atMs = this.changedAtMs;
    const changed: RollupTransition[] = [];
    for (const [twinId, count] of this.counts) {
      if (!before.has(twinId)) changed.push({ twinId, status: 'degraded', staleCriticalCount: count, atMs });
    }
    for (const twinId of before.keys()) {
      if (!this.counts.has(twinId)) changed.push({ twinId, status: 'fresh', staleCriticalCount: 0, atMs });
    }
    this.emit(changed);
  }

  /** The twin and the twins above it, each once (diamonds, cycles), at most `ancestorsMax`. */
  private ancestorsOf(twinId: string): Set<string> {
    const seen = new Set([twinId]);
    // A Set iterates what is added while iterating: this is a breadth-first walk.
    for (const id of seen) {
      for (const parent of this.source.parents(id, this.options.relationships)) {
        if (seen.has(parent)) continue;
        if (seen.size >= this.options.ancestorsMax) {
          this.walksTruncated++;
          return seen;
        }
        seen.add(parent);
      }
    }
    return seen;
  }

  private critical(twinId: string, path: string): boolean {
    const rules = this.options.rules;
    return rules.length === 0 || isCritical(rules, twinId, path, this.source.modelsOf(twinId));
  }

  private isCounted(twinId: string, path: string): boolean {
    return this.stale.get(twinId)?.has(path) === true;
  }

  private mark(twinId: string, path: string, stale: boolean): void {
    const paths = this.stale.get(twinId);
    if (stale) {
      if (paths === undefined) this.stale.set(twinId, new Set([path]));
      else paths.add(path);
    } else if (paths !== undefined) {
      paths.delete(path);
      if (paths.size === 0) this.stale.delete(twinId);
    }
  }

  /** After the counts are complete, so a listener reading statusOf sees them as they are now. */
  private emit(changed: readonly RollupTransition[]): void {
    for (const transition of changed) {
      for (const listener of this.listeners) listener(transition);
    }
  }
}
