import type { Placement } from '@doppel/protocol';

/**
 * Rooms filled as a heat map of one quantity (issue 7). A room's value is its own value of the
 * path if it has one, else the mean over the twins placed inside its area (its sensors): rooms
 * rarely measure themselves, their sensors do.
 */
export type Point = readonly [number, number];

/** Ray casting: whether `point` lies inside the polygon. */
export function insidePolygon(point: Point, polygon: readonly Point[]): boolean {
  const [x, y] = point;
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i] as Point;
    const [xj, yj] = polygon[j] as Point;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** For each placement with an area: the twins placed inside it (itself excluded). */
export function membersOfAreas(placements: readonly Placement[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const area of placements) {
    if (area.area === undefined || area.area.length < 3) continue;
    const members: string[] = [];
    for (const other of placements) {
      if (other.twinId !== area.twinId && other.area === undefined && insidePolygon([other.x, other.y], area.area)) {
        members.push(other.twinId);
      }
    }
    out.set(area.twinId, members);
  }
  return out;
}

/** The mean of the numbers given, or undefined without any. */
export function meanOf(values: readonly unknown[]): number | undefined {
  let sum = 0;
  let count = 0;
  for (const value of values) {
    if (typeof value === 'number' && Number.isFinite(value)) {
      sum += value;
      count++;
    }
  }
  return count === 0 ? undefined : sum / count;
}

/**
 * A colour for `value` on a blue → green → yellow → red scale over [min, max] (a perceptual
 * ordering people read as cold → hot), as an `hsl()` string; transparent grey without a value.
 */
export function heatColour(value: number | undefined, min: number, max: number): string {
  if (value === undefined || !Number.isFinite(value)) return 'hsla(210, 8%, 60%, 0.12)';
  const t = max > min ? Math.min(1, Math.max(0, (value - min) / (max - min))) : 0.5;
  const hue = 220 - 220 * t; // 220 blue … 0 red
  return `hsla(${hue.toFixed(0)}, 75%, 52%, 0.38)`;
}

/** Range of a heat map: the values shown, widened so that a uniform plant is not all red or blue. */
export function heatRange(values: readonly (number | undefined)[], minimumSpan: number): [number, number] {
  const numbers = values.filter((value): value is number => value !== undefined && Number.isFinite(value));
  if (numbers.length === 0) return [0, 1];
  let min = Math.min(...numbers);
  let max = Math.max(...numbers);
  if (max - min < minimumSpan) {
    const middle = (min + max) / 2;
    min = middle - minimumSpan / 2;
    max = middle + minimumSpan / 2;
  }
  return [min, max];
}
