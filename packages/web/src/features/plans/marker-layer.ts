import type { Box, LabelSpot } from './declutter';
import { visibleLabels } from './declutter';
import type { MarkerStatus } from './marker-status';
import { MarkerSprites, readMarkerColours } from './marker-sprites';

/** What the layer draws of one placed twin; PlanPainter keeps these current. */
export interface DrawnMarker {
  x: number;
  y: number;
  status: MarkerStatus;
  /** The value with its unit ("21.50 °C"), or '' before any value. */
  text: string;
}

/** A marker's radius on screen, in CSS pixels, whatever the zoom. */
export const MARKER_PX = 7;

/** Labels are about this many characters wide ("12.80 m³/h"): their box for decluttering. */
const LABEL_CHARS = 9;

/** Alarms are labelled first, then warnings, then the rest. */
const LABEL_RANK: Readonly<Record<MarkerStatus, number>> = { alarm: 0, warn: 1, stale: 2, ok: 3, unknown: 4 };

/**
 * The markers of a floor plan, drawn on a canvas laid over the plan's SVG. The SVG keeps what
 * changes rarely (paper, background, rooms); the markers, which change every second by the
 * thousand, are one bitmap redrawn in a few milliseconds. As SVG elements, each repaint of 5,000
 * markers made the browser rasterise the whole plan again and cost a frame or more.
 *
 * Positions come from the SVG's own transform (its viewBox, zoom and pan), read at each draw, so
 * the markers sit exactly where SVG would have drawn them.
 */
export class MarkerLayer {
  private readonly sprites = new MarkerSprites();
  /** Plan units → CSS pixels of the canvas: x' = offsetX + x × scaleX. */
  private scaleX = 1;
  private scaleY = 1;
  private offsetX = 0;
  private offsetY = 0;
  private width = 0;
  private height = 0;
  private radius = MARKER_PX;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly svg: SVGSVGElement,
    /** A marker's radius in plan units at most: far out, markers shrink instead of piling up. */
    private readonly planRadius: number,
  ) {}

  get radiusPx(): number {
    return this.radius;
  }

  get fontPx(): number {
    return Math.max(9, this.radius * 1.6);
  }

  /** Reads the plan's current transform and the canvas's size (after zoom, pan or a resize). */
  measure(): void {
    const rect = this.canvas.getBoundingClientRect();
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(rect.width * ratio));
    const height = Math.max(1, Math.round(rect.height * ratio));
    if (this.canvas.width !== width) this.canvas.width = width;
    if (this.canvas.height !== height) this.canvas.height = height;
    this.width = rect.width;
    this.height = rect.height;
    const matrix = this.svg.getScreenCTM();
    if (matrix !== null) {
      this.scaleX = matrix.a;
      this.scaleY = matrix.d;
      this.offsetX = matrix.e - rect.left;
      this.offsetY = matrix.f - rect.top;
    }
    this.radius = Math.max(1.5, Math.min(MARKER_PX, 2 * this.planRadius * this.scaleX));
  }

  /** Redraws every marker, the selection ring and the shown labels. */
  draw(markers: ReadonlyMap<string, DrawnMarker>, labelled: ReadonlySet<string>, selected: string | null): void {
    const context = this.canvas.getContext('2d');
    if (context === null) return;
    const ratio = this.canvas.width / Math.max(1, this.width);
    const colours = readMarkerColours(this.canvas);
    this.sprites.update(colours, this.radius, ratio);
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, this.canvas.width, this.canvas.height);
    // Sprites are copied pixel for pixel at whole device pixels: a plain blit, no resampling
    // (with smoothing and fractional positions each copy is filtered, several times slower).
    context.imageSmoothingEnabled = false;
    const half = this.sprites.half;
    const halfDevice = Math.round(half * ratio);
    const blit = (image: CanvasImageSource, x: number, y: number): void =>
      context.drawImage(image, Math.round(x * ratio) - halfDevice, Math.round(y * ratio) - halfDevice);
    const labelReach = this.radius * 1.4 + this.fontPx * 0.6 * LABEL_CHARS;
    const shown: [number, number, DrawnMarker][] = [];
    for (const [twinId, marker] of markers) {
      const x = this.offsetX + marker.x * this.scaleX;
      const y = this.offsetY + marker.y * this.scaleY;
      if (x < -labelReach || y < -half || x > this.width + half || y > this.height + half) continue;
      const image = this.sprites.image(marker.status);
      if (image !== undefined) blit(image, x, y);
      if (marker.text !== '' && labelled.has(twinId)) shown.push([x, y, marker]);
    }
    const ring = selected === null ? undefined : markers.get(selected);
    const ringImage = this.sprites.image('selected');
    if (ring !== undefined && ringImage !== undefined) {
      const [x, y] = this.toCanvas(ring.x, ring.y);
      blit(ringImage, x, y);
    }
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    // Labels last, over the markers: dark text with a halo of the paper's colour.
    context.font = `600 ${this.fontPx.toFixed(1)}px ${colours.fontFamily}`;
    context.lineJoin = 'round';
    context.lineWidth = 3;
    context.strokeStyle = colours.outline;
    for (const [x, y, marker] of shown) {
      const left = x + this.radius * 1.4;
      const baseline = y + this.fontPx * 0.35;
      context.strokeText(marker.text, left, baseline);
      context.fillStyle = marker.status === 'stale' ? colours.textStale : colours.text;
      context.fillText(marker.text, left, baseline);
    }
  }

  /**
   * Which labels to show so that none covers another label or a marker (declutter.ts), in screen
   * space at the current zoom: alarms and warnings first.
   */
  labels(markers: ReadonlyMap<string, DrawnMarker>): Set<string> {
    const fontPx = this.fontPx;
    const width = fontPx * 0.6 * LABEL_CHARS;
    const spots: LabelSpot[] = [];
    const circles: Box[] = [];
    for (const [twinId, marker] of markers) {
      const [x, y] = this.toCanvas(marker.x, marker.y);
      spots.push({
        id: twinId,
        x: x + this.radius * 1.4 + width / 2,
        y,
        width,
        height: fontPx * 1.1,
        priority: LABEL_RANK[marker.status],
        overMarkers: marker.status === 'alarm',
      });
      circles.push({ id: twinId, x, y, width: 2 * this.radius, height: 2 * this.radius });
    }
    return visibleLabels(spots, circles);
  }

  /** The marker under a point of the page (client coordinates), the nearest if several. */
  markerAt(markers: ReadonlyMap<string, DrawnMarker>, clientX: number, clientY: number): string | undefined {
    this.measure();
    const rect = this.canvas.getBoundingClientRect();
    // A finger or a mouse a few pixels off still hits a 14-pixel marker.
    return nearestMarker(
      markers,
      (x, y) => this.toCanvas(x, y),
      clientX - rect.left,
      clientY - rect.top,
      this.radius + 3,
    );
  }

  private toCanvas(x: number, y: number): [number, number] {
    return [this.offsetX + x * this.scaleX, this.offsetY + y * this.scaleY];
  }
}

/**
 * The marker whose centre, mapped to the screen by `toScreen`, is nearest to (x, y) and at most
 * `reach` pixels away; on a tie the one drawn later (on top) wins.
 */
export function nearestMarker(
  markers: ReadonlyMap<string, DrawnMarker>,
  toScreen: (x: number, y: number) => [number, number],
  x: number,
  y: number,
  reach: number,
): string | undefined {
  let best = reach * reach;
  let found: string | undefined;
  for (const [twinId, marker] of markers) {
    const [mx, my] = toScreen(marker.x, marker.y);
    const distance = (mx - x) ** 2 + (my - y) ** 2;
    if (distance <= best) {
      best = distance;
      found = twinId;
    }
  }
  return found;
}
