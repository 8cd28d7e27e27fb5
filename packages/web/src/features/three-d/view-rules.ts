import type { MarkerStatus } from '../plans/marker-status';

/**
 * The 3D view's pure rules: the status palette (the plans' marker colours), the level of detail,
 * and the frame counter of the debug overlay.
 */

/** The plans' marker colours (plans.module.css), used when a CSS variable cannot be read. */
export const FALLBACK_PALETTE: Readonly<Record<MarkerStatus, string>> = {
  ok: '#16a34a',
  warn: '#e0a100',
  alarm: '#c62828',
  stale: '#9aa1aa',
  unknown: '#c2c7ce',
};

export const STATUSES: readonly MarkerStatus[] = ['ok', 'warn', 'alarm', 'stale', 'unknown'];

/**
 * The palette the plans paint markers with: `read(status)` gives the CSS colour an element with
 * `data-status=<status>` gets (its `--marker-colour`); anything that is not a hex colour or
 * `rgb()` falls back to the plans' defaults.
 */
export function statusPalette(read: (status: MarkerStatus) => string): Record<MarkerStatus, string> {
  const palette = { ...FALLBACK_PALETTE };
  for (const status of STATUSES) {
    const css = normaliseColour(read(status));
    if (css !== undefined) palette[status] = css;
  }
  return palette;
}

/** `#rgb`, `#rrggbb` or `rgb(r, g, b)` as `#rrggbb`; anything else undefined. */
export function normaliseColour(text: string): string | undefined {
  const value = text.trim().toLowerCase();
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(value);
  if (short !== null) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`;
  if (/^#[0-9a-f]{6}$/.test(value)) return value;
  const rgb = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/.exec(value);
  if (rgb !== null) {
    return `#${[rgb[1], rgb[2], rgb[3]].map((part) => Math.min(255, Number(part)).toString(16).padStart(2, '0')).join('')}`;
  }
  return undefined;
}

/** `a` mixed with `b`: `t` = 0 is `a`, 1 is `b` (hex colours). */
export function mixColours(a: string, b: string, t: number): string {
  const channels = (hex: string) => [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));
  const [ca, cb] = [channels(a), channels(b)];
  return `#${ca
    .map((value, i) =>
      Math.round(value + ((cb[i] ?? value) - value) * t)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/**
 * Rooms are floor areas: tinted by their status rather than painted (a building all in green is
 * hard to read), and left at their base colour before any value.
 */
export function roomColour(
  status: MarkerStatus,
  palette: Readonly<Record<MarkerStatus, string>>,
  base: string,
): string {
  if (status === 'unknown') return base;
  return mixColours(base, palette[status], status === 'ok' ? 0.28 : 0.55);
}

/** Sensors further than this from the camera are hidden (they would be a pixel or two). */
export const SENSOR_LOD_DISTANCE = 95;

/**
 * Whether a sensor's mesh shows: near the camera, or whatever the distance when it is selected or
 * in alarm (an alarm must not vanish because one zoomed out).
 */
export function sensorVisible(distance: number, status: MarkerStatus, selected: boolean): boolean {
  return selected || status === 'alarm' || distance <= SENSOR_LOD_DISTANCE;
}

/** Floors shown when the view is cut at `cutLevel` (null: every floor). */
export function floorVisible(level: number, cutLevel: number | null): boolean {
  return cutLevel === null || level <= cutLevel;
}

/** Counts frames over the last second (the debug overlay's frame rate). */
export class FrameCounter {
  private readonly times: number[] = [];

  frame(nowMs: number): void {
    this.times.push(nowMs);
    this.trim(nowMs);
  }

  /** Frames drawn in the second before `nowMs`. */
  perSecond(nowMs: number): number {
    this.trim(nowMs);
    return this.times.length;
  }

  private trim(nowMs: number): void {
    while (this.times.length > 0 && (this.times[0] as number) <= nowMs - 1_000) this.times.shift();
  }
}
