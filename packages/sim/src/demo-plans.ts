import type { Placement, PlanInput } from '@doppel/protocol';
import type { DemoGeometry, FloorPoint } from './demo-geometry-types.js';
import { demoGeometry } from './demo-geometry.js';
import { floorPlanSvg } from './demo-plan-svg.js';

/** A plan the platform loads for a space of the demo plant. */
export interface DemoPlan {
  readonly spaceId: string;
  readonly plan: PlanInput;
}

/**
 * One floor plan per floor of the demo plant, from its geometry: the floor drawn as an
 * architectural plan (SVG, in metres), each room placed with its rectangle as its `area` and its
 * centre as x/y, every sensor and asset in a room placed where the geometry puts it. The plan's
 * name is left to default to the floor twin's name.
 */
export function demoPlans(geometry: DemoGeometry = demoGeometry()): DemoPlan[] {
  return geometry.floors.map((floor) => {
    const rooms = floor.rooms.map((room): Placement => {
      const corners: FloorPoint[] = [
        [room.x, room.y],
        [round(room.x + room.width), room.y],
        [round(room.x + room.width), round(room.y + room.height)],
        [room.x, round(room.y + room.height)],
      ];
      return {
        twinId: room.id,
        x: round(room.x + room.width / 2),
        y: round(room.y + room.height / 2),
        area: corners,
      };
    });
    const equipment = floor.equipment.map((item): Placement => ({ twinId: item.id, x: item.x, y: item.y }));
    return {
      spaceId: floor.id,
      plan: {
        width: floor.width,
        height: floor.height,
        unit: 'm',
        background: { kind: 'svg', svg: floorPlanSvg(floor) },
        placements: [...rooms, ...equipment],
      },
    };
  });
}

function round(metres: number): number {
  return Math.round(metres * 1000) / 1000;
}
