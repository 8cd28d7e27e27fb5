import { useEffect, useMemo, useRef, useState } from 'react';
import type { PathState } from '@doppel/protocol';
import { isAbortError } from '../../api/api-error';
import { mainTelemetryPath } from '../../live/main-telemetry';
import { TwinValuesStore } from '../../live/twin-values-store';
import { useServices } from '../../services/services-context';
import type { ReplaySeries } from './replay-series';
import { replayMaxPoints, valueAt } from './replay-series';

/** Series per history request (the API's `historySeriesPerQueryMax`). */
const SERIES_PER_QUERY = 100;
/** How long a replay waits for the live state of its twins (their models and paths) at most. */
const LIVE_WAIT_MS = 3_000;
/** Replay clock resolution: the plan is repainted at most 4 times a second anyway. */
const TICK_MS = 250;

export interface ReplayRange {
  readonly fromMs: number;
  readonly toMs: number;
}

export type ReplayLoad =
  | { readonly status: 'loading' }
  | { readonly status: 'loaded'; readonly series: number; readonly points: number; readonly stepMs: number | null }
  | { readonly status: 'error'; readonly error: unknown };

export interface Replay {
  /** The values the plan shows while replaying (a store of its own: live values keep arriving). */
  readonly values: TwinValuesStore;
  readonly load: ReplayLoad;
  readonly atMs: number;
  readonly playing: boolean;
  readonly speed: number;
  seek(atMs: number): void;
  setPlaying(playing: boolean): void;
  setSpeed(speed: number): void;
}

/**
 * Replays twins over a past range from history (the placed twins of a plan, the twins of the 3D
 * scene): the main value of each (and the heat map's quantity), fetched once for the range, then
 * shown at the replay clock's time, which moves at `speed` × real time while playing. A value
 * older than six of its steps at that moment is shown stale, as the live view would have shown it.
 * `twinIds` should keep its identity while it means the same twins (useMemo).
 */
export function useReplay(twinIds: readonly string[], range: ReplayRange, heatPath: string | null): Replay {
  const { rest, values: live, models } = useServices();
  const values = useMemo(() => new TwinValuesStore(), []);
  const [load, setLoad] = useState<ReplayLoad>({ status: 'loading' });
  const [atMs, setAtMs] = useState(range.fromMs);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(60);
  const series = useRef<{ list: ReplaySeries[]; models: Map<string, string>; staleAfterMs: number }>({
    list: [],
    models: new Map(),
    staleAfterMs: 60_000,
  });

  // Which path of each twin to fetch comes from its model and its live state: on a page opened at
  // a replay's URL, wait for the live snapshot of the twins first (at most LIVE_WAIT_MS).
  const [known, setKnown] = useState(false);
  useEffect(() => {
    setKnown(false);
    const seen = new Set(twinIds.filter((twinId) => live.get(twinId) !== undefined));
    if (seen.size === twinIds.length) {
      setKnown(true);
      return undefined;
    }
    const timer = setTimeout(() => setKnown(true), LIVE_WAIT_MS);
    const offs = twinIds.map((twinId) =>
      live.subscribe(twinId, () => {
        seen.add(twinId);
        if (seen.size === twinIds.length) setKnown(true);
      }),
    );
    return () => {
      clearTimeout(timer);
      for (const off of offs) off();
    };
  }, [twinIds, live]);

  // Fetch the range: which path of each twin comes from its model (as the live markers).
  useEffect(() => {
    if (!known) return undefined;
    const controller = new AbortController();
    setLoad({ status: 'loading' });
    const wanted: { twinId: string; path: string }[] = [];
    const modelOf = new Map<string, string>();
    for (const twinId of twinIds) {
      const twin = live.get(twinId);
      if (twin === undefined) continue;
      modelOf.set(twinId, twin.model);
      const main = mainTelemetryPath(models.resolved(twin.model), twin);
      for (const path of new Set([main, heatPath])) {
        if (path !== undefined && path !== null && twin.paths[path] !== undefined) wanted.push({ twinId, path });
      }
    }
    const maxPoints = replayMaxPoints(range.fromMs, range.toMs);
    const chunks: (typeof wanted)[] = [];
    for (let i = 0; i < wanted.length; i += SERIES_PER_QUERY) chunks.push(wanted.slice(i, i + SERIES_PER_QUERY));
    Promise.all(
      chunks.map((chunk) =>
        rest.queryHistory(chunk, { fromMs: range.fromMs, toMs: range.toMs, maxPoints }, controller.signal),
      ),
    ).then(
      (answers) => {
        if (controller.signal.aborted) return;
        const list = answers.flatMap((answer) =>
          answer.frames.map((frame) => ({
            twinId: frame.series.twinId,
            path: frame.series.path,
            timestamps: frame.timestamps,
            values: frame.values,
          })),
        );
        const stepMs = answers[0]?.stepMs ?? null;
        series.current = { list, models: modelOf, staleAfterMs: Math.max(60_000, 6 * (stepMs ?? 10_000)) };
        setLoad({
          status: 'loaded',
          series: list.length,
          points: list.reduce((sum, one) => sum + one.timestamps.length, 0),
          stepMs,
        });
        setAtMs(range.fromMs);
      },
      (error: unknown) => {
        if (!isAbortError(error) && !controller.signal.aborted) setLoad({ status: 'error', error });
      },
    );
    return () => controller.abort();
  }, [known, twinIds, range.fromMs, range.toMs, heatPath, rest, live, models]);

  // Show the values at the replay clock's time.
  useEffect(() => {
    if (load.status !== 'loaded') return;
    const { list, models: modelOf, staleAfterMs } = series.current;
    const byTwin = new Map<string, Record<string, PathState>>();
    for (const one of list) {
      const at = valueAt(one, atMs, staleAfterMs);
      if (at === undefined) continue;
      const paths = byTwin.get(one.twinId) ?? {};
      paths[one.path] = {
        value: at.value,
        sourceTimeMs: at.sourceTimeMs,
        receivedMs: at.sourceTimeMs,
        source: 'history',
        kind: 'telemetry',
        ...(at.stale ? { freshness: 'stale' as const } : {}),
      };
      byTwin.set(one.twinId, paths);
    }
    for (const twinId of twinIds) values.replace(twinId, modelOf.get(twinId) ?? '', byTwin.get(twinId) ?? {});
  }, [atMs, load, twinIds, values]);

  // The replay clock.
  useEffect(() => {
    if (!playing) return undefined;
    const timer = setInterval(() => {
      setAtMs((now) => {
        const next = now + TICK_MS * speed;
        if (next >= range.toMs) {
          setPlaying(false);
          return range.toMs;
        }
        return next;
      });
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [playing, speed, range.toMs]);

  return {
    values,
    load,
    atMs,
    playing,
    speed,
    seek: (to) => setAtMs(Math.min(range.toMs, Math.max(range.fromMs, to))),
    setPlaying,
    setSpeed,
  };
}
