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
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const painterRef = useRef<PlanPainter | null>(null);
  const [view, setView] = useState<ViewBox>(() => wholePlan(plan.width, plan.height));
  const [hover, setHover] = useState<Hover | null>(null);
  const drag = useRef<{ kind: 'pan' | 'move'; twinId?: string; lastX: number; lastY: number; moved: boolean } | null>(
    null,
  );

  useEffect(() => setView(wholePlan(plan.width, plan.height)), [plan.spaceId, plan.width, plan.height]);

  useEffect(() => {
    const svg = svgRef.current;
    const canvas = canvasRef.current;
    if (svg === null || canvas === null) return undefined;
    const painter = new PlanPainter(svg, canvas, plan.placements, values, models, rules, markerRadius(plan));
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
  useEffect(() => painterRef.current?.setSelected(props.selectedTwinId), [props.selectedTwinId, plan]);
  // Zoom and pan change the SVG's viewBox; the marker canvas follows on the next frame.
  useEffect(() => painterRef.current?.viewChanged(), [view]);

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

  /** The twin under the pointer: a marker (on the canvas), else a room's area (an SVG polygon). */
  const twinAt = (event: React.PointerEvent<SVGSVGElement>): { twinId: string; marker: boolean } | undefined => {
    const marker = painterRef.current?.markerAt(event.clientX, event.clientY);
    if (marker !== undefined) return { twinId: marker, marker: true };
    const area = (event.target as Element).closest('polygon[data-twin]') as SVGElement | null;
    const twinId = area?.dataset.twin;
    return twinId === undefined ? undefined : { twinId, marker: false };
  };

  const onPointerDown = (event: React.PointerEvent<SVGSVGElement>): void => {
    const hit = twinAt(event);
    const twinId = hit?.twinId;
    const [x, y] = toPlan(event.clientX, event.clientY);
    const movable = props.editing && hit?.marker === true;
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
      // One tooltip for the plan, for the marker under the pointer.
      const twinId = painterRef.current?.markerAt(event.clientX, event.clientY);
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
      painterRef.current?.move(current.twinId, x, y);
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
        data-hover={hover === null ? undefined : 'marker'}
      >
        <PlanContent plan={plan} selectedTwinId={props.selectedTwinId} />
      </svg>
      <canvas ref={canvasRef} className={styles.markerLayer} data-testid="plan-markers" aria-hidden="true" />
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
  const href = backgroundHref(plan.background);
  return (
    <>
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
    </>
  );
});

/** A marker's largest radius in plan units: zoomed far out, markers shrink with the plan (MarkerLayer). */
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
