import type { CommonAreaKind, DoorKind, Rect } from './demo-layout.js';

/**
 * The demo plant's geometry: deterministic, in metres, the one source for its 2D floor plans
 * (demo-plans.ts) and 3D scene.
 *
 * **Frame.** Each floor has its own 2D frame: x east (right), y south (down), origin at the
 * floor's north-west corner; the floor is the rectangle [0, width] × [0, height], the outer face
 * of its exterior walls on that rectangle. A floor's plan uses this frame as it is. In 3D, a point
 * (x, y) of floor n is at height `elevation` (n − 1) × `storeyHeight` above the ground floor's
 * slab: (x, elevation, y) in glTF's right-handed, y-up frame (east is +x, south is +z).
 *
 * **Spaces.** Rooms (twins) and common areas (corridor, open-plan areas, stairs, toilets: no
 * twins) tile the floor: neighbours share an edge, and the wall between them is centred on it.
 * **Walls** are centre-line segments with a thickness, openings for doors already cut out;
 * **windows** sit in exterior walls, which stay whole around them.
 */
/** A point in a floor's frame, in metres. */
export type FloorPoint = readonly [x: number, y: number];

export type { CommonAreaKind, DoorKind, Rect } from './demo-layout.js';

export interface DemoRoom extends Rect {
  /** The room twin. */
  readonly id: string;
  /** Its `name` property. */
  readonly name: string;
  /** As on the plan: `1.02` for `room-1-02`. */
  readonly number: string;
  /** Its `usage` property: office, meeting, production, plant, storage. */
  readonly usage: string;
  /** Its `area` property; the rectangle's area is within 10 % of it. */
  readonly areaM2: number;
}

export interface DemoCommonArea extends Rect {
  readonly name: string;
  readonly kind: CommonAreaKind;
  readonly walled: boolean;
}

/**
 * An axis-aligned wall: its centre line from (x1, y1) to (x2, y2), x1 ≤ x2 and y1 ≤ y2.
 * Exterior walls run corner to corner. An interior wall ends on the centre line of the wall it
 * meets, or at a door's edge: drawn with square ends (half its thickness longer at each end) its
 * corners close, and a door opening narrows by the same few centimetres.
 */
export interface DemoWall {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly thickness: number;
  readonly exterior: boolean;
}

/** An opening in a wall: centred on (x, y) on the wall's centre line, `width` along the wall. */
export interface DemoOpening {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  /** The wall's direction: `x` for a wall running west–east, `y` for one running north–south. */
  readonly along: 'x' | 'y';
}

export interface DemoDoor extends DemoOpening {
  readonly kind: DoorKind;
  /**
   * The side its leaves open to: +1 towards larger y (a wall along x) or larger x (along y), −1
   * the other way. Doors open into their room (or stair core, or building).
   */
  readonly swing: 1 | -1;
}

export type DemoWindow = DemoOpening;

/** A twin contained in a room, where it is. */
export interface DemoEquipment {
  readonly id: string;
  readonly roomId: string;
  /** Its model's DTMI. */
  readonly modelId: string;
  /** An asset (chiller, pump, air-handling unit, CNC machine) stands in the room; a sensor hangs on a wall or on its asset. */
  readonly kind: 'asset' | 'sensor';
  readonly x: number;
  readonly y: number;
  /** An asset's footprint, centred on (x, y): `width` along x, `depth` along y. */
  readonly footprint?: { readonly width: number; readonly depth: number };
}

export interface DemoFloor {
  /** The floor twin. */
  readonly id: string;
  readonly name: string;
  readonly level: number;
  /** Height of its slab above the ground floor's, in metres. */
  readonly elevation: number;
  readonly width: number;
  readonly height: number;
  readonly rooms: readonly DemoRoom[];
  readonly commons: readonly DemoCommonArea[];
  readonly walls: readonly DemoWall[];
  readonly doors: readonly DemoDoor[];
  readonly windows: readonly DemoWindow[];
  /** Every twin contained in a room of the floor. */
  readonly equipment: readonly DemoEquipment[];
}

export interface DemoGeometry {
  /** Slab to slab, in metres. */
  readonly storeyHeight: number;
  readonly floors: readonly DemoFloor[];
}
