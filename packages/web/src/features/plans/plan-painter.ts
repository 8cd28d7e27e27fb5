import type { Placement } from '@doppel/protocol';
import { mainTelemetryPath } from '../../live/main-telemetry';
import type { TwinValuesStore } from '../../live/twin-values-store';
import type { ModelStore } from '../../models/model-store';
import { unitSymbol } from '../../models/units';
import { formatValue } from '../../shared/format-value';
import type { Box, LabelSpot } from './declutter';
import { visibleLabels } from './declutter';
import { heatColour, heatRange, meanOf, membersOfAreas } from './heat-map';
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
 * Paints live values onto a plan's SVG without React: thousands of markers update every second,
 * and re-rendering them through React would cost a frame each time. Each twin's changes mark it
 * dirty; once per animation frame the dirty markers get their status (`data-status`, which the
 * CSS colours) and value text, and the rooms whose members changed get their heat colour.
 */
export class PlanPainter {
  private readonly markers = new Map<string, { root: SVGGElement; value: SVGTextElement | null; text: string }>();
  private readonly areas = new Map<string, SVGPolygonElement>();
  private readonly members: Map<string, string[]>;
  /** Twin → the areas it is a member of (or is). */
  private readonly areasOf = new Map<string, string[]>();
  private readonly dirty = new Set<string>();
  private readonly unsubscribe: (() => void)[] = [];
  private frame = 0;
  /** The last relabel's zoom, to relabel again when statuses change (alarms are labelled first). */
  private labelScale: { scale: number; radius: number } | undefined;
  private relabelledMs = 0;
  private statusChanged = false;
  private relabelTimer: ReturnType<typeof setTimeout> | undefined;
  private waiting: ReturnType<typeof setTimeout> | undefined;
  private lastPaintMs = 0;
  private heatPath: string | null = null;
  private legendListener: ((legend: PaintedLegend) => void) | undefined;
  /** Frames painted and markers touched, for the debug overlay and the frame-time benchmark. */
  paintedFrames = 0;
  paintedMarkers = 0;

  constructor(
    private readonly svg: SVGSVGElement,
    private readonly placements: readonly Placement[],
    private readonly values: TwinValuesStore,
    private readonly models: ModelStore,
    private readonly rules: ReadonlyMap<string, StatusRule>,
  ) {
    for (const element of svg.querySelectorAll<SVGGElement>('g[data-twin]')) {
      this.markers.set(element.dataset.twin as string, {
        root: element,
        value: element.querySelector<SVGTextElement>('text[data-role="value"]'),
        text: '',
      });
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
    this.schedule();
  }

  /**
   * Hides the value labels that would overlap (declutter.ts) at marker scale `scale`, markers of
   * radius `radius`: alarms and warnings first, then the rest.
   */
  relabel(scale: number, radius: number): void {
    this.labelScale = { scale, radius };
    this.relabelledMs = performance.now();
    this.statusChanged = false;
    const fontSize = radius * 1.6 * scale;
    const rank: Readonly<Record<string, number>> = { alarm: 0, warn: 1, stale: 2, ok: 3, unknown: 4 };
    // A label is about 9 characters of 0.6 em, one line high ("12.80 m³/h"), right of its marker.
    const width = fontSize * 0.6 * 9;
    const spots: LabelSpot[] = [];
    const circles: Box[] = [];
    for (const placement of this.placements) {
      const marker = this.markers.get(placement.twinId);
      if (marker === undefined) continue;
      spots.push({
        id: placement.twinId,
        x: placement.x + radius * 1.4 * scale + width / 2,
        y: placement.y,
        width,
        height: fontSize * 1.1,
        priority: rank[marker.root.dataset.status ?? 'unknown'] ?? 4,
        overMarkers: marker.root.dataset.status === 'alarm',
      });
      circles.push({
        id: placement.twinId,
        x: placement.x,
        y: placement.y,
        width: 2 * radius * scale,
        height: 2 * radius * scale,
      });
    }
    const visible = visibleLabels(spots, circles);
    for (const [twinId, marker] of this.markers) {
      const label = visible.has(twinId) ? 'on' : 'off';
      if (marker.root.dataset.label !== label) marker.root.dataset.label = label;
      if (label === 'on' && marker.value !== null && marker.value.textContent !== marker.text) {
        marker.value.textContent = marker.text;
      }
    }
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
    clearTimeout(this.waiting);
    clearTimeout(this.relabelTimer);
    for (const off of this.unsubscribe.splice(0)) off();
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
   * Paints on the next animation frame, but at most every PAINT_INTERVAL_MS: redrawing a plan
   * costs the same for one changed marker as for all of them (the SVG layer is rasterised again),
   * so changes are gathered rather than painted as they come.
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

  private paint(): void {
    this.frame = 0;
    this.lastPaintMs = performance.now();
    const areasTouched = new Set<string>();
    for (const twinId of this.dirty) {
      this.paintMarker(twinId);
      for (const area of this.areasOf.get(twinId) ?? []) areasTouched.add(area);
    }
    this.paintedMarkers += this.dirty.size;
    this.paintedFrames++;
    const everything = this.dirty.size === this.placements.length;
    this.dirty.clear();
    if (areasTouched.size > 0 || everything) this.paintAreas();
    // A marker turning red gets its label even where labels are crowded (at most once a second).
    if (this.statusChanged && this.labelScale !== undefined && this.relabelTimer === undefined) {
      const { scale, radius } = this.labelScale;
      const wait = Math.max(0, this.relabelledMs + 1_000 - performance.now());
      this.relabelTimer = setTimeout(() => {
        this.relabelTimer = undefined;
        this.relabel(scale, radius);
      }, wait);
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
    for (const { root } of this.markers.values())
      counts[(root.dataset.status as MarkerStatus | undefined) ?? 'unknown']++;
    this.legendListener({ path: this.heatPath, min: this.range[0], max: this.range[1], counts });
  }

  private paintMarker(twinId: string): void {
    const marker = this.markers.get(twinId);
    if (marker === undefined) return;
    const twin = this.values.get(twinId);
    if (twin !== undefined) this.models.ensure(twin.model);
    const model = twin === undefined ? undefined : this.models.resolved(twin.model);
    const main = mainTelemetryPath(model, twin);
    const status = markerStatus(twin, main, this.rules);
    if (marker.root.dataset.status !== status) {
      marker.root.dataset.status = status;
      this.statusChanged = true;
    }
    if (marker.value !== null) {
      const state = main === undefined ? undefined : twin?.paths[main];
      const unit = main === undefined ? undefined : unitSymbol(model?.byName.get(main)?.unit);
      const text = state === undefined ? '' : `${formatValue(state.value)}${unit === undefined ? '' : ` ${unit}`}`;
      // A hidden label (decluttered) is not written: its text waits until it shows (relabel).
      marker.text = text;
      if (marker.root.dataset.label !== 'off' && marker.value.textContent !== text) marker.value.textContent = text;
    }
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
