/**
 * The demo plant's floor layouts on a 5 cm grid (metres, in the floor frame of
 * demo-geometry-types.ts: x east, y south, origin at the north-west corner). Every floor is
 * 60 × 40 m (the floor twins' 2,400 m²) with a 3 m corridor from west to east at y 18.5–21.5, and
 * toilets and a stair core at its east end, above each other on every floor. The ground floor is
 * drawn by hand, its rooms keyed by number (the `NN` of `room-L-NN`); upper floors are laid out
 * from their rooms' usage and `area`. Room sizes follow the room twins' `area` within 10 %.
 */

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export type CommonAreaKind = 'corridor' | 'open-plan' | 'stairs' | 'toilets';

/** A space on a floor that is no twin: a corridor, an open-plan area, stairs, toilets. */
export interface CommonAreaLayout extends Rect {
  readonly name: string;
  readonly kind: CommonAreaKind;
  /** Walled spaces (stairs, toilets) have walls all round; open ones only where a room meets them. */
  readonly walled: boolean;
}

export type Side = 'north' | 'south' | 'east' | 'west';
export type DoorKind = 'single' | 'double' | 'roller';

/** A door in one side of a room or common area, `at` metres from that side's west or north end. */
export interface DoorLayout {
  /** A room number (`NN`) or a common area's name. */
  readonly space: string;
  readonly side: Side;
  /** Where the middle of the opening is, from the side's west (north, south) or north (east, west) end. */
  readonly at: number;
  readonly width: number;
  readonly kind: DoorKind;
}

export interface FloorLayout {
  /** Room rectangles by room number (`01` is `room-L-01`). */
  readonly rooms: Readonly<Record<string, Rect>>;
  readonly commons: readonly CommonAreaLayout[];
  readonly doors: readonly DoorLayout[];
}

export const FLOOR_WIDTH = 60;
export const FLOOR_DEPTH = 40;
/** Floor to floor, slab to slab. */
export const STOREY_HEIGHT = 4;
export const EXTERIOR_WALL_THICKNESS = 0.3;
export const INTERIOR_WALL_THICKNESS = 0.12;

const rect = (x: number, y: number, width: number, height: number): Rect => ({ x, y, width, height });

/** What every floor shares: the corridor, the toilets and the stair core east of them. */
const CORE: readonly CommonAreaLayout[] = [
  { name: 'Corridor', kind: 'corridor', walled: false, ...rect(0, 18.5, 60, 3) },
  { name: 'WC', kind: 'toilets', walled: true, ...rect(56, 0, 4, 8.1) },
  { name: 'Stairs', kind: 'stairs', walled: true, ...rect(56, 8.1, 4, 10.4) },
];
const CORE_DOORS: readonly DoorLayout[] = [
  { space: 'Stairs', side: 'south', at: 2, width: 1.6, kind: 'double' },
  { space: 'WC', side: 'south', at: 2, width: 0.9, kind: 'single' },
];

/**
 * Ground floor: production halls A (north-west), B and C (south), the plant room between hall A
 * and the stores, the workshop office on the corridor in front of the stores. Goods come in
 * through roller doors in the facades; people through the corridor's ends.
 */
export const GROUND_FLOOR: FloorLayout = {
  rooms: {
    '01': rect(34, 0, 10, 18.5), // Plant room, 180 m²
    '02': rect(0, 0, 34, 18.5), // Production hall A, 600 m²
    '03': rect(0, 21.5, 30, 18.5), // Production hall B, 600 m²
    '04': rect(30, 21.5, 30, 18.5), // Production hall C, 600 m²
    '05': rect(44, 13.5, 12, 5), // Workshop office, 60 m²
    '06': rect(44, 0, 12, 13.5), // Stores, 150 m²
  },
  commons: CORE,
  doors: [
    ...CORE_DOORS,
    { space: 'Corridor', side: 'west', at: 1.5, width: 1.8, kind: 'double' },
    { space: 'Corridor', side: 'east', at: 1.5, width: 1.8, kind: 'double' },
    { space: '02', side: 'south', at: 17, width: 3, kind: 'double' },
    { space: '02', side: 'north', at: 8, width: 4, kind: 'roller' },
    { space: '01', side: 'south', at: 5, width: 1.8, kind: 'double' },
    { space: '05', side: 'south', at: 9, width: 1, kind: 'single' },
    { space: '06', side: 'south', at: 3, width: 1, kind: 'single' },
    { space: '06', side: 'north', at: 6, width: 3, kind: 'roller' },
    { space: '03', side: 'north', at: 6, width: 3, kind: 'double' },
    { space: '03', side: 'south', at: 22, width: 4, kind: 'roller' },
    { space: '04', side: 'north', at: 22, width: 3, kind: 'double' },
    { space: '04', side: 'south', at: 22, width: 4, kind: 'roller' },
  ],
};

/** Depth of the upper floors' cellular offices along the north facade. */
const OFFICE_DEPTH = 8.1;
/** Depth of the meeting and technical rooms on the south side of the corridor. */
const SOUTH_ROOM_DEPTH = 7;

/** A room of a floor as its twin describes it: what the upper-floor layout needs. */
export interface RoomBrief {
  /** `NN` of `room-L-NN`. */
  readonly number: string;
  readonly usage: string;
  readonly areaM2: number;
}

/**
 * Upper floors: the offices along the north facade (in number order, west to east, each as wide
 * as its area needs, the last one up to the toilets), an open-plan office between them and the
 * corridor; south of the corridor the technical room (usage `plant`, with the floor's
 * air-handling unit) and the meeting rooms, a break-out area, and another open-plan office along
 * the south facade.
 */
export function upperFloor(rooms: readonly RoomBrief[]): FloorLayout {
  const of = (usage: string): RoomBrief[] =>
    rooms.filter((room) => room.usage === usage).sort((a, b) => a.number.localeCompare(b.number));
  const offices = of('office');
  const southRooms = [...of('plant'), ...of('meeting')];
  if (offices.length + southRooms.length !== rooms.length) {
    throw new Error('demo layout: an upper floor holds offices, meeting rooms and technical rooms only');
  }
  const placed: Record<string, Rect> = {};
  const doors: DoorLayout[] = [...CORE_DOORS];
  let x = 0;
  offices.forEach((room, i) => {
    const width = i === offices.length - 1 ? onGrid(56 - x) : onGrid(room.areaM2 / OFFICE_DEPTH);
    placed[room.number] = rect(x, 0, width, OFFICE_DEPTH);
    doors.push({ space: room.number, side: 'south', at: onGrid(width - 1), width: 0.9, kind: 'single' });
    x = onGrid(x + width);
  });
  const south = 18.5 + 3;
  x = 0;
  for (const room of southRooms) {
    const width = onGrid(room.areaM2 / SOUTH_ROOM_DEPTH);
    placed[room.number] = rect(x, south, width, SOUTH_ROOM_DEPTH);
    doors.push({ space: room.number, side: 'north', at: onGrid(width - 1.2), width: 1, kind: 'single' });
    x = onGrid(x + width);
  }
  return {
    rooms: placed,
    commons: [
      ...CORE,
      { name: 'Open-plan office', kind: 'open-plan', walled: false, ...rect(0, OFFICE_DEPTH, 56, 18.5 - OFFICE_DEPTH) },
      { name: 'Break-out area', kind: 'open-plan', walled: false, ...rect(x, south, 60 - x, SOUTH_ROOM_DEPTH) },
      {
        name: 'Open-plan office',
        kind: 'open-plan',
        walled: false,
        ...rect(0, south + SOUTH_ROOM_DEPTH, 60, FLOOR_DEPTH - south - SOUTH_ROOM_DEPTH),
      },
    ],
    doors,
  };
}

/** Rounds to the 5 cm grid (and drops binary noise: 5.8 + 6.65 is 12.45, not 12.450000000000001). */
export function onGrid(metres: number): number {
  return Math.round(metres * 20) / 20;
}
