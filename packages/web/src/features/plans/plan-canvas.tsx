import { memo, useEffect, useRef, useState } from 'react';
import type { FloorPlan, PlanBackground } from '@doppel/protocol';
import type { TwinValuesStore } from '../../live/twin-values-store';
import { useServices } from '../../services/services-context';
import type { PaintedLegend } from './plan-painter';
import { PlanPainter } from './plan-painter';
import type { StatusRule } from './marker-status';
import type { ViewBox } from './view-box';
import { panBy, viewBoxAttribute, wholePlan, zoomAt } from './view-box';
import layout from '../../shared/view-layout.module.css';
import styles from './plans.module.css';

export interface PlanCanvasProps {
  readonly plan: FloorPlan;
  readonly rules: ReadonlyMap<string, StatusRule>;
  readonly selectedTwinId: string | null;
  readonly heatPath: string | null;
  readonly editing: boolean;
  readonly onSelect: (twinId: string) => void;
  /** Editing: a marker was dropped at (x, y), or the selected twin placed there. */
  readonly onPlace: (twinId: string, x: number, y: number) => void;
  readonly onLegend: (legend: PaintedLegend) => void;
  readonly onPainter?: (painter: PlanPainter | null) => void;
  /** Where the values come from: live (default) or a replay's store. */
  readonly values?: TwinValuesStore;
}

/**
 * A floor plan with its twins: the background (drawn as an image, so that scripts in an uploaded
 * SVG never run), room areas for the heat map, and a marker per placed twin. React draws the
 * structure once per plan; live values are painted by PlanPainter. Wheel or pinch zooms, dragging
 * the background pans; in edit mode markers can be dragged.
 */
export function PlanCanvas(props: PlanCanvasProps) {
  const { plan, rules, heatPath, onLegend, onPainter } = props;
  const services = useServices();
  const { models } = services;
  const values = props.values ?? services.values;
  const svgRef = useRef<SVGSVGElement>(null);
  const painterRef = useRef<PlanPainter | null>(null);
  const [view, setView] = useState<ViewBox>(() => wholePlan(plan.width, plan.height));
  const [hover, setHover] = useState<Hover | null>(null);
  const drag = useRef<{ kind: 'pan' | 'move'; twinId?: string; lastX: number; lastY: number; moved: boolean } | null>(
    null,
  );

  useEffect(() => setView(wholePlan(plan.width, plan.height)), [plan.spaceId, plan.width, plan.height]);

  useEffect(() => {
    const svg = svgRef.current;
    if (svg === null) return undefined;
    const painter = new PlanPainter(svg, plan.placements, values, models, rules);
    painter.onLegend(onLegend);
    painterRef.current = painter;
    onPainter?.(painter);
    return () => {
      painter.dispose();
      painterRef.current = null;
      onPainter?.(null);
    };
  }, [plan, values, models, rules, onLegend, onPainter]);

  useEffect(() => painterRef.current?.setHeatPath(heatPath), [heatPath, plan]);

  // Markers keep about the same size on screen whatever the zoom and the screen: MARKER_PX.
  const pixelWidth = useElementWidth(svgRef);
  const markerScale =
    pixelWidth === 0 ? 1 : Math.min(4, Math.max(0.02, (MARKER_PX * view.width) / pixelWidth / markerRadius(plan)));
  // Labels that would overlap are hidden, again after each zoom (once it settles).
  useEffect(() => {
    const timer = setTimeout(() => painterRef.current?.relabel(markerScale, markerRadius(plan)), 120);
    return () => clearTimeout(timer);
  }, [markerScale, plan]);

  const toPlan = (clientX: number, clientY: number): [number, number] => {
    const svg = svgRef.current;
    const matrix = svg?.getScreenCTM()?.inverse();
    if (svg === null || matrix === undefined) return [0, 0];
    const point = new DOMPoint(clientX, clientY).matrixTransform(matrix);
    return [point.x, point.y];
  };

  const onWheel = (event: React.WheelEvent<SVGSVGElement>): void => {
    const [px, py] = toPlan(event.clientX, event.clientY);
    setView((current) => zoomAt(current, event.deltaY < 0 ? 1.2 : 1 / 1.2, px, py, plan.width));
  };

  const onPointerDown = (event: React.PointerEvent<SVGSVGElement>): void => {
    const target = (event.target as Element).closest('[data-twin]') as SVGElement | null;
    const twinId = target?.dataset.twin;
    const [x, y] = toPlan(event.clientX, event.clientY);
    const movable = props.editing && twinId !== undefined && target?.tagName.toLowerCase() === 'g';
    drag.current = {
      kind: movable ? 'move' : 'pan',
      ...(twinId === undefined ? {} : { twinId }),
      lastX: x,
      lastY: y,
      moved: false,
    };
    (event.currentTarget as Element).setPointerCapture(event.pointerId);
  };

  const onPointerMove = (event: React.PointerEvent<SVGSVGElement>): void => {
    const current = drag.current;
    if (current === null) {
      // One tooltip for the plan (a <title> per marker would add thousands of nodes).
      const over = (event.target as Element).closest('g[data-twin]') as SVGGElement | null;
      const twinId = over?.dataset.twin;
      const wrap = (event.currentTarget as Element).getBoundingClientRect();
      setHover(
        twinId === undefined
          ? null
          : {
              twinId,
              x: event.clientX - wrap.left,
              y: event.clientY - wrap.top,
            },
      );
      return;
    }
    const [x, y] = toPlan(event.clientX, event.clientY);
    const dx = x - current.lastX;
    const dy = y - current.lastY;
    if (!current.moved && Math.hypot(dx, dy) < view.width / 300) return;
    current.moved = true;
    if (current.kind === 'pan') {
      // The plan moves under the pointer: the view moves the other way, and the pointer's plan
      // coordinates stay the same (no update of lastX/lastY).
      setView((box) => panBy(box, dx, dy));
    } else if (current.twinId !== undefined) {
      const marker = svgRef.current?.querySelector<SVGGElement>(`g[data-twin="${CSS.escape(current.twinId)}"]`);
      marker?.setAttribute('transform', `translate(${x} ${y})`);
      current.lastX = x;
      current.lastY = y;
    }
  };

  const onPointerUp = (event: React.PointerEvent<SVGSVGElement>): void => {
    const current = drag.current;
    drag.current = null;
    if (current === null) return;
    if (current.kind === 'move' && current.moved && current.twinId !== undefined) {
      props.onPlace(current.twinId, current.lastX, current.lastY);
      return;
    }
    if (current.moved) return;
    // A click: select what is under the pointer, or (editing) place the selected twin here.
    if (current.twinId !== undefined) props.onSelect(current.twinId);
    else if (props.editing && props.selectedTwinId !== null) {
      const [x, y] = toPlan(event.clientX, event.clientY);
      props.onPlace(props.selectedTwinId, x, y);
    }
  };

  const zoomBy = (factor: number): void =>
    setView((current) =>
      zoomAt(current, factor, current.x + current.width / 2, current.y + current.height / 2, plan.width),
    );

  return (
    <div className={styles.canvasWrap} data-editing={props.editing ? 'true' : 'false'}>
      <svg
        ref={svgRef}
        className={styles.canvas}
        viewBox={viewBoxAttribute(view)}
        role="img"
        aria-label={`Floor plan of ${plan.name}`}
        onWheel={onWheel}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => (drag.current = null)}
        onPointerLeave={() => setHover(null)}
        data-testid="plan-canvas"
        style={{ '--marker-scale': markerScale } as React.CSSProperties}
      >
        <PlanContent plan={plan} selectedTwinId={props.selectedTwinId} />
      </svg>
      {hover !== null && <MarkerTooltip hover={hover} painter={painterRef.current} />}
      <div className={styles.zoomControls}>
        <button type="button" className={layout.button} onClick={() => zoomBy(1.5)} aria-label="Zoom in">
          +
        </button>
        <button type="button" className={layout.button} onClick={() => zoomBy(1 / 1.5)} aria-label="Zoom out">
          −
        </button>
        <button
          type="button"
          className={layout.button}
          onClick={() => setView(wholePlan(plan.width, plan.height))}
          aria-label="Fit the plan"
        >
          ⤢
        </button>
      </div>
    </div>
  );
}

interface Hover {
  readonly twinId: string;
  readonly x: number;
  readonly y: number;
}

/** The hovered marker's id and value, kept current while it shows (values change under the pointer). */
function MarkerTooltip({ hover, painter }: { readonly hover: Hover; readonly painter: PlanPainter | null }) {
  const [text, setText] = useState(() => painter?.labelOf(hover.twinId) ?? '');
  useEffect(() => {
    const read = (): void => setText(painter?.labelOf(hover.twinId) ?? '');
    read();
    const timer = setInterval(read, 250);
    return () => clearInterval(timer);
  }, [painter, hover.twinId]);
  return (
    <div className={styles.tooltip} style={{ left: hover.x + 12, top: hover.y + 12 }} role="status">
      <strong>{hover.twinId}</strong>
      {text !== '' && <span>{text}</span>}
    </div>
  );
}

/** The static part: drawn once per plan (and when the selection moves), never per value. */
const PlanContent = memo(function PlanContent({
  plan,
  selectedTwinId,
}: {
  readonly plan: FloorPlan;
  readonly selectedTwinId: string | null;
}) {
  const radius = markerRadius(plan);
  const href = backgroundHref(plan.background);
  return (
    <>
      <defs>
        <pattern
          id="plan-stale-hatch"
          patternUnits="userSpaceOnUse"
          width={radius}
          height={radius}
          patternTransform="rotate(45)"
        >
          <rect width={radius} height={radius} className={styles.hatchBase} />
          <line x1="0" y1="0" x2="0" y2={radius} className={styles.hatchLine} strokeWidth={radius / 3} />
        </pattern>
      </defs>
      <rect x={0} y={0} width={plan.width} height={plan.height} className={styles.paper} />
      {href !== null && (
        <image
          href={href}
          x={0}
          y={0}
          width={plan.width}
          height={plan.height}
          preserveAspectRatio="none"
          className={styles.background}
        />
      )}
      <g className={styles.areas}>
        {plan.placements
          .filter((placement) => placement.area !== undefined && placement.area.length >= 3)
          .map((placement) => (
            <polygon
              key={placement.twinId}
              data-twin={placement.twinId}
              points={(placement.area ?? []).map(([x, y]) => `${x},${y}`).join(' ')}
              className={placement.twinId === selectedTwinId ? styles.areaSelected : styles.area}
            >
              <title>{placement.twinId}</title>
            </polygon>
          ))}
      </g>
      <g className={styles.markers} style={{ fontSize: radius * 1.6 }}>
        {plan.placements
          .filter((placement) => placement.area === undefined)
          .map((placement) => (
            <g
              key={placement.twinId}
              data-twin={placement.twinId}
              data-status="unknown"
              transform={`translate(${placement.x} ${placement.y})`}
              className={placement.twinId === selectedTwinId ? styles.markerSelected : styles.marker}
            >
              {/* Scaled against the zoom (CSS --marker-scale): markers keep their size on screen. */}
              <g className={styles.glyph}>
                <circle r={radius} />
                <text data-role="value" x={radius * 1.4} y={radius * 0.55} />
              </g>
            </g>
          ))}
      </g>
    </>
  );
});

/** A marker's radius on screen, in CSS pixels. */
const MARKER_PX = 7;

/** The element's width in CSS pixels, kept current as the layout changes. */
function useElementWidth(ref: React.RefObject<Element | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (element === null) return undefined;
    const observer = new ResizeObserver(([entry]) => setWidth(entry?.contentRect.width ?? 0));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/** A marker's radius at scale 1, in plan units (its size is then set by --marker-scale). */
export function markerRadius(plan: Pick<FloorPlan, 'width' | 'height'>): number {
  return Math.max(plan.width, plan.height) / 130;
}

function backgroundHref(background: PlanBackground): string | null {
  switch (background.kind) {
    case 'svg':
      return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(background.svg)}`;
    case 'image':
      return background.dataUrl;
    case 'none':
      return null;
  }
}
