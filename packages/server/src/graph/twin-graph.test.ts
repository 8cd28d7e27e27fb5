import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { ErrorCode, TenantId } from '@doppel/core';
import { DoppelError, ManualClock } from '@doppel/core';
import { SqliteRegistry } from '../adapters/sqlite-registry/sqlite-registry.js';
import { ModelCatalog } from './model-catalog.js';
import type { GraphEvent } from './twin-graph.js';
import { TwinGraph } from './twin-graph.js';

const CTX = 'dtmi:dtdl:context;3';
const MOTOR = 'dtmi:test:Motor;1';
const VALVE = 'dtmi:test:Valve;1';
const PUMP = 'dtmi:test:Pump;1';
const BIG_PUMP = 'dtmi:test:BigPump;1';
const SITE = 'dtmi:test:Site;1';
const TENANT = 'default' as TenantId;

const MODELS = [
  {
    '@context': CTX,
    '@id': MOTOR,
    '@type': 'Interface',
    contents: [{ '@type': 'Property', name: 'rpm', schema: 'integer', writable: true }],
  },
  {
    '@context': CTX,
    '@id': VALVE,
    '@type': 'Interface',
    contents: [{ '@type': 'Property', name: 'open', schema: 'boolean', writable: true }],
  },
  {
    '@context': CTX,
    '@id': PUMP,
    '@type': 'Interface',
    contents: [
      { '@type': 'Property', name: 'speed', schema: 'double', writable: true },
      { '@type': 'Property', name: 'label', schema: 'string', writable: true },
      { '@type': 'Telemetry', name: 'temperature', schema: 'double' },
      { '@type': 'Component', name: 'motor', schema: MOTOR },
      { '@type': 'Relationship', name: 'feeds', target: VALVE },
      { '@type': 'Relationship', name: 'primary', maxMultiplicity: 1 },
    ],
  },
  { '@context': CTX, '@id': BIG_PUMP, '@type': 'Interface', extends: PUMP },
  { '@context': CTX, '@id': SITE, '@type': 'Interface', contents: [{ '@type': 'Relationship', name: 'contains' }] },
];

async function rejectsWith(promise: Promise<unknown>, code: ErrorCode, message?: RegExp): Promise<DoppelError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof DoppelError, `expected DoppelError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  if (message !== undefined) assert.match(caught.message, message);
  return caught;
}

void describe('TwinGraph and ModelCatalog over SqliteRegistry', () => {
  let dir = '';
  const registries: SqliteRegistry[] = [];
  const clock = new ManualClock(1_769_860_800_000);

  async function openGraph(): Promise<TwinGraph> {
    const registry = new SqliteRegistry(join(dir, 'registry.sqlite'));
    await registry.open();
    registries.push(registry);
    const graph = new TwinGraph(new ModelCatalog(registry, TENANT, clock), registry, TENANT, clock);
    await graph.load();
    return graph;
  }

  async function seeded(): Promise<TwinGraph> {
    const graph = await openGraph();
    await graph.models.add(MODELS);
    return graph;
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'doppel-graph-'));
  });
  afterEach(async () => {
    for (const registry of registries.splice(0)) await registry.close();
    await rm(dir, { recursive: true, force: true });
  });

  void describe('models', () => {
    void it('adds models, keeps the uploaded documents and compiles them', async () => {
      const graph = await openGraph();
      let changes = 0;
      graph.models.onChange(() => changes++);
      const stored = await graph.models.add(MODELS);
      assert.deepEqual(
        stored.map((model) => model.id),
        [MOTOR, VALVE, PUMP, BIG_PUMP, SITE],
      );
      assert.equal(changes, 1);
      assert.deepEqual(graph.models.get(PUMP)?.document, MODELS[2]);
      assert.equal(graph.models.isA(BIG_PUMP, PUMP), true);
      const compiled = graph.models.compiledModel(BIG_PUMP);
      assert.ok(compiled?.properties.has('speed'));
      assert.ok(compiled?.components.get('motor')?.properties.has('rpm'));
      assert.equal(graph.models.compiledModel('dtmi:test:Nope;1'), undefined);
    });

    void it('refuses an invalid model with model.invalid and details, storing nothing', async () => {
      const graph = await openGraph();
      const error = await rejectsWith(
        graph.models.add([
          {
            '@context': CTX,
            '@id': 'dtmi:test:Bad;1',
            '@type': 'Interface',
            contents: [{ '@type': 'Telemetry', name: 'x', schema: 'nonsense' }],
          },
        ]),
        'model.invalid',
      );
      assert.ok(error.details.length > 0);
      assert.ok(error.details.every((detail) => detail.message.length > 0));
      assert.equal(graph.models.size, 0);
      await rejectsWith(graph.models.add([]), 'request.invalid');
    });

    void it('refuses a model that already exists with model.already-exists', async () => {
      const graph = await seeded();
      await rejectsWith(graph.models.add([MODELS[1]]), 'model.already-exists', /dtmi:test:Valve;1/);
    });

    void it('refuses to delete a model used by twins or by other models with model.in-use (409)', async () => {
      const graph = await seeded();
      await graph.putTwin('v1', { $metadata: { $model: VALVE } });
      const inUse = (id: string): boolean => graph.isModelInUse(id);
      const error = await rejectsWith(graph.models.delete(VALVE, inUse), 'model.in-use', /used by twins/);
      assert.equal(error.status, 409);
      await graph.deleteTwin('v1');
      await rejectsWith(graph.models.delete(VALVE, inUse), 'model.in-use', /referenced by dtmi:test:Pump;1/);
      await graph.models.delete(BIG_PUMP, inUse);
      assert.equal(graph.models.get(BIG_PUMP), undefined);
      await rejectsWith(graph.models.delete(BIG_PUMP, inUse), 'model.not-found');
    });
  });

  void describe('twins', () => {
    void it('creates a twin with properties and component values, and emits an event', async () => {
      const graph = await seeded();
      const events: GraphEvent[] = [];
      graph.onEvent((event) => events.push(event));
      const twin = await graph.putTwin('p1', {
        $metadata: { $model: PUMP },
        speed: 1.5,
        motor: { rpm: 1200, $metadata: {} },
      });
      assert.equal(twin.modelId, PUMP);
      assert.deepEqual(twin.properties, { speed: 1.5, motor: { rpm: 1200, $metadata: {} } });
      assert.match(twin.etag, /^W\/"/);
      assert.equal(graph.getTwin('p1'), twin);
      assert.deepEqual(events, [{ type: 'twin.upserted', twin }]);
    });

    void it('refuses a bad twin id with twin.invalid-id', async () => {
      const graph = await seeded();
      await rejectsWith(graph.putTwin('bad id', { $metadata: { $model: PUMP } }), 'twin.invalid-id');
      await rejectsWith(graph.putTwin('a/b', { $metadata: { $model: PUMP } }), 'twin.invalid-id');
    });

    void it('refuses a twin without $metadata.$model, or a body that is not an object, with twin.invalid', async () => {
      const graph = await seeded();
      const error = await rejectsWith(graph.putTwin('p1', { speed: 1 }), 'twin.invalid', /\$model/);
      assert.equal(error.details[0]?.pointer, '/$metadata/$model');
      await rejectsWith(graph.putTwin('p1', [1]), 'twin.invalid');
      await rejectsWith(graph.putTwin('p1', { $dtId: 'p2', $metadata: { $model: PUMP } }), 'twin.invalid', /differs/);
    });

    void it('refuses an unknown model with model.not-found', async () => {
      const graph = await seeded();
      await rejectsWith(graph.putTwin('p1', { $metadata: { $model: 'dtmi:test:Nope;1' } }), 'model.not-found');
    });

    void it('refuses an unknown property, telemetry given as a property and a wrong type, with pointers', async () => {
      const graph = await seeded();
      const unknown = await rejectsWith(
        graph.putTwin('p1', { $metadata: { $model: PUMP }, colour: 'red' }),
        'twin.invalid',
      );
      assert.deepEqual(unknown.details, [
        { pointer: '/colour', message: `${PUMP} declares no property or component "colour"` },
      ]);
      const telemetry = await rejectsWith(
        graph.putTwin('p1', { $metadata: { $model: PUMP }, temperature: 20 }),
        'twin.invalid',
      );
      assert.match(telemetry.details[0]?.message ?? '', /is telemetry/);
      const wrong = await rejectsWith(
        graph.putTwin('p1', { $metadata: { $model: PUMP }, speed: 'fast', motor: { rpm: 1.5 } }),
        'twin.invalid',
        /2 invalid properties/,
      );
      assert.deepEqual(
        wrong.details.map((detail) => detail.pointer),
        ['/speed', '/motor/rpm'],
      );
      await rejectsWith(graph.putTwin('p1', { $metadata: { $model: PUMP }, motor: 5 }), 'twin.invalid');
      assert.equal(graph.getTwin('p1'), undefined);
    });

    void it('refuses new twins of a decommissioned model but still updates existing ones', async () => {
      const graph = await seeded();
      await graph.putTwin('v1', { $metadata: { $model: VALVE } });
      await graph.models.setDecommissioned(VALVE, true);
      await rejectsWith(graph.putTwin('v2', { $metadata: { $model: VALVE } }), 'model.decommissioned');
      const updated = await graph.putTwin('v1', { $metadata: { $model: VALVE }, open: true });
      assert.deepEqual(updated.properties, { open: true });
    });

    void it('honours If-Match and If-None-Match with request.precondition-failed (412)', async () => {
      const graph = await seeded();
      await rejectsWith(
        graph.putTwin('v1', { $metadata: { $model: VALVE } }, { ifMatch: '*' }),
        'request.precondition-failed',
      );
      const created = await graph.putTwin('v1', { $metadata: { $model: VALVE } }, { ifNoneMatch: '*' });
      const error = await rejectsWith(
        graph.putTwin('v1', { $metadata: { $model: VALVE } }, { ifNoneMatch: '*' }),
        'request.precondition-failed',
      );
      assert.equal(error.status, 412);
      await rejectsWith(
        graph.putTwin('v1', { $metadata: { $model: VALVE }, open: true }, { ifMatch: 'W/"stale"' }),
        'request.precondition-failed',
      );
      const updated = await graph.putTwin(
        'v1',
        { $metadata: { $model: VALVE }, open: true },
        { ifMatch: created.etag },
      );
      assert.notEqual(updated.etag, created.etag);
      await rejectsWith(graph.patchTwin('v1', [], { ifMatch: created.etag }), 'request.precondition-failed');
      await rejectsWith(graph.deleteTwin('v1', { ifMatch: created.etag }), 'request.precondition-failed');
      await graph.deleteTwin('v1', { ifMatch: updated.etag });
      assert.equal(graph.getTwin('v1'), undefined);
    });

    void it('keeps the update time of unchanged properties and the creation time on replace', async () => {
      const graph = await seeded();
      const first = await graph.putTwin('p1', { $metadata: { $model: PUMP }, speed: 1, label: 'a' });
      clock.advance(1_000);
      const second = await graph.putTwin('p1', { $metadata: { $model: PUMP }, speed: 1, label: 'b' });
      assert.equal(second.propertyTimesMs.speed, first.propertyTimesMs.speed);
      assert.equal(second.propertyTimesMs.label, clock.nowMs());
      assert.equal(second.createdMs, first.createdMs);
      assert.equal(second.updatedMs, clock.nowMs());
    });

    void it('patches a twin with JSON Patch and validates the result', async () => {
      const graph = await seeded();
      await graph.putTwin('p1', { $metadata: { $model: PUMP }, speed: 1, motor: { rpm: 10 } });
      const patched = await graph.patchTwin('p1', [
        { op: 'replace', path: '/speed', value: 2 },
        { op: 'add', path: '/label', value: 'P-1' },
        { op: 'replace', path: '/motor/rpm', value: 20 },
      ]);
      assert.deepEqual(patched.properties, { speed: 2, label: 'P-1', motor: { rpm: 20 } });
      await rejectsWith(graph.patchTwin('p1', [{ op: 'replace', path: '/speed', value: 'fast' }]), 'twin.invalid');
      await rejectsWith(
        graph.patchTwin('p1', [{ op: 'test', path: '/speed', value: 3 }]),
        'request.precondition-failed',
      );
      await rejectsWith(graph.patchTwin('p1', { op: 'add' }), 'request.invalid');
      await rejectsWith(graph.patchTwin('nope', []), 'twin.not-found');
      assert.deepEqual(graph.getTwin('p1')?.properties, { speed: 2, label: 'P-1', motor: { rpm: 20 } });
    });

    void it('lists twin ids by model, including models that extend it', async () => {
      const graph = await seeded();
      await graph.putTwin('p1', { $metadata: { $model: PUMP } });
      await graph.putTwin('b1', { $metadata: { $model: BIG_PUMP } });
      await graph.putTwin('v1', { $metadata: { $model: VALVE } });
      assert.deepEqual(graph.twinIds().sort(), ['b1', 'p1', 'v1']);
      assert.deepEqual(graph.twinIds(PUMP).sort(), ['b1', 'p1']);
      assert.deepEqual(graph.twinIds(BIG_PUMP), ['b1']);
      assert.equal(graph.twinCount, 3);
    });

    void it('moves a twin between model indexes when its model changes', async () => {
      const graph = await seeded();
      await graph.putTwin('x', { $metadata: { $model: VALVE } });
      await graph.putTwin('x', { $metadata: { $model: SITE } });
      assert.equal(graph.isModelInUse(VALVE), false);
      assert.deepEqual(graph.twinIds(SITE), ['x']);
    });
  });

  void describe('relationships', () => {
    async function withTwins(): Promise<TwinGraph> {
      const graph = await seeded();
      await graph.putTwin('site', { $metadata: { $model: SITE } });
      await graph.putTwin('p1', { $metadata: { $model: PUMP } });
      await graph.putTwin('b1', { $metadata: { $model: BIG_PUMP } });
      await graph.putTwin('v1', { $metadata: { $model: VALVE } });
      await graph.putTwin('v2', { $metadata: { $model: VALVE } });
      return graph;
    }

    void it('creates relationships and indexes them both ways', async () => {
      const graph = await withTwins();
      const events: GraphEvent[] = [];
      graph.onEvent((event) => events.push(event));
      const rel = await graph.putRelationship('p1', 'r1', {
        $relationshipName: 'feeds',
        $targetId: 'v1',
        note: 'main',
      });
      assert.deepEqual([rel.sourceId, rel.targetId, rel.name, rel.properties], ['p1', 'v1', 'feeds', { note: 'main' }]);
      assert.deepEqual(graph.outgoingOf('p1'), [rel]);
      assert.deepEqual(graph.outgoingOf('p1', 'primary'), []);
      assert.deepEqual(graph.incomingOf('v1', 'feeds'), [rel]);
      assert.equal(graph.requireRelationship('p1', 'r1'), rel);
      await graph.deleteRelationship('p1', 'r1');
      // Live queries re-run on these (live-queries.ts).
      assert.deepEqual(events, [
        { type: 'relationship.upserted', relationship: rel },
        { type: 'relationship.deleted', relationship: rel },
      ]);
    });

    void it('moves the incoming index when a relationship is replaced with a new target', async () => {
      const graph = await withTwins();
      await graph.putRelationship('p1', 'r1', { $relationshipName: 'feeds', $targetId: 'v1' });
      await graph.putRelationship('p1', 'r1', { $relationshipName: 'feeds', $targetId: 'v2' });
      assert.deepEqual(graph.incomingOf('v1'), []);
      assert.equal(graph.incomingOf('v2').length, 1);
      assert.equal(graph.outgoingOf('p1').length, 1);
    });

    void it('refuses a name the model does not define, listing the ones it does', async () => {
      const graph = await withTwins();
      await rejectsWith(
        graph.putRelationship('p1', 'r1', { $relationshipName: 'drains', $targetId: 'v1' }),
        'relationship.invalid',
        /defines no relationship "drains" \(it defines: feeds, primary\)/,
      );
    });

    void it('refuses a target whose model does not match, accepting one that extends it', async () => {
      const graph = await withTwins();
      await rejectsWith(
        graph.putRelationship('p1', 'r1', { $relationshipName: 'feeds', $targetId: 'site' }),
        'relationship.invalid',
        /must target a dtmi:test:Valve;1/,
      );
      await graph.putRelationship('b1', 'r1', { $relationshipName: 'feeds', $targetId: 'v1' });
    });

    void it('refuses more relationships than maxMultiplicity, but allows replacing the existing one', async () => {
      const graph = await withTwins();
      await graph.putRelationship('p1', 'first', { $relationshipName: 'primary', $targetId: 'v1' });
      await rejectsWith(
        graph.putRelationship('p1', 'second', { $relationshipName: 'primary', $targetId: 'v2' }),
        'relationship.invalid',
        /maxMultiplicity/,
      );
      await graph.putRelationship('p1', 'first', { $relationshipName: 'primary', $targetId: 'v2' });
      assert.equal(graph.outgoingOf('p1', 'primary').length, 1);
    });

    void it('refuses a missing target, a missing source, bad ids and incomplete bodies', async () => {
      const graph = await withTwins();
      await rejectsWith(
        graph.putRelationship('p1', 'r1', { $relationshipName: 'feeds', $targetId: 'nope' }),
        'relationship.invalid',
        /target twin "nope" does not exist/,
      );
      await rejectsWith(
        graph.putRelationship('nope', 'r1', { $relationshipName: 'feeds', $targetId: 'v1' }),
        'twin.not-found',
      );
      await rejectsWith(
        graph.putRelationship('p1', 'bad id', { $relationshipName: 'feeds', $targetId: 'v1' }),
        'relationship.invalid',
      );
      await rejectsWith(
        graph.putRelationship('p1', 'r1', { $targetId: 'v1' }),
        'relationship.invalid',
        /\$relationshipName/,
      );
      await rejectsWith(
        graph.putRelationship('p1', 'r1', { $relationshipName: 'feeds' }),
        'relationship.invalid',
        /\$targetId/,
      );
      await rejectsWith(
        graph.putRelationship('p1', 'r1', { $relationshipName: 'feeds', $targetId: 'v1', $sourceId: 'b1' }),
        'relationship.invalid',
        /differs/,
      );
      await rejectsWith(graph.putRelationship('p1', 'r1', 'x'), 'relationship.invalid');
      assert.deepEqual(graph.outgoingOf('p1'), []);
    });

    void it('refuses to delete a twin with relationships (409), in either direction', async () => {
      const graph = await withTwins();
      await graph.putRelationship('p1', 'r1', { $relationshipName: 'feeds', $targetId: 'v1' });
      const source = await rejectsWith(graph.deleteTwin('p1'), 'twin.has-relationships');
      assert.equal(source.status, 409);
      await rejectsWith(graph.deleteTwin('v1'), 'twin.has-relationships');
      await graph.deleteRelationship('p1', 'r1');
      await rejectsWith(graph.deleteRelationship('p1', 'r1'), 'relationship.not-found');
      await graph.deleteTwin('v1');
      await graph.deleteTwin('p1');
      assert.equal(graph.getTwin('p1'), undefined);
    });

    void it('honours If-Match on relationships', async () => {
      const graph = await withTwins();
      const rel = await graph.putRelationship(
        'p1',
        'r1',
        { $relationshipName: 'feeds', $targetId: 'v1' },
        { ifNoneMatch: '*' },
      );
      await rejectsWith(
        graph.putRelationship('p1', 'r1', { $relationshipName: 'feeds', $targetId: 'v1' }, { ifNoneMatch: '*' }),
        'request.precondition-failed',
      );
      await rejectsWith(graph.deleteRelationship('p1', 'r1', { ifMatch: 'W/"old"' }), 'request.precondition-failed');
      await graph.deleteRelationship('p1', 'r1', { ifMatch: rel.etag });
    });

    void it('finds the roots of a relationship name', async () => {
      const graph = await withTwins();
      await graph.putRelationship('site', 'c1', { $relationshipName: 'contains', $targetId: 'p1' });
      await graph.putRelationship('site', 'c2', { $relationshipName: 'contains', $targetId: 'v1' });
      await graph.putRelationship('b1', 'f1', { $relationshipName: 'feeds', $targetId: 'v2' });
      assert.deepEqual(graph.rootIds('contains').sort(), ['b1', 'site', 'v2']);
      assert.deepEqual(graph.rootIds('feeds').sort(), ['b1', 'p1', 'site', 'v1']);
    });
  });

  void it('loads the same graph from a new registry over the same file', async () => {
    const graph = await seeded();
    await graph.putTwin('site', { $metadata: { $model: SITE } });
    await graph.putTwin('p1', { $metadata: { $model: PUMP }, speed: 3, motor: { rpm: 5 } });
    await graph.putTwin('v1', { $metadata: { $model: VALVE }, open: false });
    await graph.putRelationship('site', 'c1', { $relationshipName: 'contains', $targetId: 'p1' });
    await graph.putRelationship('p1', 'f1', { $relationshipName: 'feeds', $targetId: 'v1', flow: 2 });
    await graph.models.setDecommissioned(VALVE, true);
    for (const registry of registries.splice(0)) await registry.close();

    const reopened = await openGraph();
    assert.deepEqual(
      reopened.models.list().map((model) => [model.id, model.decommissioned]),
      graph.models.list().map((model) => [model.id, model.decommissioned]),
    );
    assert.deepEqual(reopened.models.get(PUMP)?.document, MODELS[2]);
    for (const id of ['site', 'p1', 'v1']) assert.deepEqual(reopened.getTwin(id), graph.getTwin(id), id);
    assert.deepEqual(reopened.outgoingOf('p1'), graph.outgoingOf('p1'));
    assert.deepEqual(reopened.incomingOf('p1'), graph.incomingOf('p1'));
    assert.deepEqual(reopened.rootIds('contains').sort(), graph.rootIds('contains').sort());
    assert.ok(reopened.models.compiledModel(PUMP)?.components.has('motor'));
    await rejectsWith(reopened.putTwin('v9', { $metadata: { $model: VALVE } }), 'model.decommissioned');
  });
});
