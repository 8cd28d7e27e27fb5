/**
 * The uPlot side of the history chart: options from the theme and the series, and the pointer
 * gestures (drag to zoom, shift-drag to pan, double-click to reset) reported as time ranges. No
 * React here: the component creates one of these per theme and set of paths, then feeds it data.
 */
import uPlot from 'uplot';
import type { PlotExtras } from './chart-extras';
import { NO_EXTRAS, scaleRange } from './chart-extras';
import type { ChartTheme } from './chart-theme';
import { withAlpha } from './chart-theme';
import type { ChartData } from './history-data';
import type { TimeRange } from './history-range';
import { dragRange } from './history-range';

export interface ChartSeriesSpec {
  readonly label: string;
  readonly scale: string;
  /** Place in the palette (default: the series' own index). */
  readonly colorIndex?: number;
  /** The edge of a band (chart-extras.ts): a thin line, no bucket band of its own. */
  readonly edge?: boolean;
}

export interface ChartScaleSpec {
  readonly key: string;
  /** Axis title (the unit); scales after the second get no axis. */
  readonly label: string;
}

export interface ChartCallbacks {
  /** A drag-selection (times in epoch ms). */
  readonly onZoom: (fromMs: number, toMs: number) => void;
  /** The end of a shift-drag: the range now shown. */
  readonly onPan: (range: TimeRange) => void;
  readonly onReset: () => void;
  /** The x index under the cursor, or null when it leaves the plot. */
  readonly onCursor: (index: number | null) => void;
  readonly nowMs: () => number;
}

export interface HistoryPlot {
  setData(data: ChartData, range: TimeRange): void;
  /** Shows a range at once (before its data arrives). */
  setRange(range: TimeRange): void;
  setSize(width: number, height: number): void;
  destroy(): void;
}

/** Series per path in uPlot: the line, then the bucket minimum and maximum (the band's edges). */
const PER_PATH = 3;

export function createHistoryPlot(
  container: HTMLElement,
  size: { width: number; height: number },
  theme: ChartTheme,
  series: readonly ChartSeriesSpec[],
  scales: readonly ChartScaleSpec[],
  callbacks: ChartCallbacks,
  /** Narrow (phone): no axis titles (the units are in the legend), tighter axes. */
  compact = false,
  extras: PlotExtras = NO_EXTRAS,
): HistoryPlot {
  let shown: TimeRange = { fromMs: callbacks.nowMs() - 3_600_000, toMs: callbacks.nowMs() };
  let panning = false;

  const colorOf = (i: number): string => theme.series[i % theme.series.length]!;
  const uSeries: uPlot.Series[] = [{}];
  const bands: uPlot.Band[] = [];
  series.forEach((spec, i) => {
    const color = colorOf(spec.colorIndex ?? i);
    const base = uSeries.length;
    const edge = spec.edge === true;
    uSeries.push(
      {
        label: spec.label,
        scale: spec.scale,
        stroke: edge ? withAlpha(color, 0.7) : color,
        width: edge ? 1 : 1.5,
        spanGaps: false,
        points: edge ? { show: false } : { size: 4, fill: color, stroke: color },
      },
      {
        label: `${spec.label} min`,
        scale: spec.scale,
        stroke: withAlpha(color, 0.35),
        width: 1,
        points: { show: false },
        show: !edge,
      },
      {
        label: `${spec.label} max`,
        scale: spec.scale,
        stroke: withAlpha(color, 0.35),
        width: 1,
        points: { show: false },
        show: !edge,
      },
    );
    // A band's edges show their own bucket spread no more: the band between them says enough.
    if (!edge) bands.push({ series: [base + 2, base + 1], fill: withAlpha(color, 0.14) });
  });
  for (const band of extras.bands) {
    const spec = series[band.upper];
    if (spec === undefined || series[band.lower] === undefined) continue;
    bands.push({
      series: [1 + band.upper * PER_PATH, 1 + band.lower * PER_PATH],
      fill: withAlpha(colorOf(spec.colorIndex ?? band.upper), 0.16),
    });
  }

  const axisBase: uPlot.Axis = {
    stroke: theme.text,
    font: theme.font,
    labelFont: theme.font,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.axis, width: 1, size: 4 },
    border: { show: true, stroke: theme.axis, width: 1 },
  };
  const axes: uPlot.Axis[] = [{ ...axisBase, space: compact ? 60 : 70 }];
  scales.slice(0, 2).forEach((scale, i) => {
    axes.push({
      ...axisBase,
      scale: scale.key,
      side: i === 0 ? 3 : 1,
      label: compact ? '' : scale.label,
      labelSize: compact || scale.label === '' ? 0 : 16,
      labelGap: 0,
      size: (self, values) => {
        const longest = Math.max(0, ...(values ?? []).map((value) => String(value).length));
        return Math.max(compact ? 28 : 36, 10 + longest * 6.5);
      },
      space: 28,
      ...(i === 1 ? { grid: { show: false } } : {}),
    });
  });

  const uScales: uPlot.Scales = {
    x: { time: true, auto: false, range: () => [shown.fromMs, shown.toMs] },
  };
  for (const scale of scales) {
    const thresholds = extras.thresholds.filter((line) => line.scale === scale.key).map((line) => line.value);
    const fixed = extras.ranges[scale.key];
    uScales[scale.key] =
      thresholds.length === 0 && fixed === undefined
        ? { auto: true }
        : {
            auto: true,
            range: (_u, dataMin, dataMax) =>
              scaleRange(dataMin, dataMax, thresholds, fixed) ?? uPlot.rangeNum(dataMin ?? 0, dataMax ?? 1, 0.1, true),
          };
  }

  /** Dashed lines across the plot at each threshold, labelled at the right end. */
  const drawThresholds = (u: uPlot): void => {
    if (extras.thresholds.length === 0) return;
    const { ctx, bbox } = u;
    const ratio = devicePixelRatio || 1;
    ctx.save();
    ctx.beginPath();
    ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
    ctx.clip();
    ctx.strokeStyle = theme.danger;
    ctx.fillStyle = theme.danger;
    ctx.lineWidth = ratio;
    ctx.setLineDash([6 * ratio, 4 * ratio]);
    ctx.font = theme.font.replace(/^(\d+(?:\.\d+)?)px/, (_m, px: string) => `${Number(px) * ratio}px`);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    for (const line of extras.thresholds) {
      const y = Math.round(u.valToPos(line.value, line.scale, true)) + 0.5;
      if (!Number.isFinite(y)) continue;
      ctx.beginPath();
      ctx.moveTo(bbox.left, y);
      ctx.lineTo(bbox.left + bbox.width, y);
      ctx.stroke();
      ctx.fillText(line.label, bbox.left + bbox.width - 4 * ratio, y - 2 * ratio);
    }
    ctx.restore();
  };

  const pan = (u: uPlot, down: MouseEvent): void => {
    const start = shown;
    const width = u.over.getBoundingClientRect().width;
    if (width <= 0) return;
    const msPerPx = (start.toMs - start.fromMs) / width;
    panning = true;
    u.over.style.cursor = 'grabbing';
    let current = start;
    const move = (event: MouseEvent): void => {
      current = dragRange(start, (event.clientX - down.clientX) * msPerPx, callbacks.nowMs());
      shown = current;
      u.setScale('x', { min: current.fromMs, max: current.toMs });
    };
    const up = (): void => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
      panning = false;
      u.over.style.cursor = '';
      if (current !== start) callbacks.onPan(current);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  };

  const options: uPlot.Options = {
    width: size.width,
    height: size.height,
    ms: 1,
    series: uSeries,
    bands,
    scales: uScales,
    axes,
    legend: { show: false },
    padding: [12, scales.length > 1 ? 4 : 16, 4, 4],
    focus: { alpha: 1 },
    cursor: {
      y: false,
      drag: { x: true, y: false, setScale: false },
      points: { size: 7, width: 2, fill: theme.surface },
      bind: {
        mousedown: (u, _target, handler) => (event) => {
          if (event.shiftKey && event.button === 0) {
            event.preventDefault();
            pan(u, event);
            return null;
          }
          return handler(event);
        },
        dblclick: () => () => {
          callbacks.onReset();
          return null;
        },
      },
    },
    hooks: {
      draw: [drawThresholds],
      setSelect: [
        (u) => {
          if (u.select.width > 3) {
            callbacks.onZoom(u.posToVal(u.select.left, 'x'), u.posToVal(u.select.left + u.select.width, 'x'));
          }
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        },
      ],
      setCursor: [
        (u) => {
          if (!panning) callbacks.onCursor(u.cursor.idx ?? null);
        },
      ],
    },
  };

  const toAligned = (data: ChartData): uPlot.AlignedData => {
    const empty = (): (number | null | undefined)[] => data.xs.map(() => undefined);
    const columns: (number | null | undefined)[][] = [];
    for (const entry of data.series) columns.push(entry.mean, entry.min ?? empty(), entry.max ?? empty());
    while (columns.length < series.length * PER_PATH) columns.push(empty());
    return [data.xs, ...columns] as unknown as uPlot.AlignedData;
  };

  const plot = new uPlot(
    options,
    [[], ...series.flatMap(() => [[], [], []])] as unknown as uPlot.AlignedData,
    container,
  );

  return {
    setData(data, range) {
      shown = range;
      plot.setData(toAligned(data), true);
      plot.setScale('x', { min: range.fromMs, max: range.toMs });
    },
    setRange(range) {
      if (panning) return;
      shown = range;
      plot.setScale('x', { min: range.fromMs, max: range.toMs });
    },
    setSize(width, height) {
      plot.setSize({ width, height });
    },
    destroy() {
      plot.destroy();
    },
  };
}
