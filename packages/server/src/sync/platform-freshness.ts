import type { Clock, Logger } from '@doppel/core';
import type { PathFreshness } from '@doppel/protocol';
import type { ModelCatalog } from '../graph/model-catalog.js';
import type { FreshnessEvent, FreshnessEventQuery, HistoryStore } from '../history/history-store.js';
import type { TwinGraph } from '../graph/twin-graph.js';
import type { TwinStateStore } from '../state/twin-state-store.js';
import type { CadenceRule } from './cadence-rules.js';
import { CadenceRules } from './cadence-rules.js';
import type { CriticalRule, TwinRollup } from './freshness-rollup.js';
import { rollUp } from './freshness-rollup.js';
import type { RollupTransition } from './freshness-rollup-watch.js';
import { RollupWatcher } from './freshness-rollup-watch.js';
import type { FreshnessTransition } from './freshness-tracker.js';
import { FreshnessTracker } from './freshness-tracker.js';
import type { SessionEvent } from './source-sessions.js';
import { SourceSessions } from './source-sessions.js';

export interface FreshnessConfig {
  /** A series is stale after this many cadences without an update. */
  readonly staleFactor: number;
  /** ... but never after less silence than this (fast signals would flap on every hiccup). */
  readonly minStaleMs: number;
  /** Resolution of stale detection: a deadline is noticed at most this late. */
  readonly tickMs: number;
  readonly cadences: readonly CadenceRule[];
  /** Series whose staleness degrades the twins above them (freshness-rollup.ts); none: every series. */
  readonly critical: readonly CriticalRule[];
  /** Relationships followed downwards to roll freshness up (`contains`: site → … → sensor). */
  readonly rollupRelationships: readonly string[];
  /** A source silent this long (no data, no heartbeat) is offline (null: never, by default). */
  readonly sourceTimeoutMs: number | null;
  /** Per source: its own timeout, overriding sourceTimeoutMs. */
  readonly sourceTimeouts: readonly { readonly source: string; readonly timeoutMs: number }[];
}

export const DEFAULT_FRESHNESS: FreshnessConfig = {
  staleFactor: 6,
  minStaleMs: 5_000,
  tickMs: 100,
  cadences: [],
  critical: [],
  rollupRelationships: ['contains'],
  sourceTimeoutMs: null,
  sourceTimeouts: [],
};

/** How often silent sources are looked for. */
const SOURCE_CHECK_MS = 1_000;
/** Transitions waiting for history, at most. */
const UNSAVED_MAX = 100_000;
/** Twins a roll-up looks at, at most (a site of 100,000 twins answers for its first 20,000). */
const ROLLUP_TWINS_MAX = 20_000;
const ROLLUP_LIST_MAX = 100;
/** Twins above a series the roll-up events follow, at most. */
const ROLLUP_ANCESTORS_MAX = 10_000;
/** The path of a twin's roll-up events in history (`doppel_freshness`). */
export const ROLLUP_PATH = '$rollup';

/** What the announcement topic of a source looks like: `sources/{id}/status`, payload `online` / `offline`. */
const STATUS_TOPIC = /^sources\/([^/]+)\/status$/;
/** A heartbeat: `sources/{id}/heartbeat`, any payload. */
const HEARTBEAT_TOPIC = /^sources\/([^/]+)\/heartbeat$/;

/**
 * Freshness in the running platform: the tracker fed by twin state's changes, the timer that
 * moves it, the MQTT sessions and status announcements that take sources offline, and the
 * views the API, the WebSocket and queries read. One per platform.
 */
export class PlatformFreshness {
  readonly tracker: FreshnessTracker;
  readonly sources = new SourceSessions();
  readonly rules: CadenceRules;
  /** The roll-up as events: a twin turning degraded or fresh again (freshness-rollup-watch.ts). */
  readonly rollups: RollupWatcher;
  private timer: NodeJS.Timeout | undefined;
  private sourceTimer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: (() => void)[] = [];
  /** Transitions waiting to be written to history (flushed every second). */
  private unsaved: FreshnessEvent[] = [];
  private saver: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  /** Transitions not kept in history because more than UNSAVED_MAX waited (logged, counted). */
  transitionsNotKept = 0;

  constructor(
    readonly config: FreshnessConfig,
    private readonly graph: TwinGraph,
    private readonly models: ModelCatalog,
    private readonly state: TwinStateStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.rules = new CadenceRules(config.cadences);
    this.tracker = new FreshnessTracker({
      staleFactor: config.staleFactor,
      minStaleMs: config.minStaleMs,
      tickMs: config.tickMs,
      startMs: clock.nowMs(),
      declaredCadence: (twinId, path, source) =>
        this.rules.size === 0
          ? undefined
          : this.rules.cadenceOf({ twinId, path, source, models: this.modelsOf(twinId) }),
    });
    this.rollups = new RollupWatcher(
      {
        parents: (id, names) => names.flatMap((name) => graph.incomingOf(id, name).map((rel) => rel.sourceId)),
        allStale: () => this.tracker.allStale(),
        modelsOf: (id) => this.modelsOf(id),
      },
      { rules: config.critical, relationships: config.rollupRelationships, ancestorsMax: ROLLUP_ANCESTORS_MAX },
    );
  }

  /**
   * Seeds the tracker from the restored state (values received before a restart keep their
   * receive times, so a long outage shows as stale at once), then follows state and the graph.
   */
  start(): void {
    for (const [twinId, paths] of this.state.entries()) {
      for (const [path, value] of paths) this.tracker.observe(twinId, path, value.receivedMs, value.source);
    }
    this.unsubscribe.push(
      // One entry's changed paths came in one message: same source, same receive time.
      this.state.onChange((twinId, changed, paths) => {
        const value = paths.get(changed[0] as string);
        if (value === undefined) return;
        this.tracker.observePaths(twinId, changed, value.receivedMs, value.source);
        this.sources.seen(value.source, value.receivedMs);
      }),
      this.graph.onEvent((event) => {
        if (event.type === 'twin.deleted') this.tracker.deleteTwin(event.twinId);
        // Counts of the roll-up follow the graph: rebuilt (once, lazily) after any change of it.
        this.rollups.graphChanged(this.clock.nowMs());
      }),
      this.tracker.onTransition((transition) => {
        if (transition.freshness === 'stale' || transition.freshness === 'fresh') {
          this.rollups.seriesChanged(
            transition.twinId,
            transition.path,
            transition.freshness === 'stale',
            transition.atMs,
          );
        }
      }),
    );
    this.timer = setInterval(() => {
      this.tracker.advance(this.clock.nowMs());
      this.rollups.flush();
    }, this.config.tickMs);
    this.timer.unref();
    const timeouts = new Map(this.config.sourceTimeouts.map(({ source, timeoutMs }) => [source, timeoutMs]));
    if (this.config.sourceTimeoutMs !== null || timeouts.size > 0) {
      this.sourceTimer = setInterval(() => this.expireSources(timeouts), SOURCE_CHECK_MS);
      this.sourceTimer.unref();
    }
  }

  /**
   * Keeps every transition in history (`doppel_freshness`): buffered, written once a second in one
   * transaction. At most UNSAVED_MAX wait; beyond (history stuck), the newest are counted and logged,
   * not kept: live freshness does not depend on history.
   */
  keepTransitionsIn(store: HistoryStore): void {
    this.unsubscribe.push(
      this.tracker.onTransition((transition) => {
        if (this.unsaved.length >= UNSAVED_MAX) {
          if (this.transitionsNotKept++ === 0) {
            this.logger.warn('freshness transitions are not kept in history: too many wait', { waiting: UNSAVED_MAX });
          }
          return;
        }
        this.unsaved.push({
          twinId: transition.twinId,
          path: transition.path,
          atMs: transition.atMs,
          freshness: transition.freshness,
          reason: transition.reason,
          cadenceMs: transition.cadenceMs,
          source: transition.source,
        });
      }),
    );
    this.unsubscribe.push(
      this.rollups.onTransition((transition) => {
        if (this.unsaved.length >= UNSAVED_MAX) return;
        this.unsaved.push({
          twinId: transition.twinId,
          path: ROLLUP_PATH,
          atMs: transition.atMs,
          freshness: transition.status,
          reason: 'rollup',
          cadenceMs: 0,
          source: transition.cause === undefined ? '' : `${transition.cause.twinId}/${transition.cause.path}`,
        });
      }),
    );
    this.saver = setInterval(() => void this.save(store), 1_000);
    this.saver.unref();
    this.history = store;
  }

  private history: HistoryStore | undefined;

  /** Writes the transitions waiting; a failure keeps them for the next attempt. */
  private save(store: HistoryStore): Promise<void> {
    this.saving = this.saving.then(async () => {
      if (this.unsaved.length === 0) return;
      const batch = this.unsaved;
      this.unsaved = [];
      try {
        await store.appendFreshness(batch);
      } catch (error) {
        this.logger.error('freshness transitions could not be written to history; retrying', {
          error: (error as Error).message,
        });
        this.unsaved = [...batch, ...this.unsaved].slice(0, UNSAVED_MAX);
      }
    });
    return this.saving;
  }

  /** A twin's transitions from history (undefined: history is off). */
  async transitionsOf(query: FreshnessEventQuery): Promise<FreshnessEvent[] | undefined> {
    if (this.history === undefined) return undefined;
    await this.save(this.history);
    return this.history.readFreshness(query);
  }

  /** Takes offline the sources silent past their timeout (checked every second). */
  expireSources(timeouts: ReadonlyMap<string, number>): void {
    const nowMs = this.clock.nowMs();
    const fallback = this.config.sourceTimeoutMs ?? undefined;
    for (const id of this.sources.expire(nowMs, (source) => timeouts.get(source) ?? fallback)) {
      this.sourceWentOffline(id, nowMs);
    }
  }

  /** A source's heartbeat (MQTT `sources/{id}/heartbeat` or the HTTP route): it is alive. */
  heartbeat(id: string): void {
    this.sources.seen(id, this.clock.nowMs());
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    if (this.sourceTimer !== undefined) clearInterval(this.sourceTimer);
    if (this.saver !== undefined) clearInterval(this.saver);
    for (const off of this.unsubscribe.splice(0)) off();
    if (this.history !== undefined) await this.save(this.history);
  }

  onTransition(listener: (transition: FreshnessTransition) => void): () => void {
    return this.tracker.onTransition(listener);
  }

  /** A twin's roll-up turned degraded or fresh again. */
  onRollup(listener: (transition: RollupTransition) => void): () => void {
    return this.rollups.onTransition(listener);
  }

  /** A session event from the broker. */
  session(event: SessionEvent): void {
    const nowMs = this.clock.nowMs();
    if (this.sources.session(event, nowMs)) this.sourceWentOffline(event.clientId, nowMs);
  }

  /**
   * Handles `sources/{id}/status` (payload `online` or `offline`, e.g. a gateway's last will) and
   * `sources/{id}/heartbeat`; returns false for any other topic (it is ingest's).
   */
  statusMessage(topic: string, payload: Uint8Array): boolean {
    const heartbeat = HEARTBEAT_TOPIC.exec(topic);
    if (heartbeat !== null) {
      this.heartbeat(decodeURIComponent(heartbeat[1] as string));
      return true;
    }
    const match = STATUS_TOPIC.exec(topic);
    if (match === null) return false;
    const id = decodeURIComponent(match[1] as string);
    const text = Buffer.from(payload).toString('utf8').trim().toLowerCase();
    const online = text === 'online' || text === '"online"' || /"status"\s*:\s*"online"/.test(text);
    const nowMs = this.clock.nowMs();
    if (this.sources.announce(id, online, nowMs)) this.sourceWentOffline(id, nowMs);
    return true;
  }

  /** Freshness of every path of a twin with a value, and `missing` for declared paths without one. */
  twinFreshness(twinId: string): Map<string, PathFreshness> {
    const out = new Map<string, PathFreshness>();
    const paths = this.state.get(twinId);
    if (paths !== undefined) {
      for (const path of paths.keys()) {
        const series = this.tracker.freshnessOf(twinId, path);
        if (series !== undefined) out.set(path, toPathFreshness(series));
      }
    }
    if (this.rules.size > 0) {
      for (const [path, cadenceMs] of this.rules.expectedPaths(twinId, this.modelsOf(twinId))) {
        if (!out.has(path)) out.set(path, { freshness: 'missing', cadenceMs, staleAtMs: null, staleReason: null });
      }
    }
    return out;
  }

  /** One path's freshness state for queries (IS_STALE); undefined: no value and none expected. */
  freshnessState(twinId: string, path: string): PathFreshness['freshness'] | undefined {
    const series = this.tracker.freshnessOf(twinId, path);
    if (series !== undefined) return series.freshness;
    if (this.rules.size === 0 || this.state.get(twinId)?.has(path) === true) return undefined;
    return this.rules.expectedPaths(twinId, this.modelsOf(twinId)).has(path) ? 'missing' : undefined;
  }

  /** One path's freshness for a live frame (undefined if the series is unknown). */
  pathFreshness(twinId: string, path: string): PathFreshness | undefined {
    const series = this.tracker.freshnessOf(twinId, path);
    return series === undefined ? undefined : toPathFreshness(series);
  }

  /** Whether a critical series of the twin, or of a twin below it, is stale (freshness-rollup.ts). */
  rollup(twinId: string): TwinRollup {
    return rollUp(
      {
        children: (id, names) => names.flatMap((name) => this.graph.outgoingOf(id, name).map((rel) => rel.targetId)),
        staleOf: (id) => this.tracker.staleOf(id),
        modelsOf: (id) => this.modelsOf(id),
      },
      twinId,
      {
        rules: this.config.critical,
        relationships: this.config.rollupRelationships,
        twinsMax: ROLLUP_TWINS_MAX,
        listMax: ROLLUP_LIST_MAX,
      },
    );
  }

  private sourceWentOffline(id: string, nowMs: number): void {
    const turned = this.tracker.sourceOffline(id, nowMs);
    this.logger.info('source offline: its series are stale', { source: id, series: turned });
  }

  private modelsOf(twinId: string): readonly string[] {
    const modelId = this.graph.getTwin(twinId)?.modelId;
    if (modelId === undefined) return [];
    return [modelId, ...(this.models.info(modelId)?.ancestors ?? [])];
  }
}

function toPathFreshness(series: NonNullable<ReturnType<FreshnessTracker['freshnessOf']>>): PathFreshness {
  return {
    freshness: series.freshness,
    cadenceMs: series.cadenceMs === 0 ? null : series.cadenceMs,
    staleAtMs: series.staleAtMs,
    staleReason: series.reason,
  };
}
