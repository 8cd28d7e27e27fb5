import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DemoFloor, Rect } from './demo-geometry-types.js';
import { demoGeometry } from './demo-geometry.js';
import { DEMO_MODEL_IDS } from './demo-model-ids.js';
import { demoSite } from './demo-site.js';

const site = demoSite();
const geometry = demoGeometry(site);
const EPSILON = 1e-9;
/** A marker's radius on a 60 m plan in the UI is about 0.46 m: markers this far apart never overlap. */
const MARKER_SPACING_MIN = 0.92;

const inside = (x: number, y: number, rect: Rect, margin = 0): boolean =>
  x >= rect.x + margin - EPSILON &&
  x <= rect.x + rect.width - margin + EPSILON &&
  y >= rect.y + margin - EPSILON &&
  y <= rect.y + rect.height - margin + EPSILON;
const overlap = (a: Rect, b: Rect): number =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) *
  Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
const contains = (sourceId: string): string[] =>
  site.relationships
    .filter((rel) => rel.$sourceId === sourceId && rel.$relationshipName === 'contains')
    .map((rel) => rel.$targetId);
const frame = (floor: DemoFloor): Rect => ({ x: 0, y: 0, width: floor.width, height: floor.height });
const floorOf = (id: string): DemoFloor => {
  const floor = geometry.floors.find((candidate) => candidate.id === id);
  assert.ok(floor, `no geometry for ${id}`);
  return floor;
};

void describe('demo geometry', () => {
  void it('is deterministic', () => {
    assert.deepEqual(demoGeometry(), geometry);
  });

  void it('has every floor of the site, 60 × 40 m as the floor twins’ 2,400 m², stacked by storey', () => {
    const floors = site.twins.filter((twin) => twin.$metadata.$model === DEMO_MODEL_IDS.floor);
    assert.deepEqual(
      geometry.floors.map((floor) => floor.id),
      floors.map((twin) => twin.$dtId),
    );
    for (const twin of floors) {
      const floor = floorOf(twin.$dtId);
      assert.deepEqual([floor.width, floor.height], [60, 40]);
      assert.equal(floor.width * floor.height, twin.area);
      assert.equal(floor.elevation, (Number(twin.level) - 1) * geometry.storeyHeight);
    }
  });

  void it('places every room of each floor inside it, none overlapping another, within 15 % of its area', () => {
    for (const floor of geometry.floors) {
      assert.deepEqual(floor.rooms.map((room) => room.id).sort(), contains(floor.id).sort());
      for (const room of floor.rooms) {
        const twin = site.twins.find((candidate) => candidate.$dtId === room.id);
        assert.equal(room.areaM2, twin?.area);
        assert.ok(room.width > 0 && room.height > 0, room.id);
        const within =
          inside(room.x, room.y, frame(floor)) && inside(room.x + room.width, room.y + room.height, frame(floor));
        assert.ok(within, `${room.id} is inside ${floor.id}`);
        const ratio = (room.width * room.height) / room.areaM2;
        assert.ok(ratio > 0.85 && ratio < 1.15, `${room.id}: ${room.width * room.height} m² for ${room.areaM2} m²`);
      }
      const spaces: (Rect & { id: string })[] = [
        ...floor.rooms,
        ...floor.commons.map((common, i) => ({ ...common, id: `${common.name} #${i}` })),
      ];
      for (const [i, a] of spaces.entries()) {
        for (const b of spaces.slice(i + 1)) assert.ok(overlap(a, b) < EPSILON, `${a.id} overlaps ${b.id}`);
      }
      const covered = spaces.reduce((sum, space) => sum + space.width * space.height, 0);
      assert.ok(Math.abs(covered - floor.width * floor.height) < 1e-6, `rooms and common areas tile ${floor.id}`);
    }
  });

  void it('gives every twin contained in a room one position inside that room, markers apart', () => {
    for (const floor of geometry.floors) {
      const expected = floor.rooms.flatMap((room) => contains(room.id).map((id) => `${room.id}>${id}`));
      assert.deepEqual(
        floor.equipment.map((item) => `${item.roomId}>${item.id}`).sort(),
        expected.sort(),
        `${floor.id}: one position per contained twin`,
      );
      for (const item of floor.equipment) {
        const room = floor.rooms.find((candidate) => candidate.id === item.roomId);
        assert.ok(room, item.roomId);
        assert.ok(inside(item.x, item.y, room, 0.3), `${item.id} is inside ${room.id}, clear of its walls`);
        if (item.footprint !== undefined) {
          const { width, depth } = item.footprint;
          assert.ok(inside(item.x - width / 2, item.y - depth / 2, room, 0.5), `${item.id}'s footprint`);
          assert.ok(inside(item.x + width / 2, item.y + depth / 2, room, 0.5), `${item.id}'s footprint`);
        }
        const model = site.twins.find((twin) => twin.$dtId === item.id)?.$metadata.$model;
        assert.equal(item.modelId, model);
      }
      const assets = floor.equipment.filter((item) => item.footprint !== undefined);
      for (const [i, a] of assets.entries()) {
        for (const b of assets.slice(i + 1)) {
          const box = (e: typeof a): Rect => ({
            x: e.x - (e.footprint?.width ?? 0) / 2,
            y: e.y - (e.footprint?.depth ?? 0) / 2,
            width: e.footprint?.width ?? 0,
            height: e.footprint?.depth ?? 0,
          });
          assert.ok(overlap(box(a), box(b)) < EPSILON, `${a.id} and ${b.id} stand apart`);
        }
      }
      for (const [i, a] of floor.equipment.entries()) {
        for (const b of floor.equipment.slice(i + 1)) {
          const distance = Math.hypot(a.x - b.x, a.y - b.y);
          assert.ok(distance >= MARKER_SPACING_MIN, `${a.id} and ${b.id} are ${distance.toFixed(2)} m apart`);
        }
      }
    }
  });

  void it('has walls inside the floor with every door opening free, and windows in exterior walls', () => {
    for (const floor of geometry.floors) {
      for (const wall of floor.walls) {
        const name = `wall ${wall.x1},${wall.y1}–${wall.x2},${wall.y2}`;
        const straight = wall.x1 <= wall.x2 && wall.y1 <= wall.y2 && (wall.x1 === wall.x2) !== (wall.y1 === wall.y2);
        assert.ok(straight, `${name} runs along x or y`);
        assert.ok(
          inside(wall.x1, wall.y1, frame(floor)) && inside(wall.x2, wall.y2, frame(floor)),
          `${name} is inside`,
        );
      }
      assert.ok(floor.walls.filter((wall) => wall.exterior).length >= 4, 'exterior walls all round');
      for (const door of floor.doors) {
        const half = door.width / 2;
        const blocking = floor.walls.filter((wall) =>
          door.along === 'x'
            ? wall.y1 === door.y &&
              wall.y2 === door.y &&
              wall.x1 < door.x + half - EPSILON &&
              wall.x2 > door.x - half + EPSILON
            : wall.x1 === door.x &&
              wall.x2 === door.x &&
              wall.y1 < door.y + half - EPSILON &&
              wall.y2 > door.y - half + EPSILON,
        );
        assert.deepEqual(blocking, [], `door at ${door.x}, ${door.y} is open`);
        const walled = floor.walls.some((wall) =>
          door.along === 'x'
            ? wall.y1 === door.y &&
              (Math.abs(wall.x2 - (door.x - half)) < 1e-6 || Math.abs(wall.x1 - (door.x + half)) < 1e-6)
            : wall.x1 === door.x &&
              (Math.abs(wall.y2 - (door.y - half)) < 1e-6 || Math.abs(wall.y1 - (door.y + half)) < 1e-6),
        );
        assert.ok(walled, `door at ${door.x}, ${door.y} is in a wall`);
      }
      for (const window of floor.windows) {
        const onExterior = floor.walls.some(
          (wall) =>
            wall.exterior &&
            (window.along === 'x'
              ? wall.y1 === window.y && wall.x1 <= window.x - window.width / 2 && wall.x2 >= window.x + window.width / 2
              : wall.x1 === window.x &&
                wall.y1 <= window.y - window.width / 2 &&
                wall.y2 >= window.y + window.width / 2),
        );
        assert.ok(onExterior, `window at ${window.x}, ${window.y} is in an exterior wall`);
      }
    }
  });
});
