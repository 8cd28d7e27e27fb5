// Floor plans over the public API of a real platform: a plan with twins placed on it, moved,
// refused with the field named, following twins deleted from the graph, kept across a restart;
// and the demo plant's plans loaded on its first start.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FloorPlan, Placement, PlanSummary } from '@doppel/protocol';
import { PUMP_MODEL, ROOM_MODEL, pumpTwin } from '../fixtures/models.js';
import { http } from '../support/http.js';
import type { TestPlatform } from '../support/in-process-platform.js';
import { startTestPlatform } from '../support/in-process-platform.js';

interface Problem {
  code: string;
  detail: string;
  errors?: { pointer?: string; message: string }[];
}

const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20"><rect x="1" y="1" width="38" height="18"/></svg>';

describe('floor plans', () => {
  let test: TestPlatform;

  before(async () => {
    test = await startTestPlatform({ history: false });
    await http(test.baseUrl, 'POST', '/api/v1/models', [PUMP_MODEL, ROOM_MODEL]);
    await http(test.baseUrl, 'PUT', '/api/v1/digitaltwins/hall-1', {
      $metadata: { $model: ROOM_MODEL['@id'] },
      name: 'Hall 1',
    });
    for (const id of ['pump-a', 'pump-b']) await http(test.baseUrl, 'PUT', `/api/v1/digitaltwins/${id}`, pumpTwin(id));
  });

  after(async () => test.stop());

  it('creates a plan with a twin placed on it, gives it back with its ETag, and replaces it', async () => {
    const input = {
      width: 40,
      height: 20,
      background: { kind: 'svg', svg: SVG },
      placements: [
        {
          twinId: 'hall-1',
          x: 20,
          y: 10,
          area: [
            [0, 0],
            [40, 0],
            [40, 20],
            [0, 20],
          ],
        },
        { twinId: 'pump-a', x: 5.5, y: 4 },
      ],
    };
    const created = await http<FloorPlan>(test.baseUrl, 'PUT', '/api/v1/plans/hall-1', input);
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('location'), '/api/v1/plans/hall-1');
    assert.equal(created.headers.get('etag'), created.body.etag);
    assert.deepEqual(
      { ...created.body, updatedAt: undefined, etag: undefined },
      { ...input, spaceId: 'hall-1', name: 'Hall 1', unit: 'm', updatedAt: undefined, etag: undefined },
    );

    const read = await http<FloorPlan>(test.baseUrl, 'GET', '/api/v1/plans/hall-1');
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, created.body);
    assert.equal(read.headers.get('etag'), created.body.etag);

    const replaced = await http<FloorPlan>(test.baseUrl, 'PUT', '/api/v1/plans/hall-1', {
      ...read.body,
      name: 'Hall one',
    });
    assert.equal(replaced.status, 200, 'a read plan can be sent back');
    assert.equal(replaced.body.name, 'Hall one');
    assert.notEqual(replaced.body.etag, created.body.etag);

    const list = await http<{ value: PlanSummary[] }>(test.baseUrl, 'GET', '/api/v1/plans');
    assert.deepEqual(list.body.value, [
      {
        spaceId: 'hall-1',
        name: 'Hall one',
        width: 40,
        height: 20,
        unit: 'm',
        placements: 2,
        updatedAt: replaced.body.updatedAt,
      },
    ]);
  });

  it('moves a placement and adds another, each a new ETag of the plan', async () => {
    const before = (await http<FloorPlan>(test.baseUrl, 'GET', '/api/v1/plans/hall-1')).body;
    // As the editor sends it: the whole placement.
    const moved = await http<Placement>(test.baseUrl, 'PUT', '/api/v1/plans/hall-1/placements/pump-a', {
      twinId: 'pump-a',
      x: 30,
      y: 12.25,
    });
    assert.equal(moved.status, 200);
    assert.deepEqual(moved.body, { twinId: 'pump-a', x: 30, y: 12.25 });
    assert.notEqual(moved.headers.get('etag'), before.etag);
    const added = await http<Placement>(test.baseUrl, 'PUT', '/api/v1/plans/hall-1/placements/pump-b', { x: 1, y: 2 });
    assert.equal(added.status, 200);
    const plan = (await http<FloorPlan>(test.baseUrl, 'GET', '/api/v1/plans/hall-1')).body;
    assert.deepEqual(
      plan.placements.map((placement) => [placement.twinId, placement.x, placement.y]),
      [
        ['hall-1', 20, 10],
        ['pump-a', 30, 12.25],
        ['pump-b', 1, 2],
      ],
    );
    assert.equal(plan.etag, added.headers.get('etag'));
  });

  it('refuses bad input with 400 plan.invalid naming the field, and changes nothing', async () => {
    const before = (await http<FloorPlan>(test.baseUrl, 'GET', '/api/v1/plans/hall-1')).body;
    const outside = await http<Problem>(test.baseUrl, 'PUT', '/api/v1/plans/hall-1', {
      width: 40,
      height: 20,
      background: { kind: 'none' },
      placements: [
        { twinId: 'pump-a', x: 1, y: 1 },
        { twinId: 'pump-b', x: 41, y: 1 },
      ],
    });
    assert.equal(outside.status, 400);
    assert.equal(outside.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.equal(outside.body.code, 'plan.invalid');
    assert.equal(outside.body.detail, 'placements[1].x must be a number inside the frame [0, 40]');
    assert.equal(outside.body.errors?.[0]?.pointer, '/placements/1/x');

    const unknownTwin = await http<Problem>(test.baseUrl, 'PUT', '/api/v1/plans/hall-1', {
      width: 40,
      height: 20,
      background: { kind: 'none' },
      placements: [{ twinId: 'pump-zz', x: 1, y: 1 }],
    });
    assert.deepEqual([unknownTwin.status, unknownTwin.body.code], [400, 'plan.invalid']);
    assert.match(unknownTwin.body.detail, /^placements\[0\]\.twinId "pump-zz" is no twin/);

    const notSvg = await http<Problem>(test.baseUrl, 'PUT', '/api/v1/plans/hall-1', {
      width: 40,
      height: 20,
      background: { kind: 'svg', svg: '<html><script>alert(1)</script></html>' },
    });
    assert.deepEqual([notSvg.status, notSvg.body.code], [400, 'plan.invalid']);
    assert.match(notSvg.body.detail, /^background\.svg must be an SVG document/);

    const badMove = await http<Problem>(test.baseUrl, 'PUT', '/api/v1/plans/hall-1/placements/pump-a', { x: 3, y: 25 });
    assert.deepEqual(
      [badMove.status, badMove.body.code, badMove.body.detail],
      [400, 'plan.invalid', 'y must be a number inside the frame [0, 20]'],
    );
    const notJson = await http<Problem>(test.baseUrl, 'PUT', '/api/v1/plans/hall-1', '{"width": 4', {
      'content-type': 'application/json',
    });
    assert.deepEqual([notJson.status, notJson.body.code], [400, 'request.invalid']);

    assert.deepEqual((await http<FloorPlan>(test.baseUrl, 'GET', '/api/v1/plans/hall-1')).body, before);
  });

  it('answers 404 for an unknown space, plan, twin or placement', async () => {
    const plan = { width: 10, height: 10, background: { kind: 'none' } };
    const cases: [method: string, path: string, body: unknown, code: string][] = [
      ['PUT', '/api/v1/plans/room-nowhere', plan, 'twin.not-found'],
      ['GET', '/api/v1/plans/room-nowhere', undefined, 'plan.not-found'],
      ['GET', '/api/v1/plans/pump-a', undefined, 'plan.not-found'],
      ['DELETE', '/api/v1/plans/pump-a', undefined, 'plan.not-found'],
      ['PUT', '/api/v1/plans/pump-a/placements/pump-b', { x: 1, y: 1 }, 'plan.not-found'],
      ['PUT', '/api/v1/plans/hall-1/placements/pump-zz', { x: 1, y: 1 }, 'twin.not-found'],
      ['DELETE', '/api/v1/plans/hall-1/placements/pump-zz', undefined, 'plan.placement-not-found'],
    ];
    for (const [method, path, body, code] of cases) {
      const answer = await http<Problem>(test.baseUrl, method, path, body);
      assert.deepEqual([answer.status, answer.body.code], [404, code], `${method} ${path}`);
    }
  });

  it('takes a twin deleted from the graph off the plan', async () => {
    assert.equal((await http(test.baseUrl, 'DELETE', '/api/v1/digitaltwins/pump-b')).status, 204);
    const plan = (await http<FloorPlan>(test.baseUrl, 'GET', '/api/v1/plans/hall-1')).body;
    assert.deepEqual(
      plan.placements.map((placement) => placement.twinId),
      ['hall-1', 'pump-a'],
    );
    const list = (await http<{ value: PlanSummary[] }>(test.baseUrl, 'GET', '/api/v1/plans')).body.value;
    assert.equal(list[0]?.placements, 2);
  });

  it('keeps plans across a restart; deletes a placement, then the plan', async () => {
    const before = (await http<FloorPlan>(test.baseUrl, 'GET', '/api/v1/plans/hall-1')).body;
    await test.stop({ keepData: true });
    test = await startTestPlatform({ history: false, dataDir: test.dataDir });
    assert.deepEqual((await http<FloorPlan>(test.baseUrl, 'GET', '/api/v1/plans/hall-1')).body, before);

    assert.equal((await http(test.baseUrl, 'DELETE', '/api/v1/plans/hall-1/placements/pump-a')).status, 204);
    const again = await http<Problem>(test.baseUrl, 'DELETE', '/api/v1/plans/hall-1/placements/pump-a');
    assert.deepEqual([again.status, again.body.code], [404, 'plan.placement-not-found']);
    assert.equal((await http(test.baseUrl, 'DELETE', '/api/v1/plans/hall-1')).status, 204);
    assert.equal((await http(test.baseUrl, 'GET', '/api/v1/plans/hall-1')).status, 404);
    assert.deepEqual((await http<{ value: PlanSummary[] }>(test.baseUrl, 'GET', '/api/v1/plans')).body.value, []);
    assert.ok((await http(test.baseUrl, 'GET', '/api/v1/digitaltwins/hall-1')).status === 200, 'the space stays');
  });
});

describe('demo plans', () => {
  let test: TestPlatform;

  before(async () => {
    test = await startTestPlatform({ demo: true, history: false });
  });

  after(async () => test.stop());

  it('loads a plan for each floor of the demo plant on its first start', async () => {
    const loaded = test.logs.find((line) => line.msg === 'demo plans loaded');
    assert.deepEqual(loaded?.plans, ['floor-1', 'floor-2', 'floor-3']);
    assert.equal(test.logs.filter((line) => line.level === 'warn' || line.level === 'error').length, 0);
    const list = (await http<{ value: PlanSummary[] }>(test.baseUrl, 'GET', '/api/v1/plans')).body.value;
    assert.deepEqual(
      list.map((summary) => [summary.spaceId, summary.name, summary.width, summary.height, summary.unit]),
      [
        ['floor-1', 'Floor 1', 60, 40, 'm'],
        ['floor-2', 'Floor 2', 60, 40, 'm'],
        ['floor-3', 'Floor 3', 60, 40, 'm'],
      ],
    );
    for (const summary of list)
      assert.ok(summary.placements >= 60, `${summary.spaceId}: ${summary.placements} placements`);

    const floor = (await http<FloorPlan>(test.baseUrl, 'GET', '/api/v1/plans/floor-1')).body;
    assert.equal(floor.background.kind, 'svg');
    const room = floor.placements.find((placement) => placement.twinId === 'room-1-01');
    assert.equal(room?.area?.length, 4);
    const placed = new Set(floor.placements.map((placement) => placement.twinId));
    for (const id of [
      'chiller-1',
      'pump-8',
      'ahu-2',
      'cnc-12',
      'temp-1-03',
      'occ-1-05',
      'meter-floor-3',
      'vib-cnc-1',
    ]) {
      assert.ok(placed.has(id), `${id} is on floor 1`);
    }
  });

  it('does not bring back a demo plan deleted by the user', async () => {
    assert.equal((await http(test.baseUrl, 'DELETE', '/api/v1/plans/floor-2')).status, 204);
    await test.stop({ keepData: true });
    test = await startTestPlatform({ demo: true, history: false, dataDir: test.dataDir });
    const list = (await http<{ value: PlanSummary[] }>(test.baseUrl, 'GET', '/api/v1/plans')).body.value;
    assert.deepEqual(
      list.map((summary) => summary.spaceId),
      ['floor-1', 'floor-3'],
    );
  });
});
