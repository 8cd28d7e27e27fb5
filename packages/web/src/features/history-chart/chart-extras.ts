/**
 * What a history chart may draw beside its lines: a band filled between two of its series (a
 * p10–p90 remaining-life band), horizontal lines at a value (an anomaly threshold), and fixed
 * ranges for scales whose meaning is bounded (a health index from 0 to 1). Pure, so the scale
 * arithmetic is unit-tested; uplot-chart.ts draws them.
 */

/** Paths as the chart's props name them. */
export interface BandSpec {
  readonly lower: string;
  readonly upper: string;
  /** A path whose colour the band takes (the median between a p10 and a p90). */
  readonly colorOf?: string;
}

export interface ThresholdSpec {
  readonly path: string;
  readonly value: number;
  readonly label: string;
}

/** The same, resolved to series indices and scale keys for the plot. */
export interface PlotBand {
  /** Indices of the paths whose lines bound the band. */
  readonly lower: number;
  readonly upper: number;
}

export interface PlotThreshold {
  readonly scale: string;
  readonly value: number;
  readonly label: string;
}

export interface PlotExtras {
  readonly bands: readonly PlotBand[];
  readonly thresholds: readonly PlotThreshold[];
  /** Fixed [min, max] by scale key. */
  readonly ranges: Readonly<Record<string, readonly [number, number]>>;
}

export const NO_EXTRAS: PlotExtras = { bands: [], thresholds: [], ranges: {} };

/** How each path's line is drawn: its palette colour, and thin (the edge of a band) or not. */
export interface SeriesLook {
  readonly colorIndex: number;
  readonly edge: boolean;
}

/**
 * Paths take the palette in order, except the edges of a band: they are drawn thin, both in the
 * colour of the band's `colorOf` path (else in a colour of their own, shared by both edges).
 */
export function seriesLooks(paths: readonly string[], bands: readonly BandSpec[]): SeriesLook[] {
  const bandOf = new Map<string, BandSpec>();
  for (const band of bands) {
    if (paths.includes(band.lower) && paths.includes(band.upper)) {
      bandOf.set(band.lower, band);
      bandOf.set(band.upper, band);
    }
  }
  let next = 0;
  const own = new Map<string, number>();
  for (const path of paths) if (!bandOf.has(path)) own.set(path, next++);
  const bandColor = new Map<BandSpec, number>();
  for (const band of new Set(bandOf.values())) {
    const shared = band.colorOf === undefined ? undefined : own.get(band.colorOf);
    bandColor.set(band, shared ?? next++);
  }
  return paths.map((path) => {
    const band = bandOf.get(path);
    return band === undefined
      ? { colorIndex: own.get(path) ?? 0, edge: false }
      : { colorIndex: bandColor.get(band) ?? 0, edge: true };
  });
}

/**
 * A scale's range: fixed when given; else the data's, padded by a tenth, widened to show every
 * threshold on the scale (a threshold above all scores must still be seen); null lets uPlot
 * decide (no data and nothing to show).
 */
export function scaleRange(
  dataMin: number | null,
  dataMax: number | null,
  thresholds: readonly number[],
  fixed: readonly [number, number] | undefined,
): [number, number] | null {
  if (fixed !== undefined) return [fixed[0], fixed[1]];
  const values = [...thresholds];
  if (dataMin !== null && Number.isFinite(dataMin)) values.push(dataMin);
  if (dataMax !== null && Number.isFinite(dataMax)) values.push(dataMax);
  if (values.length === 0) return null;
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (max === min) {
    const pad = Math.abs(min) * 0.1 || 1;
    return [min - pad, max + pad];
  }
  const pad = (max - min) * 0.1;
  min -= pad;
  max += pad;
  return [min, max];
}
