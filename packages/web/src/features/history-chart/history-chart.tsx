import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import 'uplot/dist/uPlot.min.css';
import { unitSymbol } from '../../models/units';
import { useTheme } from '../../app/theme';
import { useServices } from '../../services/services-context';
import { ProblemMessage } from '../../shared/problem-message';
import type { BandSpec, PlotExtras, ThresholdSpec } from './chart-extras';
import { seriesLooks } from './chart-extras';
import { ChartLegend } from './chart-legend';
import { readChartTheme } from './chart-theme';
import type { ChartData } from './history-data';
import { unitScales } from './history-data';
import type { ChartView, TimeRange } from './history-range';
import {
  DEFAULT_SPAN_MS,
  MAX_SPAN_MS,
  RANGE_PRESETS,
  formatSpan,
  maxPointsFor,
  panRange,
  rangeOf,
  spanOf,
  zoomOutRange,
  zoomRange,
} from './history-range';
import type { HistoryPlot } from './uplot-chart';
import { createHistoryPlot } from './uplot-chart';
import { useHistory } from './use-history';
import styles from './history-chart.module.css';

export interface HistoryChartProps {
  readonly twinId: string;
  /** Numeric paths of the twin (`temp`, `motor/speed`), drawn in this order. */
  readonly paths: readonly string[];
  /** Unit per path: a DTDL unit name (`degreeCelsius`) or a symbol; shown on the axes and in the legend. */
  readonly units?: Readonly<Record<string, string | undefined>>;
  /** Names in the legend by path (display names); the path itself where absent. */
  readonly labels?: Readonly<Record<string, string | undefined>>;
  /** Fills between two paths' lines: a p10–p90 band. */
  readonly bands?: readonly BandSpec[];
  /** Dashed lines at a value on a path's scale: an alert threshold. */
  readonly thresholds?: readonly ThresholdSpec[];
  /** Fixed [min, max] of a path's scale (a health index from 0 to 1). */
  readonly ranges?: Readonly<Record<string, readonly [number, number]>>;
  /** The span shown (live) at first and after a reset: 1 h unless given. */
  readonly initialSpanMs?: number;
  /** Told the range shown whenever it changes, so that other parts can offer it (a training window). */
  readonly onRangeChange?: (range: TimeRange) => void;
  /** The chart's accessible name when a detail has several (`History of <twin>` unless given). */
  readonly title?: string;
}

/** How often a live chart moves its right edge to now (only while the page and chart are visible). */
const LIVE_REFRESH_MS = 10_000;
/** Room the y axes take from the plot's width, for the number of points to ask for. */
const AXES_WIDTH_PX = 80;
/** Below this plot width the axes drop their titles (the units stay in the legend). */
const COMPACT_WIDTH_PX = 480;

const dayTime = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

function describeRange(view: ChartView, range: TimeRange): string {
  if (view.mode === 'live') return `Last ${formatSpan(view.spanMs)}`;
  const from = new Date(range.fromMs);
  const to = new Date(range.toMs);
  const sameDay = from.toDateString() === to.toDateString();
  return `${dayTime.format(from)} – ${sameDay ? timeOnly.format(to) : dayTime.format(to)}`;
}

/** Tracks the theme (app/theme.ts), so that the canvas is redrawn in the new theme's colours. */
function useColorSchemeVersion(): number {
  const { theme } = useTheme();
  return theme === 'dark' ? 1 : 0;
}

/**
 * A time-series chart of numeric paths of one twin, from the history API: range presets, a live
 * mode (right edge at now), zoom by drag-selection and pan (shift-drag, ◀ ▶) that fetch the tier
 * the new range needs, the bucket min–max as a band when the server aggregated, gaps where there
 * was no data.
 */
export function HistoryChart({
  twinId,
  paths,
  units,
  labels,
  bands,
  thresholds,
  ranges,
  initialSpanMs = DEFAULT_SPAN_MS,
  onRangeChange,
  title,
}: HistoryChartProps) {
  const { clock } = useServices();
  const rootRef = useRef<HTMLElement>(null);
  const plotRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<HistoryPlot | null>(null);
  const visibleRef = useRef(true);

  const [view, setView] = useState<ChartView>({ mode: 'live', spanMs: initialSpanMs });
  const [now, setNow] = useState(() => clock.nowMs());
  const [width, setWidth] = useState(0);
  const [cursor, setCursor] = useState<number | null>(null);
  const schemeVersion = useColorSchemeVersion();

  const range = useMemo(() => rangeOf(view, now), [view, now]);
  // 0 until the plot's width is known: no request before (it would ask for the wrong resolution).
  const maxPoints = width === 0 ? 0 : maxPointsFor(Math.round((width - AXES_WIDTH_PX) / 10) * 10);
  const { state, retry } = useHistory(twinId, paths, range, maxPoints);
  const history = state.status === 'loaded' ? state.history : state.status === 'off' ? null : (state.previous ?? null);

  const pathsKey = paths.join('\n');
  const unitOf = useCallback((path: string) => unitSymbol(units?.[path]), [units]);
  const unitsKey = paths.map((path) => unitOf(path) ?? '').join('\n');
  const layout = useMemo(
    () => unitScales(pathsKey === '' ? [] : pathsKey.split('\n'), (path) => unitOf(path)),
    // unitsKey stands for the units of these paths: a new `units` object with the same units keeps the chart.
    [pathsKey, unitsKey],
  );
  // Bands, thresholds and ranges as keys too: callers pass new literals on every render.
  const extrasKey = JSON.stringify([bands ?? [], thresholds ?? [], ranges ?? {}]);
  const { looks, extras } = useMemo(() => {
    const list = pathsKey === '' ? [] : pathsKey.split('\n');
    const [bandSpecs, lines, fixed] = JSON.parse(extrasKey) as [
      BandSpec[],
      ThresholdSpec[],
      Record<string, [number, number]>,
    ];
    const plotExtras: PlotExtras = {
      bands: bandSpecs.map((band) => ({ lower: list.indexOf(band.lower), upper: list.indexOf(band.upper) })),
      thresholds: lines.flatMap((line) => {
        const scale = layout.scaleOf[list.indexOf(line.path)];
        return scale === undefined ? [] : [{ scale, value: line.value, label: line.label }];
      }),
      ranges: Object.fromEntries(
        Object.entries(fixed).flatMap(([path, range]) => {
          const scale = layout.scaleOf[list.indexOf(path)];
          return scale === undefined ? [] : [[scale, range]];
        }),
      ),
    };
    return { looks: seriesLooks(list, bandSpecs), extras: plotExtras };
  }, [pathsKey, extrasKey, layout]);
  const labelOf = useCallback((path: string) => labels?.[path] ?? path, [labels]);

  // Live: the right edge follows now, while the page is shown and the chart is on screen.
  useEffect(() => {
    if (view.mode !== 'live') return;
    const tick = (): void => {
      if (document.visibilityState === 'visible' && visibleRef.current) setNow(clock.nowMs());
    };
    const timer = setInterval(tick, LIVE_REFRESH_MS);
    const onVisibility = (): void => {
      if (document.visibilityState === 'visible') tick();
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [view.mode, clock]);

  useEffect(() => {
    const root = rootRef.current;
    if (root === null || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(([entry]) => {
      const wasVisible = visibleRef.current;
      visibleRef.current = entry?.isIntersecting ?? true;
      if (!wasVisible && visibleRef.current) setNow(clock.nowMs());
    });
    observer.observe(root);
    return () => observer.disconnect();
  }, [clock]);

  // Gestures reach React through a ref, so the uPlot instance is not rebuilt on every render.
  const handlers = useRef({
    zoom: (_fromMs: number, _toMs: number): void => {},
    pan: (_range: TimeRange): void => {},
    reset: (): void => {},
  });
  handlers.current = {
    zoom: (fromMs, toMs) => {
      const zoomed = zoomRange(fromMs, toMs, clock.nowMs());
      if (zoomed !== null) setView({ mode: 'fixed', range: zoomed });
    },
    pan: (panned) => setView({ mode: 'fixed', range: panned }),
    reset: () => {
      setNow(clock.nowMs());
      setView({ mode: 'live', spanMs: view.mode === 'live' ? view.spanMs : initialSpanMs });
    },
  };

  const heightFor = (w: number): number => (w < COMPACT_WIDTH_PX ? 220 : 260);
  const compact = width > 0 && width < COMPACT_WIDTH_PX;

  // One uPlot per theme and set of paths/units; data and ranges are fed to it below.
  useEffect(() => {
    const container = plotRef.current;
    const root = rootRef.current;
    if (container === null || root === null) return;
    const initialWidth = Math.max(100, container.clientWidth);
    const chart = createHistoryPlot(
      container,
      { width: initialWidth, height: heightFor(initialWidth) },
      readChartTheme(root),
      layout.scaleOf.map((scale, i) => ({
        label: pathsKey.split('\n')[i] ?? '',
        scale,
        colorIndex: looks[i]?.colorIndex ?? i,
        edge: looks[i]?.edge ?? false,
      })),
      layout.scales.map((scale) => ({ key: scale.key, label: scale.unit ?? '' })),
      {
        onZoom: (fromMs, toMs) => handlers.current.zoom(fromMs, toMs),
        onPan: (panned) => handlers.current.pan(panned),
        onReset: () => handlers.current.reset(),
        onCursor: setCursor,
        nowMs: () => clock.nowMs(),
      },
      container.clientWidth < COMPACT_WIDTH_PX,
      extras,
    );
    chartRef.current = chart;
    const observer = new ResizeObserver(() => {
      if (container.clientWidth === 0) return; // hidden or detached: keep the last size
      const w = Math.max(100, Math.floor(container.clientWidth));
      chart.setSize(w, heightFor(w));
      setWidth(w);
    });
    observer.observe(container);
    return () => {
      observer.disconnect();
      chart.destroy();
      chartRef.current = null;
    };
  }, [layout, pathsKey, schemeVersion, clock, compact, looks, extras]);

  const data: ChartData | null = history?.data ?? null;
  const rangeRef = useRef(range);
  rangeRef.current = range;
  useEffect(() => {
    // Drawn on the range shown now (it may have moved on while this data loaded).
    if (data !== null) chartRef.current?.setData(data, rangeRef.current);
  }, [data, layout, schemeVersion, compact]);
  useEffect(() => {
    chartRef.current?.setRange(range);
  }, [range]);
  const rangeListener = useRef(onRangeChange);
  rangeListener.current = onRangeChange;
  useEffect(() => {
    rangeListener.current?.(range);
  }, [range]);

  const nowMs = clock.nowMs();
  const atNow = view.mode === 'live' || range.toMs >= nowMs - 1_000;
  const showPreset = (spanMs: number): void => {
    setNow(clock.nowMs());
    setView({ mode: 'live', spanMs });
  };
  const panBy = (fraction: number): void => setView({ mode: 'fixed', range: panRange(range, fraction, clock.nowMs()) });
  const zoomOut = (): void => {
    if (view.mode === 'live') setView({ mode: 'live', spanMs: Math.min(view.spanMs * 2, MAX_SPAN_MS) });
    else setView({ mode: 'fixed', range: zoomOutRange(range, 2, clock.nowMs()) });
  };

  if (state.status === 'off') {
    return (
      <section className={styles.chart} aria-label={title ?? `History of ${twinId}`} ref={rootRef}>
        <div className={styles.off}>
          <p className={styles.stateTitle}>History is not kept on this platform</p>
          <p className={styles.stateText}>
            The platform runs with history turned off, so only live values are shown. An administrator can turn it on
            (it is on unless started with <code>--no-history</code>).
          </p>
        </div>
      </section>
    );
  }

  const rangeText = describeRange(view, range);
  const loading = state.status === 'loading';
  const empty = state.status === 'loaded' && state.history.data.empty;
  const cursorIndex = data !== null && cursor !== null && cursor < data.xs.length ? cursor : null;
  const label = `History chart of ${paths.join(', ')} of ${twinId}: ${rangeText}${view.mode === 'live' ? ', live' : ''}${
    history === null ? '' : `, ${history.resolution}`
  }${empty ? '. No history in this range' : ''}`;

  return (
    <section className={styles.chart} aria-label={title ?? `History of ${twinId}`} ref={rootRef}>
      <div className={styles.toolbar}>
        <div className={styles.group} role="group" aria-label="Range">
          {RANGE_PRESETS.map((preset) => {
            const active = view.mode === 'live' && view.spanMs === preset.spanMs;
            return (
              <button
                key={preset.label}
                type="button"
                className={active ? `${styles.button} ${styles.active}` : styles.button}
                aria-pressed={active}
                title={preset.title}
                onClick={() => showPreset(preset.spanMs)}
              >
                {preset.label}
              </button>
            );
          })}
        </div>
        <div className={styles.group} role="group" aria-label="Move and zoom">
          <button
            type="button"
            className={styles.button}
            onClick={() => panBy(-0.5)}
            aria-label="Earlier"
            title="Earlier"
          >
            ◀
          </button>
          <button
            type="button"
            className={styles.button}
            onClick={() => panBy(0.5)}
            disabled={atNow}
            aria-label="Later"
            title="Later"
          >
            ▶
          </button>
          <button
            type="button"
            className={styles.button}
            onClick={zoomOut}
            disabled={spanOf(range) >= MAX_SPAN_MS}
            aria-label="Zoom out"
            title="Zoom out"
          >
            −
          </button>
          <button
            type="button"
            className={
              view.mode === 'live'
                ? `${styles.button} ${styles.live} ${styles.active}`
                : `${styles.button} ${styles.live}`
            }
            aria-pressed={view.mode === 'live'}
            onClick={handlers.current.reset}
            title={view.mode === 'live' ? 'Following now' : 'Follow now'}
          >
            <span className={styles.liveDot} aria-hidden="true" />
            Live
          </button>
        </div>
      </div>

      <div className={styles.caption}>
        <span className={styles.rangeText}>{rangeText}</span>
        {history !== null && <span className={styles.resolution}>{history.resolution}</span>}
        {history?.data.retainedFromMs != null && (
          <span className={styles.resolution}>complete from {dayTime.format(history.data.retainedFromMs)}</span>
        )}
        <span className={styles.status} aria-live="polite">
          {loading ? 'Updating…' : ''}
        </span>
      </div>

      {state.status === 'error' && <ProblemMessage error={state.error} onRetry={retry} compact={history !== null} />}

      <ChartLegend
        paths={paths}
        data={data}
        cursorIndex={cursorIndex}
        unitOf={unitOf}
        labelOf={labelOf}
        looks={looks}
      />

      <div className={styles.plotArea}>
        <div ref={plotRef} className={styles.plot} role="img" aria-label={label} />
        {empty && (
          <div className={styles.empty}>
            <p className={styles.stateTitle}>No history in this range</p>
            <p className={styles.stateText}>Try a longer range or move back in time.</p>
          </div>
        )}
        {state.status === 'loading' && history === null && <div className={styles.empty}>Loading history…</div>}
      </div>
      <p className={styles.hint}>Drag to zoom · Shift-drag to pan · Double-click to follow now</p>
    </section>
  );
}
