import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS } from '@doppel/core';
import { demoGeometry } from './demo-geometry.js';
import { demoPlans } from './demo-plans.js';

const geometry = demoGeometry();
const plans = demoPlans(geometry);

/** Every tag closed in order, every attribute quoted: enough of XML to trust a generated document. */
function assertWellFormed(svg: string): void {
  const body = svg.replace(/^<\?xml[^>]*\?>\s*/, '');
  const stack: string[] = [];
  for (const match of body.matchAll(/<(\/?)([A-Za-z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, closing, name, , selfClosing] = match as unknown as [string, string, string, string, string];
    if (closing === '/') assert.equal(stack.pop(), name, `</${name}> closes what it opened`);
    else if (selfClosing !== '/') stack.push(name);
  }
  assert.deepEqual(stack, [], 'every element is closed');
  const tags = body.match(/</g)?.length ?? 0;
  const matched = [...body.matchAll(/<(\/?)([A-Za-z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g)].length;
  assert.equal(matched, tags, 'every tag is well formed');
}

void describe('demo plans', () => {
  void it('has one plan per floor, in metres, framed like the floor', () => {
    assert.deepEqual(
      plans.map((plan) => plan.spaceId),
      ['floor-1', 'floor-2', 'floor-3'],
    );
    for (const { spaceId, plan } of plans) {
      const floor = geometry.floors.find((candidate) => candidate.id === spaceId);
      assert.deepEqual([plan.width, plan.height, plan.unit, plan.name], [floor?.width, floor?.height, 'm', undefined]);
    }
  });

  void it('draws each floor as a self-contained SVG well under the size limit', () => {
    for (const { spaceId, plan } of plans) {
      assert.equal(plan.background.kind, 'svg');
      const svg = plan.background.kind === 'svg' ? plan.background.svg : '';
      const bytes = Buffer.byteLength(svg, 'utf8');
      assert.ok(bytes < 100_000 && bytes < DEFAULT_LIMITS.planBackgroundBytesMax, `${spaceId}: ${bytes} bytes`);
      assert.match(
        svg,
        /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 60 40" /,
      );
      assert.match(svg, /<\/svg>\n$/);
      assert.doesNotMatch(svg, /<script|href=|url\(|@import|@font-face/i, 'nothing to run or to fetch');
      assertWellFormed(svg);
      const floor = geometry.floors.find((candidate) => candidate.id === spaceId);
      for (const room of floor?.rooms ?? []) {
        assert.ok(svg.includes(`${room.number} · ${room.areaM2} m²`), `${room.id} is labelled`);
      }
    }
  });

  void it('places each room with its rectangle as area and every twin in a room at its position', () => {
    for (const { spaceId, plan } of plans) {
      const floor = geometry.floors.find((candidate) => candidate.id === spaceId);
      assert.ok(floor, spaceId);
      const placements = plan.placements ?? [];
      assert.equal(placements.length, floor.rooms.length + floor.equipment.length);
      assert.equal(new Set(placements.map((placement) => placement.twinId)).size, placements.length, 'each twin once');
      for (const room of floor.rooms) {
        const placement = placements.find((candidate) => candidate.twinId === room.id);
        const [right, bottom] = [room.x + room.width, room.y + room.height];
        const expected = [room.x + room.width / 2, room.y + room.height / 2, room.x, room.y, right, room.y];
        expected.push(right, bottom, room.x, bottom);
        const got = [placement?.x, placement?.y, ...(placement?.area ?? []).flat()];
        assert.equal(got.length, expected.length, `${room.id} is placed with a rectangle`);
        got.forEach((value, i) =>
          assert.ok(Math.abs((value ?? NaN) - (expected[i] as number)) < 1e-9, `${room.id}: ${got}`),
        );
      }
      for (const item of floor.equipment) {
        const placement = placements.find((candidate) => candidate.twinId === item.id);
        assert.deepEqual(placement, { twinId: item.id, x: item.x, y: item.y });
      }
      for (const placement of placements) {
        for (const [x, y] of [[placement.x, placement.y] as const, ...(placement.area ?? [])]) {
          assert.ok(x >= 0 && x <= plan.width && y >= 0 && y <= plan.height, `${placement.twinId} in the frame`);
        }
      }
    }
  });
});
