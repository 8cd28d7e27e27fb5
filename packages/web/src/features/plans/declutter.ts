/**
 * Which value labels to show so that none overlaps another label or another marker (greedy, in
 * priority order): a dense plant room zoomed out shows the labels that matter, and the rest
 * appear as one zooms in. A grid of label-sized cells keeps it linear in the number of markers.
 */
export interface Box {
  readonly id: string;
  /** Centre, in plan units. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LabelSpot extends Box {
  /** Lower first. */
  readonly priority: number;
  /** Shown over other markers (an alarm's value matters more than seeing the marker beside it). */
  readonly overMarkers?: boolean;
}

export function visibleLabels(labels: readonly LabelSpot[], obstacles: readonly Box[]): Set<string> {
  const visible = new Set<string>();
  const cellSize = Math.max(1e-9, ...labels.map((label) => Math.max(label.width, label.height)));
  const cells = new Map<string, Box[]>();
  const key = (cx: number, cy: number): string => `${cx},${cy}`;
  const add = (box: Box): void => {
    // A box may span several cells: it is filed in each, so that neighbours find it.
    const [x0, x1] = [Math.floor((box.x - box.width / 2) / cellSize), Math.floor((box.x + box.width / 2) / cellSize)];
    const [y0, y1] = [Math.floor((box.y - box.height / 2) / cellSize), Math.floor((box.y + box.height / 2) / cellSize)];
    for (let cx = x0; cx <= x1; cx++) {
      for (let cy = y0; cy <= y1; cy++) cells.set(key(cx, cy), [...(cells.get(key(cx, cy)) ?? []), box]);
    }
  };
  const overlaps = (a: Box, b: Box): boolean =>
    Math.abs(a.x - b.x) < (a.width + b.width) / 2 && Math.abs(a.y - b.y) < (a.height + b.height) / 2;
  const clear = (box: LabelSpot): boolean => {
    const cx = Math.floor(box.x / cellSize);
    const cy = Math.floor(box.y / cellSize);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const other of cells.get(key(cx + dx, cy + dy)) ?? []) {
          if (box.overMarkers === true && obstacleSet.has(other)) continue;
          if (other !== box && other.id !== box.id && overlaps(other, box)) return false;
        }
      }
    }
    return true;
  };
  const obstacleSet = new Set<Box>(obstacles);
  for (const obstacle of obstacles) add(obstacle);
  for (const label of [...labels].sort((a, b) => a.priority - b.priority)) {
    if (!clear(label)) continue;
    visible.add(label.id);
    add(label);
  }
  return visible;
}
