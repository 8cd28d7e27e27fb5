import { CadenceLearner } from './cadence-learner.js';
import { TimerWheel } from './timer-wheel.js';

/**
 * Freshness of every series (twin, path): `fresh` while updates keep coming, `stale` once none
 * arrived for `staleFactor` × its cadence (default 6: a 10 s sensor is stale after 60 s), or at
 * once when the source that sent its value went offline. Detected by time passing (a timing
 * wheel, timer-wheel.ts), not when the next message arrives; back to `fresh` with the next update.
 *
 * The cadence is declared (configuration, cadence-rules.ts) or learned (cadence-learner.ts);
 * a series with neither (fewer than three updates, nothing declared) is not judged yet.
 * Time is receive time: a gateway that uploads a minute of samples once a minute has a one-minute
 * cadence, whatever the samples' source times say.
 *
 * Per series the state is a few numbers in typed arrays (about 100 bytes with the learner), so a
 * million series cost ~100 MB and an update costs a few array stores: the deadline is not
 * rescheduled on each update; the wheel entry, when it fires, looks at the latest one.
 */

export type Freshness = 'fresh' | 'stale';
/** Why a series is stale: its own silence, or its source's disconnection. */
export type StaleReason = 'no-update' | 'source-offline';

export interface FreshnessTransition {
  readonly twinId: string;
  readonly path: string;
  readonly freshness: Freshness;
  /** When it became so: the deadline that passed, the disconnection, or the update's receive time. */
  readonly atMs: number;
  readonly reason: StaleReason | 'update';
  readonly cadenceMs: number;
  readonly lastReceivedMs: number;
  readonly source: string;
}

export interface SeriesFreshness {
  readonly freshness: Freshness | 'unknown';
  /** The cadence it is judged by (0 while none is known). */
  readonly cadenceMs: number;
  readonly cadenceFrom: 'declared' | 'learned' | null;
  /** When it will be (or became) stale without another update. */
  readonly staleAtMs: number | null;
  readonly reason: StaleReason | null;
}

export interface FreshnessOptions {
  readonly staleFactor: number;
  readonly tickMs: number;
  readonly startMs: number;
  /** The declared cadence of a series when it is first seen, or undefined to learn it. */
  readonly declaredCadence: (twinId: string, path: string, source: string) => number | undefined;
}

const UNJUDGED = 0;
const FRESH = 1;
const STALE = 2;
const REASONS: readonly StaleReason[] = ['no-update', 'source-offline'];

export type TransitionListener = (transition: FreshnessTransition) => void;

export class FreshnessTracker {
  private readonly wheel: TimerWheel;
  private readonly learner = new CadenceLearner();
  private readonly idsByTwin = new Map<string, Map<string, number>>();
  private readonly listeners = new Set<TransitionListener>();
  private readonly sourceIds = new Map<string, number>();
  private readonly sourceNames: string[] = [];
  private twinOf: (string | undefined)[] = [];
  private pathOf: string[] = [];
  private freeIds: number[] = [];
  private count = 0;
  private capacity = 0;
  private lastReceived = new Float64Array(0);
  private declared = new Float64Array(0);
  private state = new Uint8Array(0);
  private reason = new Uint8Array(0);
  /** Due time of the wheel entry the series counts on (0: none). */
  private due = new Float64Array(0);
  private staleAt = new Float64Array(0);
  private sourceOf = new Int32Array(0);
  private staleCount = 0;
  transitions = 0;

  constructor(private readonly options: FreshnessOptions) {
    this.wheel = new TimerWheel(options.tickMs, options.startMs);
  }

  onTransition(listener: TransitionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A new live value of (twin, path), received at `receivedMs` from `source`. */
  observe(twinId: string, path: string, receivedMs: number, source: string): void {
    let paths = this.idsByTwin.get(twinId);
    if (paths === undefined) this.idsByTwin.set(twinId, (paths = new Map()));
    let id = paths.get(path);
    const sourceId = this.sourceId(source);
    if (id === undefined) {
      id = this.add(twinId, path, source, sourceId, receivedMs);
      paths.set(path, id);
    } else {
      const intervalMs = receivedMs - (this.lastReceived[id] as number);
      // Only a later receive time moves a deadline (a replay or a clock step back does not).
      if (intervalMs <= 0 && this.state[id] !== STALE) return;
      if (intervalMs > 0) {
        this.learner.add(id, intervalMs);
        this.lastReceived[id] = receivedMs;
      }
      this.sourceOf[id] = sourceId;
    }
    const cadenceMs = this.cadenceOf(id);
    const wasStale = this.state[id] === STALE;
    if (wasStale) this.staleCount--;
    // No cadence yet (stale only because its source went offline): back to not judged.
    this.state[id] = cadenceMs === 0 ? UNJUDGED : FRESH;
    if (cadenceMs === 0) {
      if (wasStale) this.emit(id, 'fresh', receivedMs, 'update', 0);
      return;
    }
    this.reason[id] = 0;
    const staleAtMs = (this.lastReceived[id] as number) + this.options.staleFactor * cadenceMs;
    this.staleAt[id] = staleAtMs;
    const dueMs = this.due[id] as number;
    // A live entry due later than the new deadline (the cadence shrank) would fire too late.
    if (dueMs === 0 || dueMs > staleAtMs) this.schedule(id, staleAtMs);
    if (wasStale) this.emit(id, 'fresh', receivedMs, 'update', cadenceMs);
  }

  /** Fires what is due at `nowMs`; the platform calls it every tick. Returns transitions made. */
  advance(nowMs: number): number {
    const before = this.transitions;
    this.wheel.advance(nowMs, (id, dueMs) => {
      if (this.due[id] !== dueMs) return; // superseded by an earlier entry
      this.due[id] = 0;
      if (this.state[id] !== FRESH) return;
      const staleAtMs = this.staleAt[id] as number;
      if (staleAtMs > nowMs) {
        this.schedule(id, staleAtMs);
        return;
      }
      this.markStale(id, staleAtMs, 1);
    });
    return this.transitions - before;
  }

  /**
   * The source's session ended without a clean disconnect (or a gateway said it is offline):
   * every series whose live value came from it is stale now, judged or not. Returns how many
   * turned stale.
   */
  sourceOffline(source: string, atMs: number): number {
    const sourceId = this.sourceIds.get(source);
    if (sourceId === undefined) return 0;
    let turned = 0;
    for (let id = 0; id < this.count; id++) {
      if (this.sourceOf[id] !== sourceId || this.twinOf[id] === undefined || this.state[id] === STALE) continue;
      this.markStale(id, atMs, 2);
      turned++;
    }
    return turned;
  }

  /** Freshness of one series, or undefined if it never had a value. */
  freshnessOf(twinId: string, path: string): SeriesFreshness | undefined {
    const id = this.idsByTwin.get(twinId)?.get(path);
    if (id === undefined) return undefined;
    const state = this.state[id] as number;
    const cadenceMs = this.cadenceOf(id);
    return {
      freshness: state === UNJUDGED ? 'unknown' : state === FRESH ? 'fresh' : 'stale',
      cadenceMs,
      cadenceFrom: this.declared[id] !== 0 ? 'declared' : cadenceMs !== 0 ? 'learned' : null,
      staleAtMs: state === UNJUDGED ? null : (this.staleAt[id] as number),
      reason: state === STALE ? (REASONS[(this.reason[id] as number) - 1] ?? null) : null,
    };
  }

  /** True if stale, false if fresh or not judged yet, undefined if the series never had a value. */
  isStale(twinId: string, path: string): boolean | undefined {
    const id = this.idsByTwin.get(twinId)?.get(path);
    return id === undefined ? undefined : this.state[id] === STALE;
  }

  /** Forgets a deleted twin's series. */
  deleteTwin(twinId: string): void {
    const paths = this.idsByTwin.get(twinId);
    if (paths === undefined) return;
    for (const id of paths.values()) {
      if (this.state[id] === STALE) this.staleCount--;
      this.state[id] = UNJUDGED;
      this.due[id] = 0;
      this.twinOf[id] = undefined;
      this.learner.reset(id);
      this.freeIds.push(id);
    }
    this.idsByTwin.delete(twinId);
  }

  /** Stale series, oldest first, at most `limit` (a scan: for the API, not for hot paths). */
  staleSeries(limit: number): (FreshnessTransition & { readonly reason: StaleReason })[] {
    const out: (FreshnessTransition & { readonly reason: StaleReason })[] = [];
    for (let id = 0; id < this.count; id++) {
      if (this.state[id] !== STALE || this.twinOf[id] === undefined) continue;
      out.push({
        twinId: this.twinOf[id] as string,
        path: this.pathOf[id] as string,
        freshness: 'stale',
        atMs: this.staleAt[id] as number,
        reason: REASONS[(this.reason[id] as number) - 1] as StaleReason,
        cadenceMs: this.cadenceOf(id),
        lastReceivedMs: this.lastReceived[id] as number,
        source: this.sourceNames[this.sourceOf[id] as number] as string,
      });
    }
    return out.sort((a, b) => a.atMs - b.atMs).slice(0, limit);
  }

  stats(): { series: number; stale: number; wheelEntries: number; sources: number } {
    return {
      series: this.count - this.freeIds.length,
      stale: this.staleCount,
      wheelEntries: this.wheel.size,
      sources: this.sourceNames.length,
    };
  }

  private cadenceOf(id: number): number {
    const declared = this.declared[id] as number;
    return declared !== 0 ? declared : this.learner.cadenceMs(id);
  }

  private markStale(id: number, atMs: number, reason: 1 | 2): void {
    this.state[id] = STALE;
    this.reason[id] = reason;
    this.staleAt[id] = atMs;
    this.staleCount++;
    this.emit(id, 'stale', atMs, REASONS[reason - 1] as StaleReason, this.cadenceOf(id));
  }

  private emit(
    id: number,
    freshness: Freshness,
    atMs: number,
    reason: FreshnessTransition['reason'],
    cadenceMs: number,
  ): void {
    this.transitions++;
    if (this.listeners.size === 0) return;
    const transition: FreshnessTransition = {
      twinId: this.twinOf[id] as string,
      path: this.pathOf[id] as string,
      freshness,
      atMs,
      reason,
      cadenceMs,
      lastReceivedMs: this.lastReceived[id] as number,
      source: this.sourceNames[this.sourceOf[id] as number] as string,
    };
    for (const listener of this.listeners) listener(transition);
  }

  private schedule(id: number, dueMs: number): void {
    this.due[id] = dueMs;
    this.wheel.schedule(id, dueMs);
  }

  private add(twinId: string, path: string, source: string, sourceId: number, receivedMs: number): number {
    let id = this.freeIds.pop();
    if (id === undefined) {
      if (this.count === this.capacity) this.grow(Math.max(1_024, this.capacity * 2));
      id = this.count++;
    }
    this.twinOf[id] = twinId;
    this.pathOf[id] = path;
    this.lastReceived[id] = receivedMs;
    this.declared[id] = this.options.declaredCadence(twinId, path, source) ?? 0;
    this.state[id] = UNJUDGED;
    this.reason[id] = 0;
    this.due[id] = 0;
    this.staleAt[id] = 0;
    this.sourceOf[id] = sourceId;
    return id;
  }

  private sourceId(source: string): number {
    let id = this.sourceIds.get(source);
    if (id === undefined) {
      id = this.sourceNames.length;
      this.sourceIds.set(source, id);
      this.sourceNames.push(source);
    }
    return id;
  }

  private grow(capacity: number): void {
    const widen = <T extends Float64Array | Uint8Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.lastReceived = widen(this.lastReceived, (n) => new Float64Array(n));
    this.declared = widen(this.declared, (n) => new Float64Array(n));
    this.state = widen(this.state, (n) => new Uint8Array(n));
    this.reason = widen(this.reason, (n) => new Uint8Array(n));
    this.due = widen(this.due, (n) => new Float64Array(n));
    this.staleAt = widen(this.staleAt, (n) => new Float64Array(n));
    this.sourceOf = widen(this.sourceOf, (n) => new Int32Array(n));
    this.learner.grow(capacity);
    this.capacity = capacity;
  }
}
