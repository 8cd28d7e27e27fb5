import { placeEquipment } from './demo-equipment.js';
import type { DemoFloor, DemoGeometry, DemoRoom } from './demo-geometry-types.js';
import type { FloorLayout, RoomBrief } from './demo-layout.js';
import { FLOOR_DEPTH, FLOOR_WIDTH, GROUND_FLOOR, STOREY_HEIGHT, upperFloor } from './demo-layout.js';
import { DEMO_MODEL_IDS } from './demo-model-ids.js';
import type { DemoSite, DemoTwin } from './demo-site-types.js';
import { demoSite } from './demo-site.js';
import { doorsOf, wallsOf, windowsOf } from './demo-walls.js';

/**
 * The demo plant's geometry (demo-geometry-types.ts describes the frame): floors of 60 × 40 m, the
 * ground floor as drawn in demo-layout.ts, the upper floors laid out from their rooms' areas, and
 * a position for every twin contained in a room. Deterministic: the same `site`, the same numbers.
 */
export function demoGeometry(site: Pick<DemoSite, 'twins' | 'relationships'> = demoSite()): DemoGeometry {
  const twins = new Map<string, DemoTwin>(site.twins.map((twin) => [twin.$dtId, twin]));
  const twin = (id: string): DemoTwin => {
    const found = twins.get(id);
    if (found === undefined) throw new Error(`demo geometry: no twin "${id}"`);
    return found;
  };
  const contained = new Map<string, string[]>();
  for (const rel of site.relationships) {
    if (rel.$relationshipName === 'contains')
      contained.set(rel.$sourceId, [...(contained.get(rel.$sourceId) ?? []), rel.$targetId]);
  }

  const floors = site.twins
    .filter((floor) => floor.$metadata.$model === DEMO_MODEL_IDS.floor)
    .map((floor): DemoFloor => {
      const level = Number(floor.level);
      const briefs = (contained.get(floor.$dtId) ?? []).map((id): RoomBrief & { readonly id: string } => {
        const room = twin(id);
        const number = /^room-\d+-(\d+)$/.exec(id)?.[1];
        if (room.$metadata.$model !== DEMO_MODEL_IDS.room || number === undefined) {
          throw new Error(`demo geometry: ${floor.$dtId} contains "${id}", which is no room-L-NN`);
        }
        return { id, number, usage: String(room.usage), areaM2: Number(room.area) };
      });
      const layout: FloorLayout = level === 1 ? GROUND_FLOOR : upperFloor(briefs);
      const rooms = briefs.map((brief): DemoRoom => {
        const rect = layout.rooms[brief.number];
        if (rect === undefined) throw new Error(`demo geometry: no layout for ${brief.id}`);
        return {
          id: brief.id,
          name: String(twin(brief.id).name),
          number: `${level}.${brief.number}`,
          usage: brief.usage,
          areaM2: brief.areaM2,
          ...rect,
        };
      });
      const commons = layout.commons.map((common) => ({ ...common }));
      const doors = doorsOf(layout, rooms);
      return {
        id: floor.$dtId,
        name: String(floor.name),
        level,
        elevation: (level - 1) * STOREY_HEIGHT,
        width: FLOOR_WIDTH,
        height: FLOOR_DEPTH,
        rooms,
        commons,
        walls: wallsOf(rooms, commons, doors),
        doors,
        windows: windowsOf(rooms, commons, doors),
        equipment: rooms.flatMap((room) =>
          placeEquipment(room, (contained.get(room.id) ?? []).map(twin), site.relationships),
        ),
      };
    });
  return { storeyHeight: STOREY_HEIGHT, floors };
}
