// PlanService over a real graph (SQLite registry) and plan store, in a temporary folder: what
// plans accept and refuse (each message naming the field), and plans following the graph.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Limits, TenantId } from '@doppel/core';
import { DEFAULT_LIMITS, DoppelError, ManualClock } from '@doppel/core';
import { SqlitePlanStore } from '../adapters/sqlite-plans/sqlite-plan-store.js';
import { SqliteRegistry } from '../adapters/sqlite-registry/sqlite-registry.js';
import { ModelCatalog } from '../graph/model-catalog.js';
import { TwinGraph } from '../graph/twin-graph.js';
import { PlanService } from './plan-service.js';

const SPACE = {
  '@context': 'dtmi:dtdl:context;3',
  '@id': 'dtmi:test:Space;1',
  '@type': 'Interface',
  contents: [
    { '@type': 'Property', name: 'name', schema: 'string' },
    { '@type': 'Relationship', name: 'contains' },
  ],
};
const TENANT = 'default' as TenantId;
const T0 = 1_800_000_000_000;
const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => silent };
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20"><rect width="40" height="20"/></svg>';
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const JPEG = 'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAP//';
const WEBP = 'data:image/webp;base64,UklGRiQAAABXRUJQVlA4IBgAAAAwAQCdASoBAAEAAwA0JaQAA3AA/vuUAAA=';

interface Rig {
  readonly plans: PlanService;
  readonly graph: TwinGraph;
  readonly clock: ManualClock;
  /** A second service on the same stores, as after a restart (the first one stopped). */
  restart(): Promise<PlanService>;
}

async function withRig(test: (rig: Rig) => Promise<void>, limits: Partial<Limits> = {}): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'doppel-plans-'));
  const registry = new SqliteRegistry(join(dir, 'registry.db'));
  await registry.open();
  const store = new SqlitePlanStore(join(dir, 'plans.db'));
  await store.open();
  const services: PlanService[] = [];
  try {
    const clock = new ManualClock(T0);
    const graph = new TwinGraph(new ModelCatalog(registry, TENANT, clock), registry, TENANT, clock);
    await graph.load();
    await graph.models.add([SPACE]);
    await graph.putTwin('floor-1', { $metadata: { $model: SPACE['@id'] }, name: 'Ground floor' });
    await graph.putTwin('unnamed', { $metadata: { $model: SPACE['@id'] } });
    for (const id of ['t1', 't2', 't3', 't4']) await graph.putTwin(id, { $metadata: { $model: SPACE['@id'] } });
    const make = async (): Promise<PlanService> => {
      const service = new PlanService(store, graph, TENANT, { ...DEFAULT_LIMITS, ...limits }, clock, silent);
      await service.start();
      services.push(service);
      return service;
    };
    await test({ plans: await make(), graph, clock, restart: make });
  } finally {
    for (const service of services) await service.stop();
    await store.close();
    await registry.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const plan = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  width: 40,
  height: 20,
  background: { kind: 'svg', svg: SVG },
  placements: [
    {
      twinId: 't1',
      x: 10,
      y: 5,
      area: [
        [0, 0],
        [20, 0],
        [20, 10],
        [0, 10],
      ],
    },
    { twinId: 't2', x: 40, y: 20 },
  ],
  ...overrides,
});

/** The promise rejects with `code`, and its message matches `message`. */
async function refused(promise: Promise<unknown>, code: string, message: RegExp | string): Promise<DoppelError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DoppelError, `a DoppelError, not ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    return error;
  }
  assert.fail(`expected ${code}`);
}

void describe('PlanService', () => {
  void it('creates a plan, then replaces it, each time with a new ETag and update time', () =>
    withRig(async ({ plans, clock }) => {
      const first = await plans.put('floor-1', plan({ unit: 'px', name: 'Hall' }));
      assert.equal(first.created, true);
      assert.deepEqual(first.plan, {
        spaceId: 'floor-1',
        name: 'Hall',
        width: 40,
        height: 20,
        unit: 'px',
        background: { kind: 'svg', svg: SVG },
        placements: plan().placements,
        updatedAt: new Date(T0).toISOString(),
        etag: first.plan.etag,
      });
      assert.match(first.plan.etag, /^W\/".+"$/);
      assert.deepEqual(await plans.get('floor-1'), first.plan);
      clock.advance(1_000);
      const second = await plans.put('floor-1', plan({ placements: [] }));
      assert.equal(second.created, false);
      assert.notEqual(second.plan.etag, first.plan.etag);
      assert.deepEqual(
        [second.plan.unit, second.plan.placements, second.plan.updatedAt],
        ['m', [], new Date(T0 + 1_000).toISOString()],
      );
      assert.deepEqual(await plans.list(), [
        {
          spaceId: 'floor-1',
          name: 'Ground floor',
          width: 40,
          height: 20,
          unit: 'm',
          placements: 0,
          updatedAt: new Date(T0 + 1_000).toISOString(),
        },
      ]);
    }));

  void it("names a plan after its space twin's name property, or its id, following renames", () =>
    withRig(async ({ plans, graph }) => {
      assert.equal((await plans.put('floor-1', plan())).plan.name, 'Ground floor');
      assert.equal((await plans.put('unnamed', plan())).plan.name, 'unnamed');
      await graph.putTwin('floor-1', { $metadata: { $model: SPACE['@id'] }, name: 'Level 0' });
      assert.equal((await plans.get('floor-1')).name, 'Level 0');
      assert.deepEqual(
        (await plans.list()).map((summary) => summary.name),
        ['Level 0', 'unnamed'],
      );
    }));

  void it('accepts a plan read back (spaceId, updatedAt, etag are ignored) and every background kind', () =>
    withRig(async ({ plans }) => {
      const { plan: stored } = await plans.put('floor-1', plan());
      await plans.put('floor-1', { ...stored, name: 'Copy' });
      const svgs = [
        `<?xml version="1.0" encoding="UTF-8"?>\n<!-- drawn by hand -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n${SVG}`,
        `\uFEFF  <!-- a --><!-- b -->${SVG}`,
        "<svg width='10' height='5' xmlns='http://www.w3.org/2000/svg'/>",
        // Scripts are kept: the UI draws the background as an image, where they never run.
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      ];
      for (const svg of svgs) await plans.put('floor-1', plan({ background: { kind: 'svg', svg } }));
      for (const dataUrl of [PNG, JPEG, WEBP]) {
        const { plan: put } = await plans.put('floor-1', plan({ background: { kind: 'image', dataUrl } }));
        assert.deepEqual(put.background, { kind: 'image', dataUrl });
      }
      await plans.put('floor-1', plan({ background: { kind: 'none' }, placements: undefined }));
      assert.deepEqual((await plans.get('floor-1')).placements, []);
    }));

  void it('refuses the plan of a twin that does not exist, and stores nothing', () =>
    withRig(async ({ plans }) => {
      await refused(plans.put('floor-9', plan()), 'twin.not-found', 'twin "floor-9" does not exist');
      await refused(plans.get('floor-9'), 'plan.not-found', 'there is no plan of "floor-9"');
      assert.deepEqual(await plans.list(), []);
    }));

  void it('refuses a bad plan with a message naming the field, and keeps the plan it had', () =>
    withRig(async ({ plans }) => {
      const { plan: before } = await plans.put('floor-1', plan());
      const cases: [body: unknown, message: RegExp | string][] = [
        [[1, 2], /^the plan must be a JSON object/],
        [null, /^the plan must be a JSON object/],
        [plan({ width: -1 }), 'width must be a number greater than 0 and at most 1000000'],
        [plan({ height: '20' }), 'height must be a number greater than 0 and at most 1000000'],
        [plan({ unit: 'ft' }), 'unit must be "m" or "px"'],
        [plan({ name: '' }), 'name must be a non-empty string of at most 200 characters'],
        [plan({ placement: [] }), /^the plan has unknown field "placement" \(it takes name, width, height/],
        [plan({ background: undefined }), 'background must be an object with kind "svg", "image" or "none"'],
        [plan({ background: { kind: 'pdf' } }), 'background.kind must be "svg", "image" or "none"'],
        [plan({ background: { kind: 'svg', svg: SVG, width: 3 } }), /^background has unknown field "width"/],
        [plan({ background: { kind: 'svg', svg: 42 } }), /^background.svg must be a string/],
        [plan({ background: { kind: 'svg', svg: '<html><svg/></html>' } }), /^background.svg must be an SVG document/],
        [
          plan({ background: { kind: 'svg', svg: '<?xml-stylesheet href="x.css"?><svg/>' } }),
          /^background.svg must be an SVG document/,
        ],
        [
          plan({ background: { kind: 'svg', svg: '<!DOCTYPE svg [<!ENTITY a "b">]><svg/>' } }),
          /^background.svg must be an SVG document/,
        ],
        [plan({ background: { kind: 'svg', svg: '<svg viewBox="0 0 1 1"/>' } }), /^background.svg must declare xmlns=/],
        [plan({ background: { kind: 'svgx', svg: SVG } }), 'background.kind must be "svg", "image" or "none"'],
        [
          plan({ background: { kind: 'image', dataUrl: 'data:image/gif;base64,R0lGODlh' } }),
          /^background.dataUrl must be a data URL of a PNG, JPEG or WebP image/,
        ],
        [
          plan({ background: { kind: 'image', dataUrl: 'https://example.com/plan.png' } }),
          /^background.dataUrl must be a data URL/,
        ],
        [
          plan({ background: { kind: 'image', dataUrl: 'data:image/png;base64,iVBOR w0K' } }),
          /^background.dataUrl must hold base64/,
        ],
        [
          plan({ background: { kind: 'image', dataUrl: JPEG.replace('image/jpeg', 'image/png') } }),
          'background.dataUrl says image/png but its bytes are not a PNG image',
        ],
        [plan({ placements: {} }), 'placements must be an array'],
        [plan({ placements: ['t1'] }), 'placements[0] must be an object {"twinId", "x", "y", "area"?}'],
        [plan({ placements: [{ x: 1, y: 1 }] }), 'placements[0].twinId must be a twin id (a non-empty string)'],
        [
          plan({
            placements: [
              { twinId: 't1', x: 1, y: 1 },
              { twinId: 'ghost', x: 1, y: 1 },
            ],
          }),
          'placements[1].twinId "ghost" is no twin: there is no twin with that id',
        ],
        [
          plan({
            placements: [
              { twinId: 't1', x: 1, y: 1 },
              { twinId: 't2', x: 1, y: 1 },
              { twinId: 't1', x: 2, y: 2 },
            ],
          }),
          'placements[2].twinId "t1" is placed twice (also placements[0]): a twin has one place on a plan',
        ],
        [
          plan({
            placements: [0, 1, 2]
              .map((i) => ({ twinId: `t${i + 1}`, x: 1, y: 1 }))
              .concat({ twinId: 't4', x: 41, y: 1 }),
          }),
          'placements[3].x must be a number inside the frame [0, 40]',
        ],
        [
          plan({ placements: [{ twinId: 't1', x: 1, y: -0.5 }] }),
          'placements[0].y must be a number inside the frame [0, 20]',
        ],
        [
          plan({ placements: [{ twinId: 't1', x: '1', y: 1 }] }),
          'placements[0].x must be a number inside the frame [0, 40]',
        ],
        [plan({ placements: [{ twinId: 't1', x: 1, y: 1, z: 0 }] }), /^placements\[0\] has unknown field "z"/],
        [
          plan({
            placements: [
              {
                twinId: 't1',
                x: 1,
                y: 1,
                area: [
                  [0, 0],
                  [1, 1],
                ],
              },
            ],
          }),
          'placements[0].area must be an array of 3 to 1000 points [x, y] (a polygon)',
        ],
        [
          plan({
            placements: [
              {
                twinId: 't1',
                x: 1,
                y: 1,
                area: [
                  [0, 0],
                  [1, 21],
                  [2, 2],
                ],
              },
            ],
          }),
          'placements[0].area[1][1] must be a number inside the frame [0, 20]',
        ],
        [
          plan({ placements: [{ twinId: 't1', x: 1, y: 1, area: [[0, 0], [1], [2, 2]] }] }),
          'placements[0].area[1] must be a point [x, y]',
        ],
        // Without a frame, coordinates are checked as numbers only (the width is what to fix).
        [
          plan({ width: 0, placements: [{ twinId: 't1', x: 50, y: 1 }] }),
          'width must be a number greater than 0 and at most 1000000',
        ],
      ];
      for (const [body, message] of cases) {
        const error = await refused(plans.put('floor-1', body), 'plan.invalid', message);
        assert.ok(
          error.details.length >= 1 && error.details[0]?.pointer !== undefined,
          `details of "${error.message}"`,
        );
      }
      assert.deepEqual(await plans.get('floor-1'), before, 'a refused plan changes nothing');
    }));

  void it(
    'refuses at once an SVG of many comments before something that is no <svg (no exponential backtracking)',
    { timeout: 5_000 },
    () =>
      withRig(async ({ plans }) => {
        const svg = `${'<!-- a -->'.repeat(10_000)}<html/>`;
        await refused(
          plans.put('floor-1', plan({ background: { kind: 'svg', svg } })),
          'plan.invalid',
          /^background.svg must be an SVG document/,
        );
        await plans.put(
          'floor-1',
          plan({ background: { kind: 'svg', svg: `${'<!-- a - b -->\n'.repeat(10_000)}${SVG}` } }),
        );
      }),
  );

  void it('lists every problem of a plan in the details, the first in the message', () =>
    withRig(async ({ plans }) => {
      const body = plan({
        unit: 'yd',
        placements: Array.from({ length: 30 }, (_, i) => ({ twinId: 't1', x: 100 + i, y: 1 })),
      });
      const error = await refused(
        plans.put('floor-1', body),
        'plan.invalid',
        /^unit must be "m" or "px" \(and 59 more problems\)$/,
      );
      assert.equal(error.details.length, 20);
      assert.deepEqual(error.details[1], {
        pointer: '/placements/0/x',
        message: 'placements[0].x must be a number inside the frame [0, 40]',
        code: 'plan.invalid',
      });
    }));

  void it('holds backgrounds and placements to the limits', () =>
    withRig(
      async ({ plans }) => {
        const big = `<svg xmlns="http://www.w3.org/2000/svg">${'x'.repeat(1_000)}</svg>`;
        await refused(
          plans.put('floor-1', plan({ background: { kind: 'svg', svg: big } })),
          'plan.invalid',
          'background.svg is 1046 bytes; at most 1024 (limits.planBackgroundBytesMax)',
        );
        const png = `data:image/png;base64,iVBORw0KGgoA${'A'.repeat(1_380)}`;
        await refused(
          plans.put('floor-1', plan({ background: { kind: 'image', dataUrl: png } })),
          'plan.invalid',
          'background.dataUrl holds 1044 bytes; at most 1024 (limits.planBackgroundBytesMax)',
        );
        const four = ['t1', 't2', 't3', 't4'].map((twinId) => ({ twinId, x: 1, y: 1 }));
        await refused(
          plans.put('floor-1', plan({ placements: four })),
          'plan.invalid',
          'placements holds 4 twins; at most 3 (limits.planPlacementsMax)',
        );
        await plans.put('floor-1', plan({ placements: four.slice(0, 3) }));
        await refused(
          plans.putPlacement('floor-1', 't4', { x: 1, y: 1 }),
          'plan.invalid',
          'the plan of "floor-1" holds 3 twins already; at most 3 (limits.planPlacementsMax)',
        );
        await plans.putPlacement('floor-1', 't3', { x: 2, y: 2 }); // a move at the limit is fine
      },
      { planBackgroundBytesMax: 1_024, planPlacementsMax: 3 },
    ));

  void it('adds and moves one placement, keeping the order, each time with a new ETag', () =>
    withRig(async ({ plans }) => {
      const { plan: before } = await plans.put('floor-1', plan());
      const moved = await plans.putPlacement('floor-1', 't1', { twinId: 't1', x: 1.5, y: 2.5 });
      assert.deepEqual(moved.placement, { twinId: 't1', x: 1.5, y: 2.5 });
      const added = await plans.putPlacement('floor-1', 't3', {
        x: 3,
        y: 4,
        area: [
          [0, 0],
          [5, 0],
          [5, 5],
        ],
      });
      const after = await plans.get('floor-1');
      assert.deepEqual(after.placements, [
        { twinId: 't1', x: 1.5, y: 2.5 },
        { twinId: 't2', x: 40, y: 20 },
        {
          twinId: 't3',
          x: 3,
          y: 4,
          area: [
            [0, 0],
            [5, 0],
            [5, 5],
          ],
        },
      ]);
      assert.equal(after.etag, added.etag);
      assert.ok(new Set([before.etag, moved.etag, added.etag]).size === 3, 'every change a new ETag');
      assert.equal(after.background.kind, 'svg');
    }));

  void it('refuses a placement out of the frame, of an unknown twin, or on no plan', () =>
    withRig(async ({ plans }) => {
      await plans.put('floor-1', plan());
      const before = await plans.get('floor-1');
      await refused(
        plans.putPlacement('floor-1', 't3', { x: 41, y: 1 }),
        'plan.invalid',
        'x must be a number inside the frame [0, 40]',
      );
      await refused(
        plans.putPlacement('floor-1', 't3', { x: 1 }),
        'plan.invalid',
        'y must be a number inside the frame [0, 20]',
      );
      await refused(
        plans.putPlacement('floor-1', 't3', [1, 2]),
        'plan.invalid',
        'the placement must be a JSON object: {"x", "y", "area"?}',
      );
      await refused(
        plans.putPlacement('floor-1', 't3', { twinId: 't4', x: 1, y: 1 }),
        'plan.invalid',
        'twinId must be the twin in the path ("t3") or absent',
      );
      await refused(
        plans.putPlacement('floor-1', 't3', {
          x: 1,
          y: 1,
          area: [
            [0, 0],
            [1, 0],
            [1, 30],
          ],
        }),
        'plan.invalid',
        'area[2][1] must be a number inside the frame [0, 20]',
      );
      await refused(
        plans.putPlacement('floor-1', 'ghost', { x: 1, y: 1 }),
        'twin.not-found',
        'twin "ghost" does not exist',
      );
      await refused(
        plans.putPlacement('unnamed', 't3', { x: 1, y: 1 }),
        'plan.not-found',
        'there is no plan of "unnamed"',
      );
      assert.deepEqual(await plans.get('floor-1'), before);
    }));

  void it('removes one placement, and says when the twin or the plan is not there', () =>
    withRig(async ({ plans }) => {
      await plans.put('floor-1', plan());
      await plans.deletePlacement('floor-1', 't1');
      assert.deepEqual(
        (await plans.get('floor-1')).placements.map((placement) => placement.twinId),
        ['t2'],
      );
      await refused(
        plans.deletePlacement('floor-1', 't1'),
        'plan.placement-not-found',
        'twin "t1" is not placed on the plan of "floor-1"',
      );
      await refused(plans.deletePlacement('unnamed', 't1'), 'plan.not-found', 'there is no plan of "unnamed"');
    }));

  void it('deletes a plan once; the space twin stays', () =>
    withRig(async ({ plans, graph }) => {
      await plans.put('floor-1', plan());
      await plans.delete('floor-1');
      await refused(plans.get('floor-1'), 'plan.not-found', 'there is no plan of "floor-1"');
      await refused(plans.delete('floor-1'), 'plan.not-found', 'there is no plan of "floor-1"');
      assert.ok(graph.getTwin('floor-1') !== undefined, 'the space twin stays');
    }));

  void it('takes a deleted twin off every plan, and deletes the plan of a deleted space', () =>
    withRig(async ({ plans, graph }) => {
      const { plan: before } = await plans.put('floor-1', plan());
      await plans.put(
        'unnamed',
        plan({
          placements: [
            { twinId: 't1', x: 1, y: 1 },
            { twinId: 't3', x: 2, y: 2 },
          ],
        }),
      );
      await plans.put('t4', plan({ placements: [] }));
      await graph.deleteTwin('t1');
      const after = await plans.get('floor-1'); // right after: reads wait for the removal
      assert.deepEqual(
        after.placements.map((placement) => placement.twinId),
        ['t2'],
      );
      assert.notEqual(after.etag, before.etag);
      assert.deepEqual(
        (await plans.get('unnamed')).placements.map((placement) => placement.twinId),
        ['t3'],
      );
      await graph.deleteTwin('t4');
      await refused(plans.get('t4'), 'plan.not-found', 'there is no plan of "t4"');
      assert.deepEqual(
        (await plans.list()).map((summary) => summary.spaceId),
        ['floor-1', 'unnamed'],
      );
    }));

  void it('sweeps at start what twins deleted while it was stopped left behind', () =>
    withRig(async ({ plans, graph, restart }) => {
      await plans.put('floor-1', plan());
      await plans.put('t4', plan({ placements: [{ twinId: 't2', x: 1, y: 1 }] }));
      await plans.stop();
      await graph.deleteTwin('t2');
      await graph.deleteTwin('t4');
      const again = await restart();
      assert.deepEqual(
        (await again.get('floor-1')).placements.map((placement) => placement.twinId),
        ['t1'],
      );
      assert.deepEqual(
        (await again.list()).map((summary) => summary.spaceId),
        ['floor-1'],
      );
    }));

  void it('applies many placements sent at once, none lost', () =>
    withRig(async ({ plans, graph }) => {
      await plans.put('floor-1', plan({ placements: [] }));
      const ids = Array.from({ length: 40 }, (_, i) => `s${i}`);
      for (const id of ids) await graph.putTwin(id, { $metadata: { $model: SPACE['@id'] } });
      await Promise.all(ids.map((id, i) => plans.putPlacement('floor-1', id, { x: i, y: i / 2 })));
      await Promise.all(ids.map((id, i) => plans.putPlacement('floor-1', id, { x: 40 - i, y: 1 })));
      const placements = (await plans.get('floor-1')).placements;
      assert.deepEqual(
        placements.map((placement) => [placement.twinId, placement.x]),
        ids.map((id, i) => [id, 40 - i]),
      );
    }));
});
