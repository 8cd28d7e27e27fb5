/** The visible part of a plan, in plan units (an SVG viewBox). */
export interface ViewBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Zoom limits relative to the whole plan: from the whole plan ×1.5 to a 40th of it. */
const ZOOM_OUT_MAX = 1.5;
const ZOOM_IN_MAX = 40;

export function wholePlan(width: number, height: number): ViewBox {
  // A margin so that markers on the outer walls are not cut.
  const margin = Math.max(width, height) * 0.02;
  return { x: -margin, y: -margin, width: width + 2 * margin, height: height + 2 * margin };
}

/**
 * Zooms by `factor` (> 1: in) around the plan point (`px`, `py`), which stays where it is on
 * screen, within the zoom limits of a plan of size `planWidth`.
 */
export function zoomAt(view: ViewBox, factor: number, px: number, py: number, planWidth: number): ViewBox {
  const width = Math.min(planWidth * ZOOM_OUT_MAX, Math.max(planWidth / ZOOM_IN_MAX, view.width / factor));
  const scale = width / view.width;
  return {
    x: px - (px - view.x) * scale,
    y: py - (py - view.y) * scale,
    width,
    height: view.height * scale,
  };
}

export function panBy(view: ViewBox, dx: number, dy: number): ViewBox {
  return { ...view, x: view.x - dx, y: view.y - dy };
}

export function viewBoxAttribute(view: ViewBox): string {
  return `${view.x} ${view.y} ${view.width} ${view.height}`;
}
