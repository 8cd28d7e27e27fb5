import type { DemoCommonArea, DemoDoor, DemoRoom, DemoWall, DemoWindow } from './demo-geometry-types.js';
import type { FloorLayout, Rect, Side } from './demo-layout.js';
import { EXTERIOR_WALL_THICKNESS, FLOOR_DEPTH, FLOOR_WIDTH, INTERIOR_WALL_THICKNESS } from './demo-layout.js';

/** A straight run on one line: `along` x at y = `at`, or along y at x = `at`, from `from` to `to`. */
interface Run {
  readonly along: 'x' | 'y';
  readonly at: number;
  readonly from: number;
  readonly to: number;
}

const EPSILON = 1e-6;
const HALF_EXTERIOR = EXTERIOR_WALL_THICKNESS / 2;
/** Window pitch and width (metres) by what the space is used for; other spaces have none. */
const WINDOWS: Readonly<Record<string, { readonly pitch: number; readonly width: number }>> = {
  office: { pitch: 3, width: 1.8 },
  meeting: { pitch: 3, width: 1.8 },
  'open-plan': { pitch: 3, width: 1.8 },
  production: { pitch: 6, width: 3.6 },
};

/** The layout's doors in floor coordinates, on their walls' centre lines. */
export function doorsOf(layout: FloorLayout, rooms: readonly DemoRoom[]): DemoDoor[] {
  return layout.doors.map((door): DemoDoor => {
    const space =
      rooms.find((room) => room.number.endsWith(`.${door.space}`)) ??
      layout.commons.find((common) => common.name === door.space);
    if (space === undefined) throw new Error(`demo layout: a door of "${door.space}", which is not on the floor`);
    const run = sideOf(space, door.side);
    if (door.at - door.width / 2 < -EPSILON || door.at + door.width / 2 > run.to - run.from + EPSILON) {
      throw new Error(`demo layout: the door of "${door.space}" at ${door.at} m does not fit its ${door.side} side`);
    }
    const along = run.from + door.at;
    const at = onWallLine(run);
    // Doors open into the space they belong to: from its north or west side towards larger y or x.
    const swing = door.side === 'north' || door.side === 'west' ? 1 : -1;
    return run.along === 'x'
      ? { x: along, y: at, width: door.width, along: 'x', kind: door.kind, swing }
      : { x: at, y: along, width: door.width, along: 'y', kind: door.kind, swing };
  });
}

/**
 * The floor's walls: the exterior all round, and every side of a room or walled common area
 * inside it, each shared side once, with the doors cut out.
 */
export function wallsOf(
  rooms: readonly DemoRoom[],
  commons: readonly DemoCommonArea[],
  doors: readonly DemoDoor[],
): DemoWall[] {
  const exterior: Run[] = [
    { along: 'x', at: HALF_EXTERIOR, from: 0, to: FLOOR_WIDTH },
    { along: 'x', at: FLOOR_DEPTH - HALF_EXTERIOR, from: 0, to: FLOOR_WIDTH },
    { along: 'y', at: HALF_EXTERIOR, from: 0, to: FLOOR_DEPTH },
    { along: 'y', at: FLOOR_WIDTH - HALF_EXTERIOR, from: 0, to: FLOOR_DEPTH },
  ];
  const interior = [...rooms, ...commons.filter((common) => common.walled)]
    .flatMap((space) => SIDES.map((side) => sideOf(space, side)))
    .filter((run) => !onBoundary(run));
  return [
    ...cut(exterior, doors).map((run) => wall(run, EXTERIOR_WALL_THICKNESS, true)),
    ...cut(merge(interior), doors).map((run) => wall(run, INTERIOR_WALL_THICKNESS, false)),
  ];
}

/**
 * Windows in the facades of offices, meeting rooms, open-plan areas and production halls: evenly
 * spaced along each side on the exterior, clear of its ends and of doors.
 */
export function windowsOf(
  rooms: readonly DemoRoom[],
  commons: readonly DemoCommonArea[],
  doors: readonly DemoDoor[],
): DemoWindow[] {
  const spaces: (Rect & { readonly use: string })[] = [
    ...rooms.map((room) => ({ ...room, use: room.usage })),
    ...commons.map((common) => ({ ...common, use: common.kind })),
  ];
  const windows: DemoWindow[] = [];
  for (const space of spaces) {
    const style = WINDOWS[space.use];
    if (style === undefined) continue;
    for (const run of SIDES.map((side) => sideOf(space, side)).filter(onBoundary)) {
      const usable = run.to - run.from - 1.2;
      if (usable < style.width) continue;
      const count = Math.floor((usable - style.width) / style.pitch) + 1;
      const first = run.from + (run.to - run.from - (count - 1) * style.pitch) / 2;
      const at = onWallLine(run);
      for (let i = 0; i < count; i++) {
        const along = round(first + i * style.pitch);
        const clear = doors.every(
          (door) =>
            door.along !== run.along ||
            Math.abs((run.along === 'x' ? door.y : door.x) - at) > EPSILON ||
            Math.abs((run.along === 'x' ? door.x : door.y) - along) > (door.width + style.width) / 2 + 0.4,
        );
        if (!clear) continue;
        windows.push(
          run.along === 'x'
            ? { x: along, y: at, width: style.width, along: 'x' }
            : { x: at, y: along, width: style.width, along: 'y' },
        );
      }
    }
  }
  return windows;
}

const SIDES: readonly Side[] = ['north', 'east', 'south', 'west'];

function sideOf(rect: Rect, side: Side): Run {
  switch (side) {
    case 'north':
      return { along: 'x', at: rect.y, from: rect.x, to: round(rect.x + rect.width) };
    case 'south':
      return { along: 'x', at: round(rect.y + rect.height), from: rect.x, to: round(rect.x + rect.width) };
    case 'west':
      return { along: 'y', at: rect.x, from: rect.y, to: round(rect.y + rect.height) };
    case 'east':
      return { along: 'y', at: round(rect.x + rect.width), from: rect.y, to: round(rect.y + rect.height) };
  }
}

function onBoundary(run: Run): boolean {
  const limit = run.along === 'x' ? FLOOR_DEPTH : FLOOR_WIDTH;
  return Math.abs(run.at) < EPSILON || Math.abs(run.at - limit) < EPSILON;
}

/** The line a run's wall is centred on: the exterior wall's centre lies inside the floor. */
function onWallLine(run: Run): number {
  if (!onBoundary(run)) return run.at;
  return run.at < EPSILON ? HALF_EXTERIOR : round(run.at - HALF_EXTERIOR);
}

/** Runs on the same line that overlap or touch become one. */
function merge(runs: readonly Run[]): Run[] {
  const lines = new Map<string, Run[]>();
  for (const run of runs) {
    const key = `${run.along}:${run.at.toFixed(3)}`;
    lines.set(key, [...(lines.get(key) ?? []), run]);
  }
  const merged: Run[] = [];
  for (const line of [...lines.values()]) {
    line.sort((a, b) => a.from - b.from);
    let current = line[0] as Run;
    for (const run of line.slice(1)) {
      if (run.from <= current.to + EPSILON) {
        current = { ...current, to: Math.max(current.to, run.to) };
      } else {
        merged.push(current);
        current = run;
      }
    }
    merged.push(current);
  }
  return merged;
}

/** The runs with every door opening on their line taken out. */
function cut(runs: readonly Run[], doors: readonly DemoDoor[]): Run[] {
  let pieces = [...runs];
  for (const door of doors) {
    const at = door.along === 'x' ? door.y : door.x;
    const middle = door.along === 'x' ? door.x : door.y;
    const [from, to] = [round(middle - door.width / 2), round(middle + door.width / 2)];
    pieces = pieces.flatMap((run) => {
      if (run.along !== door.along || Math.abs(run.at - at) > EPSILON || to <= run.from || from >= run.to) return [run];
      return [
        { ...run, to: from },
        { ...run, from: to },
      ].filter((piece) => piece.to - piece.from > EPSILON);
    });
  }
  return pieces;
}

function wall(run: Run, thickness: number, exterior: boolean): DemoWall {
  return run.along === 'x'
    ? { x1: run.from, y1: run.at, x2: run.to, y2: run.at, thickness, exterior }
    : { x1: run.at, y1: run.from, x2: run.at, y2: run.to, thickness, exterior };
}

/** Millimetres are plenty, and keep sums such as 21.5 + 7 free of binary noise. */
function round(metres: number): number {
  return Math.round(metres * 1000) / 1000;
}
