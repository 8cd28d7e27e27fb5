import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { TenantId } from '@doppel/core';
import type { PlanStore, StoredPlan } from './plan-store.js';

export interface PlanStoreFixture {
  /** An opened store over fresh storage. */
  readonly store: PlanStore;
  /** A new, opened store over the same storage (after the first was closed). */
  reopen(): Promise<PlanStore>;
  cleanup(): Promise<void>;
}

const TENANT = 'default' as TenantId;
const OTHER = 'other' as TenantId;
const SVG =
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20"><text>Ω ü €</text></svg>';

export function plan(overrides: Partial<StoredPlan> = {}): StoredPlan {
  return {
    spaceId: 'floor-1',
    name: 'Ground floor',
    width: 40,
    height: 20,
    unit: 'm',
    background: { kind: 'svg', svg: SVG },
    placements: [
      {
        twinId: 'room-1',
        x: 5,
        y: 5,
        area: [
          [0, 0],
          [10, 0],
          [10, 10],
          [0, 10],
        ],
      },
      { twinId: 'temp-1', x: 0.125, y: 19.999999999999996 },
    ],
    updatedMs: 1_000,
    etag: 'W/"1"',
    ...overrides,
  };
}

const stamp = (n: number): { updatedMs: number; etag: string } => ({ updatedMs: 1_000 + n, etag: `W/"${n + 1}"` });

/**
 * The behaviour every `PlanStore` adapter must show (STYLE.md 3). `make()` gives each test fresh
 * storage.
 */
export function describePlanStoreContract(name: string, make: () => Promise<PlanStoreFixture>): void {
  void describe(`PlanStore contract: ${name}`, () => {
    let fixture: PlanStoreFixture | undefined;
    const open = async (): Promise<PlanStore> => {
      fixture = await make();
      return fixture.store;
    };
    beforeEach(() => {
      fixture = undefined;
    });
    afterEach(async () => {
      await fixture?.cleanup();
    });

    void it('gets a stored plan back exactly, whatever its background, in placement order', async () => {
      const store = await open();
      const plans: StoredPlan[] = [
        plan(),
        plan({
          spaceId: 'floor-2',
          name: null,
          unit: 'px',
          width: 1920,
          height: 1080,
          background: { kind: 'image', dataUrl: 'data:image/png;base64,iVBORw0KGgo=' },
          placements: [
            { twinId: 'z', x: 1920, y: 0 },
            { twinId: 'a', x: 0, y: 1080 },
            {
              twinId: 'm',
              x: 1.5,
              y: 2.25,
              area: [
                [0, 0],
                [1920, 0],
                [960, 1080],
              ],
            },
          ],
        }),
        plan({ spaceId: 'room-7', background: { kind: 'none' }, placements: [] }),
      ];
      for (const item of plans) assert.equal(await store.put(TENANT, item), true);
      for (const item of plans) assert.deepEqual(await store.get(TENANT, item.spaceId), item);
      const got = await store.get(TENANT, 'floor-1');
      assert.equal(got?.placements[1] !== undefined && 'area' in got.placements[1], false, 'no area stays absent');
      assert.equal(await store.get(TENANT, 'floor-9'), undefined);
    });

    void it('replaces a plan whole: its fields and all its placements', async () => {
      const store = await open();
      assert.equal(await store.put(TENANT, plan()), true);
      const replacement = plan({
        name: null,
        width: 60,
        background: { kind: 'none' },
        placements: [{ twinId: 'temp-2', x: 1, y: 1 }],
        updatedMs: 2_000,
        etag: 'W/"2"',
      });
      assert.equal(await store.put(TENANT, replacement), false, 'a replacement is not new');
      assert.deepEqual(await store.get(TENANT, 'floor-1'), replacement);
      assert.deepEqual(await store.spacesPlacing(TENANT, 'room-1'), [], 'old placements are gone');
    });

    void it('lists plans sorted by space with their placement counts and no backgrounds', async () => {
      const store = await open();
      await store.put(TENANT, plan({ spaceId: 'b', placements: [] }));
      await store.put(TENANT, plan({ spaceId: 'a' }));
      await store.put(TENANT, plan({ spaceId: 'c', name: null, unit: 'px', updatedMs: 7, etag: 'W/"c"' }));
      const list = await store.list(TENANT);
      assert.deepEqual(
        list.map((item) => [item.spaceId, item.placements]),
        [
          ['a', 2],
          ['b', 0],
          ['c', 2],
        ],
      );
      assert.deepEqual(list[2], {
        spaceId: 'c',
        name: null,
        width: 40,
        height: 20,
        unit: 'px',
        placements: 2,
        updatedMs: 7,
        etag: 'W/"c"',
      });
      assert.deepEqual(await store.summary(TENANT, 'c'), list[2]);
      assert.equal(await store.summary(TENANT, 'd'), undefined);
    });

    void it('keeps tenants apart', async () => {
      const store = await open();
      await store.put(TENANT, plan());
      await store.put(OTHER, plan({ name: 'Theirs', placements: [{ twinId: 'room-1', x: 1, y: 1 }] }));
      assert.equal((await store.get(TENANT, 'floor-1'))?.name, 'Ground floor');
      assert.equal((await store.get(OTHER, 'floor-1'))?.name, 'Theirs');
      assert.deepEqual(
        (await store.list(OTHER)).map((item) => item.placements),
        [1],
      );
      assert.equal(await store.delete(OTHER, 'floor-1'), true);
      assert.equal((await store.get(TENANT, 'floor-1'))?.placements.length, 2);
      assert.deepEqual(await store.placedTwins(OTHER), []);
      assert.equal(await store.putPlacement(OTHER, 'floor-1', { twinId: 'x', x: 1, y: 1 }, stamp(1)), false);
    });

    void it('deletes a plan with its placements, once', async () => {
      const store = await open();
      await store.put(TENANT, plan());
      assert.equal(await store.delete(TENANT, 'floor-1'), true);
      assert.equal(await store.get(TENANT, 'floor-1'), undefined);
      assert.deepEqual(await store.list(TENANT), []);
      assert.deepEqual(await store.placedTwins(TENANT), []);
      assert.equal(await store.delete(TENANT, 'floor-1'), false);
    });

    void it('adds a placement at the end, moves one in place, and stamps the plan each time', async () => {
      const store = await open();
      await store.put(TENANT, plan());
      assert.equal(await store.putPlacement(TENANT, 'floor-1', { twinId: 'co2-1', x: 3, y: 4 }, stamp(1)), true);
      assert.equal(
        await store.putPlacement(TENANT, 'floor-1', { twinId: 'room-1', x: 6, y: 7 }, stamp(2)),
        true,
        'a move',
      );
      assert.equal(
        await store.putPlacement(
          TENANT,
          'floor-1',
          {
            twinId: 'temp-1',
            x: 1,
            y: 2,
            area: [
              [0, 0],
              [1, 0],
              [1, 1],
            ],
          },
          stamp(3),
        ),
        true,
      );
      const got = await store.get(TENANT, 'floor-1');
      assert.deepEqual(got?.placements, [
        { twinId: 'room-1', x: 6, y: 7 },
        {
          twinId: 'temp-1',
          x: 1,
          y: 2,
          area: [
            [0, 0],
            [1, 0],
            [1, 1],
          ],
        },
        { twinId: 'co2-1', x: 3, y: 4 },
      ]);
      assert.deepEqual([got?.updatedMs, got?.etag], [1_003, 'W/"4"']);
      assert.equal(got?.background.kind, 'svg', 'the rest of the plan is kept');
      assert.equal(await store.putPlacement(TENANT, 'floor-9', { twinId: 'a', x: 1, y: 1 }, stamp(4)), false);
      assert.equal(await store.get(TENANT, 'floor-9'), undefined, 'no plan is created by a placement');
      assert.deepEqual(await store.spacesPlacing(TENANT, 'a'), []);
    });

    void it('deletes one placement and stamps the plan, and says when the twin was not placed', async () => {
      const store = await open();
      await store.put(TENANT, plan());
      assert.equal(await store.deletePlacement(TENANT, 'floor-1', 'room-1', stamp(1)), true);
      const got = await store.get(TENANT, 'floor-1');
      assert.deepEqual(got?.placements, [{ twinId: 'temp-1', x: 0.125, y: 19.999999999999996 }]);
      assert.deepEqual([got?.updatedMs, got?.etag], [1_001, 'W/"2"']);
      assert.equal(await store.deletePlacement(TENANT, 'floor-1', 'room-1', stamp(2)), false);
      assert.equal((await store.get(TENANT, 'floor-1'))?.etag, 'W/"2"', 'nothing changed: no new stamp');
      assert.equal(await store.deletePlacement(TENANT, 'floor-9', 'room-1', stamp(3)), false);
    });

    void it('finds the plans that place a twin, and every placed twin', async () => {
      const store = await open();
      await store.put(TENANT, plan({ spaceId: 'floor-2' }));
      await store.put(TENANT, plan({ spaceId: 'floor-1', placements: [{ twinId: 'temp-1', x: 1, y: 1 }] }));
      await store.put(TENANT, plan({ spaceId: 'floor-3', placements: [] }));
      assert.deepEqual(await store.spacesPlacing(TENANT, 'temp-1'), ['floor-1', 'floor-2']);
      assert.deepEqual(await store.spacesPlacing(TENANT, 'room-1'), ['floor-2']);
      assert.deepEqual(await store.spacesPlacing(TENANT, 'floor-3'), []);
      assert.deepEqual(await store.placedTwins(TENANT), [
        { spaceId: 'floor-1', twinId: 'temp-1' },
        { spaceId: 'floor-2', twinId: 'room-1' },
        { spaceId: 'floor-2', twinId: 'temp-1' },
      ]);
    });

    void it('stores a plan with 20,000 placements and gives them back in order', async () => {
      const store = await open();
      const placements = Array.from({ length: 20_000 }, (_, i) => ({
        twinId: `t-${String(19_999 - i).padStart(5, '0')}`,
        x: i % 40,
        y: (i * 0.001) % 20,
      }));
      await store.put(TENANT, plan({ placements }));
      const got = await store.get(TENANT, 'floor-1');
      assert.deepEqual(got?.placements, placements);
      assert.equal((await store.summary(TENANT, 'floor-1'))?.placements, 20_000);
    });

    void it('keeps plans and placements across close and reopen', async () => {
      const store = await open();
      await store.put(TENANT, plan());
      await store.putPlacement(TENANT, 'floor-1', { twinId: 'hum-1', x: 2, y: 2 }, stamp(1));
      const before = await store.get(TENANT, 'floor-1');
      await store.close();
      assert.ok(fixture);
      const reopened = await fixture.reopen();
      assert.deepEqual(await reopened.get(TENANT, 'floor-1'), before);
      assert.equal(before?.placements.length, 3);
    });
  });
}
