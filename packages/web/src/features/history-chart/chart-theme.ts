/**
 * Colours of the chart, read from the design tokens (global.css) and the chart's own series
 * palette (history-chart.module.css) when the chart is created: uPlot draws on a canvas, which
 * cannot use CSS variables itself.
 */
export interface ChartTheme {
  readonly text: string;
  readonly muted: string;
  readonly grid: string;
  readonly axis: string;
  readonly surface: string;
  /** Thresholds (an anomaly score's alert line). */
  readonly danger: string;
  readonly series: readonly string[];
  readonly font: string;
}

const SERIES_VARIABLES = ['--hc-series-1', '--hc-series-2', '--hc-series-3', '--hc-series-4', '--hc-series-5'];
const FALLBACK_SERIES = ['#2563eb', '#d97706', '#0d9488', '#c026d3', '#65a30d'];

/** Reads the theme from computed styles (`element`: the chart's root, where the palette is set). */
export function readChartTheme(element: Element): ChartTheme {
  const root = getComputedStyle(document.documentElement);
  const own = getComputedStyle(element);
  const read = (style: CSSStyleDeclaration, name: string, fallback: string): string =>
    style.getPropertyValue(name).trim() || fallback;
  return {
    text: read(root, '--color-text-2', '#46505c'),
    muted: read(root, '--color-muted', '#7b8491'),
    grid: read(root, '--color-border', '#e3e6ea'),
    axis: read(root, '--color-border-strong', '#cdd2d8'),
    surface: read(root, '--color-surface', '#ffffff'),
    danger: read(root, '--color-danger', '#c62828'),
    series: SERIES_VARIABLES.map((name, i) => read(own, name, FALLBACK_SERIES[i]!)),
    font: `${read(root, '--font-size-tiny', '11px')} ${read(root, '--font-ui', 'system-ui, sans-serif')}`,
  };
}

/** `#rgb`, `#rrggbb` or `rgb(…)` with an alpha, for band fills; other colour forms are returned as given. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (hex !== null) {
    const digits = hex[1]!.length === 3 ? [...hex[1]!].map((d) => d + d).join('') : hex[1]!;
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16));
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  const rgb = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i.exec(color.trim());
  if (rgb !== null) return `rgba(${rgb[1]}, ${rgb[2]}, ${rgb[3]}, ${alpha})`;
  return color;
}
