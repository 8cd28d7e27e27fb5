/**
 * Range arithmetic of the history chart: presets, live mode, pan, zoom, and how many points to
 * ask the server for. Pure (times in epoch ms), so the chart component only wires it to events.
 */

export interface TimeRange {
  /** Inclusive, epoch ms. */
  readonly fromMs: number;
  /** Exclusive, epoch ms. */
  readonly toMs: number;
}

/** What the chart shows: a fixed range, or the last `spanMs` with the right edge kept at now. */
export type ChartView =
  { readonly mode: 'live'; readonly spanMs: number } | { readonly mode: 'fixed'; readonly range: TimeRange };

export interface RangePreset {
  readonly label: string;
  /** Spoken/tooltip form of the label. */
  readonly title: string;
  readonly spanMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const RANGE_PRESETS: readonly RangePreset[] = [
  { label: '1 h', title: 'Last hour', spanMs: HOUR },
  { label: '24 h', title: 'Last 24 hours', spanMs: DAY },
  { label: '7 d', title: 'Last 7 days', spanMs: 7 * DAY },
  { label: '30 d', title: 'Last 30 days', spanMs: 30 * DAY },
];

export const DEFAULT_SPAN_MS = HOUR;
export const DEFAULT_VIEW: ChartView = { mode: 'live', spanMs: DEFAULT_SPAN_MS };

/** Narrowest range a zoom may reach: below it a chart of 1 Hz samples shows nothing useful. */
export const MIN_SPAN_MS = 10_000;
/** Widest range zooming out may reach (the 15-minute tier is kept forever, but a year is plenty). */
export const MAX_SPAN_MS = 366 * DAY;

/** The range a view covers at `nowMs`. */
export function rangeOf(view: ChartView, nowMs: number): TimeRange {
  return view.mode === 'live' ? { fromMs: nowMs - view.spanMs, toMs: nowMs } : view.range;
}

export const spanOf = (range: TimeRange): number => range.toMs - range.fromMs;

/**
 * Moves the range by `fraction` of its span (negative: back in time). The right edge never passes
 * now: a pan that would is stopped at now (the span is kept). Panning always leaves live mode.
 */
export function panRange(range: TimeRange, fraction: number, nowMs: number): TimeRange {
  const span = spanOf(range);
  const shift = Math.round(span * fraction);
  const toMs = Math.min(range.toMs + shift, Math.max(nowMs, range.toMs));
  return { fromMs: toMs - span, toMs };
}

/** A range shifted by a pointer drag of `deltaMs` (what the drag moved the plot content by). */
export function dragRange(range: TimeRange, deltaMs: number, nowMs: number): TimeRange {
  const span = spanOf(range);
  if (span <= 0) return range;
  return panRange(range, -deltaMs / span, nowMs);
}

/**
 * The range selected by a drag between two times (any order), widened around its centre to
 * MIN_SPAN_MS and never past now; `null` for a selection too small to be meant (a click).
 */
export function zoomRange(aMs: number, bMs: number, nowMs: number): TimeRange | null {
  let fromMs = Math.min(aMs, bMs);
  let toMs = Math.max(aMs, bMs);
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || toMs - fromMs < 1) return null;
  if (toMs - fromMs < MIN_SPAN_MS) {
    const centre = (fromMs + toMs) / 2;
    fromMs = Math.round(centre - MIN_SPAN_MS / 2);
    toMs = fromMs + MIN_SPAN_MS;
  }
  if (toMs > nowMs) {
    const span = toMs - fromMs;
    toMs = Math.max(nowMs, fromMs + 1);
    fromMs = toMs - span;
  }
  return { fromMs: Math.round(fromMs), toMs: Math.round(toMs) };
}

/** Zooms out around the centre by `factor` (2: twice the span), capped at MAX_SPAN_MS and now. */
export function zoomOutRange(range: TimeRange, factor: number, nowMs: number): TimeRange {
  const span = Math.min(spanOf(range) * factor, MAX_SPAN_MS);
  const centre = (range.fromMs + range.toMs) / 2;
  let toMs = Math.round(centre + span / 2);
  if (toMs > nowMs) toMs = Math.max(nowMs, range.toMs);
  return { fromMs: toMs - span, toMs };
}

/**
 * Points to ask for: about one per horizontal CSS pixel of the plot, so that the server picks the
 * coarsest tier that still fills the width (more would be drawn on the same pixels).
 */
export function maxPointsFor(plotWidthPx: number): number {
  if (!Number.isFinite(plotWidthPx) || plotWidthPx <= 0) return 500;
  return Math.min(2_000, Math.max(60, Math.round(plotWidthPx)));
}

/** Whether two ranges are the same to the second (live refreshes move "now" a little). */
export const sameRange = (a: TimeRange, b: TimeRange): boolean => a.fromMs === b.fromMs && a.toMs === b.toMs;

/** "1 h", "24 h", "7 d", "90 s": a span for labels. */
export function formatSpan(spanMs: number): string {
  if (spanMs >= 2 * DAY && spanMs % DAY === 0) return `${spanMs / DAY} d`;
  if (spanMs >= HOUR && spanMs % HOUR === 0) return `${spanMs / HOUR} h`;
  if (spanMs >= MINUTE && spanMs % MINUTE === 0) return `${spanMs / MINUTE} min`;
  if (spanMs >= DAY) return `${(spanMs / DAY).toFixed(1)} d`;
  if (spanMs >= HOUR) return `${(spanMs / HOUR).toFixed(1)} h`;
  if (spanMs >= MINUTE) return `${Math.round(spanMs / MINUTE)} min`;
  return `${Math.round(spanMs / 1000)} s`;
}
