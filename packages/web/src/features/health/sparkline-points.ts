/**
 * The `points` of an SVG polyline drawing `values` left to right across `widthPx`, zero at the
 * bottom and the largest value at the top (`padPx` inside the edges so the stroke is not cut).
 * All zeros draw a flat line at the bottom; a single value a flat line at its height.
 */
export function sparklinePoints(values: readonly number[], widthPx: number, heightPx: number, padPx = 1): string {
  if (values.length === 0) return '';
  const max = Math.max(...values.map((value) => (Number.isFinite(value) ? value : 0)));
  const usableHeight = heightPx - 2 * padPx;
  const y = (value: number): number => {
    const fraction = max <= 0 || !Number.isFinite(value) ? 0 : Math.max(0, value) / max;
    return round(heightPx - padPx - fraction * usableHeight);
  };
  if (values.length === 1) {
    const level = y(values[0] as number);
    return `${padPx},${level} ${widthPx - padPx},${level}`;
  }
  const step = (widthPx - 2 * padPx) / (values.length - 1);
  return values.map((value, index) => `${round(padPx + index * step)},${y(value)}`).join(' ');
}

const round = (value: number): number => Math.round(value * 10) / 10;
