import type { DemoEquipment, DemoRoom } from './demo-geometry-types.js';
import { DEMO_MODEL_IDS } from './demo-model-ids.js';
import type { DemoRelationship, DemoTwin } from './demo-site-types.js';

/** Footprints (width along x, depth along y, metres) of the assets that stand in rooms. */
const FOOTPRINTS: Readonly<Record<string, (twin: DemoTwin) => { width: number; depth: number }>> = {
  [DEMO_MODEL_IDS.chiller]: () => ({ width: 3.4, depth: 1.6 }),
  [DEMO_MODEL_IDS.pump]: () => ({ width: 0.9, depth: 0.9 }),
  [DEMO_MODEL_IDS.airHandlingUnit]: (twin) =>
    Number(twin.ratedCapacity) >= 20_000 ? { width: 4, depth: 1.8 } : { width: 2.6, depth: 1.4 },
  [DEMO_MODEL_IDS.cncMachine]: () => ({ width: 3.4, depth: 2.4 }),
};

/** Wall sensors hang this far inside the room's edges (clear of the wall and of each other's markers). */
const WALL_INSET = 0.6;
/** Assets keep this far from the room's walls, and these gaps between each other. */
const ASSET_MARGIN = 1;
const ASSET_GAP_X = 1.2;
const ASSET_GAP_Y = 1.4;
/** Room for the room's name and number at the top of a room with assets (demo-plan-svg.ts). */
const LABEL_BAND = 2.4;
/** A sensor that monitors an asset sits on it, this far in from one of its corners. */
const MOUNT_INSET = 0.35;
/** The corners sensors take on an asset, in turn: north-east, north-west, south-east, south-west. */
const MOUNT_CORNERS: readonly (readonly [east: 1 | -1, south: 1 | -1])[] = [
  [1, -1],
  [-1, -1],
  [1, 1],
  [-1, 1],
];

/**
 * Where each twin contained in `room` is: assets in rows centred in the room below its label (in
 * the order the room contains them), a sensor that `monitors` an asset in the same room on a
 * corner of that asset, every other sensor on the walls, evenly spread round the room starting clockwise from the
 * middle of its north wall (where its label is).
 */
export function placeEquipment(
  room: DemoRoom,
  contents: readonly DemoTwin[],
  relationships: readonly DemoRelationship[],
): DemoEquipment[] {
  const assets = contents.filter((twin) => FOOTPRINTS[twin.$metadata.$model] !== undefined);
  const placedAssets = packAssets(room, assets);
  const byId = new Map(placedAssets.map((asset) => [asset.id, asset]));
  const sensors = contents.filter((twin) => FOOTPRINTS[twin.$metadata.$model] === undefined);
  const mounted: DemoEquipment[] = [];
  const onWalls: DemoTwin[] = [];
  /** How many sensors each asset carries so far: the next goes on its next corner. */
  const carried = new Map<string, number>();
  for (const sensor of sensors) {
    const monitored = relationships.find(
      (rel) => rel.$sourceId === sensor.$dtId && rel.$relationshipName === 'monitors' && byId.has(rel.$targetId),
    );
    const asset = monitored === undefined ? undefined : byId.get(monitored.$targetId);
    const corner = MOUNT_CORNERS[carried.get(asset?.id ?? '') ?? 0];
    if (asset?.footprint === undefined || corner === undefined) {
      onWalls.push(sensor);
      continue;
    }
    carried.set(asset.id, (carried.get(asset.id) ?? 0) + 1);
    const [east, south] = corner;
    mounted.push({
      ...equipment(room, sensor, 'sensor'),
      x: round(asset.x + east * (asset.footprint.width / 2 - MOUNT_INSET)),
      y: round(asset.y + south * (asset.footprint.depth / 2 - MOUNT_INSET)),
    });
  }
  return [...placedAssets, ...alongWalls(room, onWalls), ...mounted];
}

function equipment(room: DemoRoom, twin: DemoTwin, kind: DemoEquipment['kind']): DemoEquipment {
  return { id: twin.$dtId, roomId: room.id, modelId: twin.$metadata.$model, kind, x: 0, y: 0 };
}

/** Shelf packing: assets left to right in rows, a new row when one is full; the block centred. */
function packAssets(room: DemoRoom, assets: readonly DemoTwin[]): DemoEquipment[] {
  if (assets.length === 0) return [];
  const zone = {
    x: room.x + ASSET_MARGIN,
    y: room.y + LABEL_BAND,
    width: room.width - 2 * ASSET_MARGIN,
    height: room.height - LABEL_BAND - ASSET_MARGIN,
  };
  const rows: { items: { twin: DemoTwin; width: number; depth: number }[]; width: number; depth: number }[] = [];
  for (const twin of assets) {
    const size = (FOOTPRINTS[twin.$metadata.$model] as (t: DemoTwin) => { width: number; depth: number })(twin);
    if (size.width > zone.width) throw new Error(`demo geometry: ${twin.$dtId} is wider than ${room.id}`);
    const row = rows[rows.length - 1];
    if (row !== undefined && row.width + ASSET_GAP_X + size.width <= zone.width + 1e-9) {
      row.items.push({ twin, ...size });
      row.width += ASSET_GAP_X + size.width;
      row.depth = Math.max(row.depth, size.depth);
    } else {
      rows.push({ items: [{ twin, ...size }], width: size.width, depth: size.depth });
    }
  }
  const blockDepth = rows.reduce((sum, row) => sum + row.depth, 0) + (rows.length - 1) * ASSET_GAP_Y;
  if (blockDepth > zone.height + 1e-9) throw new Error(`demo geometry: the assets of ${room.id} do not fit in it`);
  const placed: DemoEquipment[] = [];
  let top = zone.y + (zone.height - blockDepth) / 2;
  for (const row of rows) {
    let left = zone.x + (zone.width - row.width) / 2;
    for (const item of row.items) {
      placed.push({
        ...equipment(room, item.twin, 'asset'),
        x: round(left + item.width / 2),
        y: round(top + row.depth / 2),
        footprint: { width: item.width, depth: item.depth },
      });
      left += item.width + ASSET_GAP_X;
    }
    top += row.depth + ASSET_GAP_Y;
  }
  return placed;
}

/** Sensors at equal distances along the room's walls (inset), clockwise from the north wall's middle. */
function alongWalls(room: DemoRoom, sensors: readonly DemoTwin[]): DemoEquipment[] {
  const [x0, y0] = [room.x + WALL_INSET, room.y + WALL_INSET];
  const [x1, y1] = [room.x + room.width - WALL_INSET, room.y + room.height - WALL_INSET];
  const [w, h] = [x1 - x0, y1 - y0];
  const perimeter = 2 * (w + h);
  /** The point `d` metres clockwise from the north-west corner. */
  const at = (d: number): [number, number] => {
    const s = ((d % perimeter) + perimeter) % perimeter;
    if (s <= w) return [x0 + s, y0];
    if (s <= w + h) return [x1, y0 + (s - w)];
    if (s <= 2 * w + h) return [x1 - (s - w - h), y1];
    return [x0, y1 - (s - 2 * w - h)];
  };
  return sensors.map((sensor, i) => {
    const [x, y] = at(w / 2 + ((i + 0.5) * perimeter) / sensors.length);
    return { ...equipment(room, sensor, 'sensor'), x: round(x), y: round(y) };
  });
}

function round(metres: number): number {
  return Math.round(metres * 100) / 100;
}
