import { LEARNER_SLOTS, learnInterval } from './cadence-learner.js';
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
 * Per series the state is one record of 16 numbers in a shared Float64Array (128 bytes, the
 * learner's ring included): an update touches one place in memory, which at a million series is
 * what an update costs (cache misses, not arithmetic). The deadline is not rescheduled on each
 * update; the wheel entry, when it fires, looks at the latest one.
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
  /**
   * Silence shorter than this never makes a series stale, whatever its cadence: a 10 Hz signal
   * would otherwise flap on every network or broker hiccup of 0.6 s (default 0: no floor).
   */
  readonly minStaleMs?: number;
  readonly tickMs: number;
  readonly startMs: number;
  /** The declared cadence of a series when it is first seen, or undefined to learn it. */
  readonly declaredCadence: (twinId: string, path: string, source: string) => number | undefined;
}

const UNJUDGED = 0;
const FRESH = 1;
const STALE = 2;
const REASONS: readonly StaleReason[] = ['no-update', 'source-offline'];

/** A series' record: these offsets, then the learner's slots (cadence-learner.ts). */
const LAST_RECEIVED = 0;
const DECLARED = 1;
const LEARNED = 2;
const STALE_AT = 3;
/** Due time of the wheel entry the series counts on (0: none). */
const DUE = 4;
const STATE = 5;
const REASON = 6;
const SOURCE = 7;
const LEARNER = 8;
const STRIDE = 16;
if (LEARNER + LEARNER_SLOTS > STRIDE) throw new Error('freshness record too small for the learner');

export type TransitionListener = (transition: FreshnessTransition) => void;

export class FreshnessTracker {
  private readonly wheel: TimerWheel;
  private readonly idsByTwin = new Map<string, Map<string, number>>();
  private readonly listeners = new Set<TransitionListener>();
  private readonly sourceIds = new Map<string, number>();
  private readonly sourceNames: string[] = [];
  private twinOf: (string | undefined)[] = [];
  private pathOf: string[] = [];
  private freeIds: number[] = [];
  private count = 0;
  private capacity = 0;
  private records = new Float64Array(0);
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
    this.observePaths(twinId, [path], receivedMs, source);
  }

  /** New live values of several paths of one twin (one message), received together. */
  observePaths(twinId: string, paths: readonly string[], receivedMs: number, source: string): void {
    let ids = this.idsByTwin.get(twinId);
    if (ids === undefined) this.idsByTwin.set(twinId, (ids = new Map()));
    const sourceId = this.sourceId(source);
    for (const path of paths) {
      const id = ids.get(path);
      if (id === undefined) {
        const added = this.add(twinId, path, source, sourceId, receivedMs);
        ids.set(path, added);
        this.judge(added, receivedMs);
      } else if (this.touch(id, receivedMs, sourceId)) {
        this.judge(id, receivedMs);
      }
    }
  }

  /** Notes an update of an existing series; false when it does not move anything. */
  private touch(id: number, receivedMs: number, sourceId: number): boolean {
    const records = this.records;
    const at = id * STRIDE;
    const intervalMs = receivedMs - (records[at + LAST_RECEIVED] as number);
    // Only a later receive time moves a deadline (a replay or a clock step back does not).
    if (intervalMs <= 0 && records[at + STATE] !== STALE) return false;
    if (intervalMs > 0) {
      const learned = learnInterval(records, at + LEARNER, intervalMs);
      if (learned !== 0) records[at + LEARNED] = learned;
      records[at + LAST_RECEIVED] = receivedMs;
    }
    records[at + SOURCE] = sourceId;
    return true;
  }

  /** After an update: fresh (and a deadline) if it has a cadence; a stale series comes back. */
  private judge(id: number, receivedMs: number): void {
    const records = this.records;
    const at = id * STRIDE;
    const cadenceMs = this.cadenceAt(at);
    const wasStale = records[at + STATE] === STALE;
    if (wasStale) this.staleCount--;
    // No cadence yet (stale only because its source went offline): back to not judged.
    records[at + STATE] = cadenceMs === 0 ? UNJUDGED : FRESH;
    records[at + REASON] = 0;
    if (cadenceMs !== 0) {
      const silenceMs = Math.max(this.options.staleFactor * cadenceMs, this.options.minStaleMs ?? 0);
      const staleAtMs = (records[at + LAST_RECEIVED] as number) + silenceMs;
      records[at + STALE_AT] = staleAtMs;
      const dueMs = records[at + DUE] as number;
      // A live entry due later than the new deadline (the cadence shrank) would fire too late.
      if (dueMs === 0 || dueMs > staleAtMs) this.schedule(id, staleAtMs);
    }
    if (wasStale) this.emit(id, 'fresh', receivedMs, 'update', cadenceMs);
  }

  /** Fires what is due at `nowMs`; the platform calls it every tick. Returns transitions made. */
  advance(nowMs: number): number {
    const before = this.transitions;
    this.wheel.advance(nowMs, (id, dueMs) => {
      const at = id * STRIDE;
      const records = this.records;
      if (records[at + DUE] !== dueMs) return; // superseded by an earlier entry
      records[at + DUE] = 0;
      if (records[at + STATE] !== FRESH) return;
      const staleAtMs = records[at + STALE_AT] as number;
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
      const at = id * STRIDE;
      if (this.records[at + SOURCE] !== sourceId || this.twinOf[id] === undefined) continue;
      if (this.records[at + STATE] === STALE) continue;
      this.markStale(id, atMs, 2);
      turned++;
    }
    return turned;
  }

  /** Freshness of one series, or undefined if it never had a value. */
  freshnessOf(twinId: string, path: string): SeriesFreshness | undefined {
    const id = this.idsByTwin.get(twinId)?.get(path);
    if (id === undefined) return undefined;
    const at = id * STRIDE;
    const state = this.records[at + STATE] as number;
    const cadenceMs = this.cadenceAt(at);
    return {
      freshness: state === UNJUDGED ? 'unknown' : state === FRESH ? 'fresh' : 'stale',
      cadenceMs,
      cadenceFrom: this.records[at + DECLARED] !== 0 ? 'declared' : cadenceMs !== 0 ? 'learned' : null,
      staleAtMs: state === UNJUDGED ? null : (this.records[at + STALE_AT] as number),
      reason: state === STALE ? (REASONS[(this.records[at + REASON] as number) - 1] ?? null) : null,
    };
  }

  /** True if stale, false if fresh or not judged yet, undefined if the series never had a value. */
  isStale(twinId: string, path: string): boolean | undefined {
    const id = this.idsByTwin.get(twinId)?.get(path);
    return id === undefined ? undefined : this.records[id * STRIDE + STATE] === STALE;
  }

  /** Forgets a deleted twin's series. */
  deleteTwin(twinId: string): void {
    const ids = this.idsByTwin.get(twinId);
    if (ids === undefined) return;
    for (const id of ids.values()) {
      if (this.records[id * STRIDE + STATE] === STALE) this.staleCount--;
      this.records.fill(0, id * STRIDE, (id + 1) * STRIDE);
      this.twinOf[id] = undefined;
      this.freeIds.push(id);
    }
    this.idsByTwin.delete(twinId);
  }

  /** The stale series of one twin (path, since when, why). */
  staleOf(twinId: string): { readonly path: string; readonly staleSinceMs: number; readonly reason: StaleReason }[] {
    const out: { path: string; staleSinceMs: number; reason: StaleReason }[] = [];
    for (const [path, id] of this.idsByTwin.get(twinId) ?? []) {
      const at = id * STRIDE;
      if (this.records[at + STATE] !== STALE) continue;
      out.push({ path, staleSinceMs: this.records[at + STALE_AT] as number, reason: this.reasonAt(at) });
    }
    return out;
  }

  /** Stale series, oldest first, at most `limit` (a scan: for the API, not for hot paths). */
  staleSeries(limit: number): (FreshnessTransition & { readonly reason: StaleReason })[] {
    const out: (FreshnessTransition & { readonly reason: StaleReason })[] = [];
    for (let id = 0; id < this.count; id++) {
      const at = id * STRIDE;
      if (this.records[at + STATE] !== STALE || this.twinOf[id] === undefined) continue;
      out.push({ ...this.transitionOf(id, 'stale', this.records[at + STALE_AT] as number), reason: this.reasonAt(at) });
    }
    return out.sort((a, b) => a.atMs - b.atMs).slice(0, limit);
  }

  /** Every stale series, in no order (the roll-up rebuilds from it after the graph changed). */
  *allStale(): IterableIterator<{ twinId: string; path: string }> {
    for (let id = 0; id < this.count; id++) {
      if (this.records[id * STRIDE + STATE] !== STALE || this.twinOf[id] === undefined) continue;
      yield { twinId: this.twinOf[id] as string, path: this.pathOf[id] as string };
    }
  }

  stats(): { series: number; stale: number; wheelEntries: number; sources: number } {
    return {
      series: this.count - this.freeIds.length,
      stale: this.staleCount,
      wheelEntries: this.wheel.size,
      sources: this.sourceNames.length,
    };
  }

  private cadenceAt(at: number): number {
    const declared = this.records[at + DECLARED] as number;
    return declared !== 0 ? declared : (this.records[at + LEARNED] as number);
  }

  private reasonAt(at: number): StaleReason {
    return REASONS[(this.records[at + REASON] as number) - 1] as StaleReason;
  }

  private markStale(id: number, atMs: number, reason: 1 | 2): void {
    const at = id * STRIDE;
    this.records[at + STATE] = STALE;
    this.records[at + REASON] = reason;
    this.records[at + STALE_AT] = atMs;
    this.staleCount++;
    this.transitions++;
    if (this.listeners.size === 0) return;
    const transition = { ...this.transitionOf(id, 'stale', atMs), reason: REASONS[reason - 1] as StaleReason };
    for (const listener of this.listeners) listener(transition);
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
    const transition: FreshnessTransition = { ...this.transitionOf(id, freshness, atMs), reason, cadenceMs };
    for (const listener of this.listeners) listener(transition);
  }

  private transitionOf(id: number, freshness: Freshness, atMs: number): Omit<FreshnessTransition, 'reason'> {
    const at = id * STRIDE;
    return {
      twinId: this.twinOf[id] as string,
      path: this.pathOf[id] as string,
      freshness,
      atMs,
      cadenceMs: this.cadenceAt(at),
      lastReceivedMs: this.records[at + LAST_RECEIVED] as number,
      source: this.sourceNames[this.records[at + SOURCE] as number] as string,
    };
  }

  private schedule(id: number, dueMs: number): void {
    this.records[id * STRIDE + DUE] = dueMs;
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
    const at = id * STRIDE;
    this.records.fill(0, at, at + STRIDE);
    this.records[at + LAST_RECEIVED] = receivedMs;
    this.records[at + DECLARED] = this.options.declaredCadence(twinId, path, source) ?? 0;
    this.records[at + SOURCE] = sourceId;
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
    const records = new Float64Array(capacity * STRIDE);
    records.set(this.records);
    this.records = records;
    this.capacity = capacity;
  }
}
