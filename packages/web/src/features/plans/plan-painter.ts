import type { Placement } from '@doppel/protocol';
import { mainTelemetryPath } from '../../live/main-telemetry';
import type { TwinValuesStore } from '../../live/twin-values-store';
import type { ModelStore } from '../../models/model-store';
import { unitSymbol } from '../../models/units';
import { formatValue } from '../../shared/format-value';
import { heatColour, heatRange, meanOf, membersOfAreas } from './heat-map';
import type { DrawnMarker } from './marker-layer';
import { MarkerLayer } from './marker-layer';
import type { MarkerStatus, StatusRule } from './marker-status';
import { markerStatus } from './marker-status';

/** Smallest span of a heat map's scale, per path (a uniform building is not painted all red). */
const HEAT_SPAN: Readonly<Record<string, number>> = { temperature: 6, humidity: 30, co2: 800 };
const HEAT_SPAN_DEFAULT = 1;
/** Live values are painted at most this often (4 per second: people read values, not frames). */
const PAINT_INTERVAL_MS = 250;

export interface PaintedLegend {
  readonly path: string | null;
  readonly min: number;
  readonly max: number;
  readonly counts: Readonly<Record<MarkerStatus, number>>;
}

/**
 * Paints live values onto a plan without React: thousands of markers update every second, and
 * re-rendering them through React would cost a frame each time. Each twin's changes mark it
 * dirty; at most every PAINT_INTERVAL_MS the dirty markers get their status and value text, the
 * rooms whose members changed get their heat colour (SVG polygons, tens per floor), and the
 * marker canvas (MarkerLayer) is redrawn. Zoom, pan, a selection or a dragged marker redraw it on
 * the next frame.
 *
 * The canvas carries `data-markers` (how many it holds), `data-paints` (redraws so far) and
 * `data-updates` (marker value updates applied so far), for the end-to-end tests and the
 * frame-time benchmark.
 */
export class PlanPainter {
  private readonly markers = new Map<string, DrawnMarker>();
  private readonly layer: MarkerLayer;
  private readonly areas = new Map<string, SVGPolygonElement>();
  private readonly members: Map<string, string[]>;
  /** Twin → the areas it is a member of (or is). */
  private readonly areasOf = new Map<string, string[]>();
  private readonly dirty = new Set<string>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly resizeObserver: ResizeObserver;
  private labelled = new Set<string>();
  private selected: string | null = null;
  private frame = 0;
  private drawFrame = 0;
  private relabelledMs = 0;
  private relabelTimer: ReturnType<typeof setTimeout> | undefined;
  private statusChanged = false;
  private waiting: ReturnType<typeof setTimeout> | undefined;
  private lastPaintMs = 0;
  private heatPath: string | null = null;
  private legendListener: ((legend: PaintedLegend) => void) | undefined;
  /** Value updates applied and redraws, for the debug overlay and the frame-time benchmark. */
  paintedMarkers = 0;
  paintedFrames = 0;

  constructor(
    svg: SVGSVGElement,
    private readonly canvas: HTMLCanvasElement,
    private readonly placements: readonly Placement[],
    private readonly values: TwinValuesStore,
    private readonly models: ModelStore,
    private readonly rules: ReadonlyMap<string, StatusRule>,
    planRadius: number,
  ) {
    this.layer = new MarkerLayer(canvas, svg, planRadius);
    for (const placement of placements) {
      // Rooms drawn as areas are heat-map polygons, not markers.
      if (placement.area === undefined) {
        this.markers.set(placement.twinId, { x: placement.x, y: placement.y, status: 'unknown', text: '' });
      }
    }
    for (const element of svg.querySelectorAll<SVGPolygonElement>('polygon[data-twin]')) {
      this.areas.set(element.dataset.twin as string, element);
    }
    this.members = membersOfAreas(placements);
    for (const [area, members] of this.members) {
      for (const twinId of [area, ...members]) this.areasOf.set(twinId, [...(this.areasOf.get(twinId) ?? []), area]);
    }
    for (const placement of placements) {
      this.unsubscribe.push(values.subscribe(placement.twinId, () => this.markDirty(placement.twinId)));
      this.dirty.add(placement.twinId);
    }
    // A model arriving gives twins their main path: repaint everything once.
    this.unsubscribe.push(models.subscribe(() => this.markAllDirty()));
    // A theme switch changes the colours the canvas reads from CSS.
    const themeObserver = new MutationObserver(() => this.drawSoon());
    themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    this.unsubscribe.push(() => themeObserver.disconnect());
    this.resizeObserver = new ResizeObserver(() => this.viewChanged());
    this.resizeObserver.observe(canvas);
    canvas.dataset.markers = String(this.markers.size);
    this.schedule();
  }

  /** The plan was zoomed, panned or resized: redraw on the next frame, relabel once it settles. */
  viewChanged(): void {
    this.drawSoon();
    clearTimeout(this.relabelTimer);
    this.relabelTimer = setTimeout(() => this.relabel(), 120);
  }

  setSelected(twinId: string | null): void {
    this.selected = twinId;
    this.drawSoon();
  }

  /** A marker dragged in edit mode follows the pointer (its placement is stored on drop). */
  move(twinId: string, x: number, y: number): void {
    const marker = this.markers.get(twinId);
    if (marker === undefined) return;
    marker.x = x;
    marker.y = y;
    this.drawSoon();
  }

  /** The marker under a point of the page (client coordinates), if any. */
  markerAt(clientX: number, clientY: number): string | undefined {
    return this.layer.markerAt(this.markers, clientX, clientY);
  }

  /** The value text of a marker (shown or not), for a tooltip. */
  labelOf(twinId: string): string | undefined {
    return this.markers.get(twinId)?.text;
  }

  setHeatPath(path: string | null): void {
    this.heatPath = path;
    this.markAllDirty();
  }

  onLegend(listener: (legend: PaintedLegend) => void): void {
    this.legendListener = listener;
    this.markAllDirty();
  }

  /** Paths that some placed twin reports as numbers: the heat map's choices. */
  numericPaths(): string[] {
    const out = new Set<string>();
    for (const placement of this.placements) {
      const twin = this.values.get(placement.twinId);
      for (const [path, state] of Object.entries(twin?.paths ?? {})) {
        if (typeof state.value === 'number' && state.kind === 'telemetry') out.add(path);
      }
    }
    return [...out].sort();
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    cancelAnimationFrame(this.drawFrame);
    clearTimeout(this.waiting);
    clearTimeout(this.relabelTimer);
    this.resizeObserver.disconnect();
    for (const off of this.unsubscribe.splice(0)) off();
  }

  /** Hides the value labels that would overlap: alarms and warnings first, then the rest. */
  private relabel(): void {
    this.relabelTimer = undefined;
    this.relabelledMs = performance.now();
    this.statusChanged = false;
    this.layer.measure();
    this.labelled = this.layer.labels(this.markers);
    this.drawSoon();
  }

  private markDirty(twinId: string): void {
    this.dirty.add(twinId);
    this.schedule();
  }

  private markAllDirty(): void {
    for (const placement of this.placements) this.dirty.add(placement.twinId);
    this.schedule();
  }

  /**
   * Paints on the next animation frame, but at most every PAINT_INTERVAL_MS: values are gathered
   * rather than painted as they come (people read values, not frames).
   */
  private schedule(): void {
    if (this.frame !== 0 || this.waiting !== undefined) return;
    const wait = this.lastPaintMs + PAINT_INTERVAL_MS - performance.now();
    if (wait <= 0) this.frame = requestAnimationFrame(() => this.paint());
    else {
      this.waiting = setTimeout(() => {
        this.waiting = undefined;
        this.frame = requestAnimationFrame(() => this.paint());
      }, wait);
    }
  }

  /** Redraws the canvas on the next frame (once, however many asked). */
  private drawSoon(): void {
    if (this.drawFrame !== 0) return;
    this.drawFrame = requestAnimationFrame(() => {
      this.drawFrame = 0;
      this.draw();
    });
  }

  private draw(): void {
    this.layer.measure();
    this.layer.draw(this.markers, this.labelled, this.selected);
    this.paintedFrames++;
    this.canvas.dataset.paints = String(this.paintedFrames);
  }

  private paint(): void {
    this.frame = 0;
    this.lastPaintMs = performance.now();
    const areasTouched = new Set<string>();
    for (const twinId of this.dirty) {
      this.updateMarker(twinId);
      for (const area of this.areasOf.get(twinId) ?? []) areasTouched.add(area);
    }
    this.paintedMarkers += this.dirty.size;
    this.canvas.dataset.updates = String(this.paintedMarkers);
    const everything = this.dirty.size === this.placements.length;
    this.dirty.clear();
    if (areasTouched.size > 0 || everything) this.paintAreas();
    cancelAnimationFrame(this.drawFrame);
    this.drawFrame = 0;
    this.draw();
    // A marker turning red gets its label even where labels are crowded (at most once a second).
    if (this.statusChanged && this.relabelTimer === undefined) {
      const wait = Math.max(0, this.relabelledMs + 1_000 - performance.now());
      this.relabelTimer = setTimeout(() => this.relabel(), wait);
    }
    this.maybeTellLegend(everything);
  }

  private range: [number, number] = [0, 1];
  private legendAtMs = 0;

  /** The legend (status counts, heat scale) at most 4 times a second: people read it, not frames. */
  private maybeTellLegend(force: boolean): void {
    if (this.legendListener === undefined) return;
    const now = performance.now();
    if (!force && now - this.legendAtMs < 250) return;
    this.legendAtMs = now;
    const counts: Record<MarkerStatus, number> = { ok: 0, warn: 0, alarm: 0, stale: 0, unknown: 0 };
    for (const marker of this.markers.values()) counts[marker.status]++;
    this.legendListener({ path: this.heatPath, min: this.range[0], max: this.range[1], counts });
  }

  private updateMarker(twinId: string): void {
    const marker = this.markers.get(twinId);
    if (marker === undefined) return;
    const twin = this.values.get(twinId);
    if (twin !== undefined) this.models.ensure(twin.model);
    const model = twin === undefined ? undefined : this.models.resolved(twin.model);
    const main = mainTelemetryPath(model, twin);
    const status = markerStatus(twin, main, this.rules);
    if (marker.status !== status) {
      marker.status = status;
      this.statusChanged = true;
    }
    const state = main === undefined ? undefined : twin?.paths[main];
    const unit = main === undefined ? undefined : unitSymbol(model?.byName.get(main)?.unit);
    marker.text = state === undefined ? '' : `${formatValue(state.value)}${unit === undefined ? '' : ` ${unit}`}`;
  }

  /** Heat colours of every room (few: a floor has tens), from the values of their members. */
  private paintAreas(): void {
    const path = this.heatPath;
    const byArea = new Map<string, number | undefined>();
    for (const [area, members] of this.members) {
      if (path === null) {
        byArea.set(area, undefined);
        continue;
      }
      const own = this.values.get(area)?.paths[path];
      const fresh = (twinId: string): unknown => {
        const state = this.values.get(twinId)?.paths[path];
        return state === undefined || state.freshness === 'stale' ? undefined : state.value;
      };
      byArea.set(
        area,
        own !== undefined && own.freshness !== 'stale' ? (own.value as number) : meanOf(members.map(fresh)),
      );
    }
    const [min, max] = heatRange([...byArea.values()], path === null ? 1 : (HEAT_SPAN[path] ?? HEAT_SPAN_DEFAULT));
    this.range = [min, max];
    for (const [area, value] of byArea) {
      const element = this.areas.get(area);
      if (element === undefined) continue;
      const fill = path === null ? 'transparent' : heatColour(value, min, max);
      if (element.style.fill !== fill) element.style.fill = fill;
      element.dataset.heat = value === undefined ? '' : value.toFixed(2);
    }
  }
}
