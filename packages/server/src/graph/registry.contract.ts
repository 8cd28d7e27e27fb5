import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { EpochMs, ModelId, RelationshipId, TenantId, TwinId } from '@doppel/core';
import type { Registry, StoredModel, StoredRelationship, StoredTwin } from './registry.js';

export interface RegistryFixture {
  /** An opened registry over fresh, empty storage. */
  readonly registry: Registry;
  /** Closes nothing itself: returns a new, opened registry over the same storage. */
  reopen(): Promise<Registry>;
  /** Closes what is open and removes the storage. */
  cleanup(): Promise<void>;
}

const A = 'tenant-a' as TenantId;
const B = 'tenant-b' as TenantId;

export function model(id: string, uploadTimeMs = 1_000): StoredModel {
  return {
    id: id as ModelId,
    document: {
      '@id': id,
      '@type': 'Interface',
      '@context': 'dtmi:dtdl:context;3',
      contents: [{ name: 'ü', x: [1, null, true] }],
    },
    uploadTimeMs: uploadTimeMs as EpochMs,
    decommissioned: false,
  };
}

export function twin(
  id: string,
  modelId = 'dtmi:test:Pump;1',
  properties: Record<string, unknown> = { speed: 1 },
): StoredTwin {
  return {
    id: id as TwinId,
    modelId: modelId as ModelId,
    properties,
    propertyTimesMs: Object.fromEntries(Object.keys(properties).map((name) => [name, 1_500])),
    etag: `W/"${id}-1"`,
    createdMs: 1_000 as EpochMs,
    updatedMs: 2_000 as EpochMs,
  };
}

export function relationship(sourceId: string, id: string, targetId: string, name = 'feeds'): StoredRelationship {
  return {
    id: id as RelationshipId,
    sourceId: sourceId as TwinId,
    targetId: targetId as TwinId,
    name,
    properties: { weight: 0.5 },
    etag: `W/"${id}-1"`,
  };
}

const byId = <T extends { id: string }>(items: readonly T[]): T[] =>
  [...items].sort((x, y) => x.id.localeCompare(y.id));

/**
 * The behaviour every `Registry` adapter must show (STYLE.md 3): the SQLite registry today,
 * PostgreSQL later. `make` gives each test fresh storage.
 */
export function describeRegistryContract(name: string, make: () => Promise<RegistryFixture>): void {
  void describe(`Registry contract: ${name}`, () => {
    let fixture: RegistryFixture;
    let registry: Registry;

    beforeEach(async () => {
      fixture = await make();
      registry = fixture.registry;
    });

    afterEach(async () => {
      await fixture.cleanup();
    });

    void it('starts empty', async () => {
      assert.deepEqual(await registry.loadModels(A), []);
      assert.deepEqual(await registry.loadTwins(A), []);
      assert.deepEqual(await registry.loadRelationships(A), []);
      assert.equal(await registry.getSetting(A, 'demo'), undefined);
    });

    void it('inserts models and loads them in insertion order, documents exact', async () => {
      const first = [model('dtmi:test:Z;1'), model('dtmi:test:A;1', 2_000)];
      await registry.insertModels(A, first);
      await registry.insertModels(A, [model('dtmi:test:M;1', 3_000)]);
      assert.deepEqual(await registry.loadModels(A), [...first, model('dtmi:test:M;1', 3_000)]);
    });

    void it('inserts models all or nothing: a duplicate id in the batch stores none of it', async () => {
      await assert.rejects(
        registry.insertModels(A, [model('dtmi:test:A;1'), model('dtmi:test:B;1'), model('dtmi:test:A;1')]),
      );
      assert.deepEqual(await registry.loadModels(A), []);
    });

    void it('refuses a model that already exists, keeping the stored one and the rest of the batch out', async () => {
      await registry.insertModels(A, [model('dtmi:test:A;1', 1)]);
      await assert.rejects(registry.insertModels(A, [model('dtmi:test:B;1'), model('dtmi:test:A;1', 2)]));
      assert.deepEqual(await registry.loadModels(A), [model('dtmi:test:A;1', 1)]);
    });

    void it('decommissions and deletes models', async () => {
      await registry.insertModels(A, [model('dtmi:test:A;1'), model('dtmi:test:B;1')]);
      await registry.setModelDecommissioned(A, 'dtmi:test:A;1' as ModelId, true);
      assert.deepEqual(
        (await registry.loadModels(A)).map((m) => [m.id, m.decommissioned]),
        [
          ['dtmi:test:A;1', true],
          ['dtmi:test:B;1', false],
        ],
      );
      await registry.setModelDecommissioned(A, 'dtmi:test:A;1' as ModelId, false);
      await registry.deleteModel(A, 'dtmi:test:B;1' as ModelId);
      assert.deepEqual(await registry.loadModels(A), [model('dtmi:test:A;1')]);
    });

    void it('upserts, loads and deletes twins', async () => {
      await registry.upsertTwins(A, [
        twin('t1'),
        twin('t2', 'dtmi:test:Valve;1', { open: true, nested: { a: [1, 'x'] } }),
      ]);
      assert.deepEqual(byId(await registry.loadTwins(A)), [
        twin('t1'),
        twin('t2', 'dtmi:test:Valve;1', { open: true, nested: { a: [1, 'x'] } }),
      ]);
      const replaced: StoredTwin = {
        ...twin('t1', 'dtmi:test:Pump;2', { speed: 9 }),
        etag: 'W/"t1-2"',
        updatedMs: 3_000 as EpochMs,
      };
      await registry.upsertTwins(A, [replaced]);
      assert.deepEqual(byId(await registry.loadTwins(A))[0], replaced);
      await registry.deleteTwin(A, 't2' as TwinId);
      await registry.deleteTwin(A, 'missing' as TwinId);
      assert.deepEqual(await registry.loadTwins(A), [replaced]);
    });

    void it('upserts, loads and deletes relationships, keyed by source and id', async () => {
      await registry.upsertRelationships(A, [
        relationship('t1', 'r1', 't2'),
        relationship('t2', 'r1', 't3', 'contains'),
      ]);
      assert.deepEqual(
        (await registry.loadRelationships(A)).sort((x, y) => x.sourceId.localeCompare(y.sourceId)),
        [relationship('t1', 'r1', 't2'), relationship('t2', 'r1', 't3', 'contains')],
      );
      const moved = { ...relationship('t1', 'r1', 't3'), etag: 'W/"r1-2"' };
      await registry.upsertRelationships(A, [moved]);
      await registry.deleteRelationship(A, 't2' as TwinId, 'r1' as RelationshipId);
      assert.deepEqual(await registry.loadRelationships(A), [moved]);
    });

    void it('stores settings and overwrites them', async () => {
      await registry.setSetting(A, 'demo', 'loaded');
      await registry.setSetting(A, 'demo', 'again');
      await registry.setSetting(A, 'other', '');
      assert.equal(await registry.getSetting(A, 'demo'), 'again');
      assert.equal(await registry.getSetting(A, 'other'), '');
    });

    void it('keeps tenants apart: each sees and changes only its own rows', async () => {
      await registry.insertModels(A, [model('dtmi:test:A;1')]);
      await registry.insertModels(B, [model('dtmi:test:A;1', 5), model('dtmi:test:B;1')]);
      await registry.upsertTwins(A, [twin('t1')]);
      await registry.upsertTwins(B, [twin('t1', 'dtmi:test:B;1'), twin('t9')]);
      await registry.upsertRelationships(A, [relationship('t1', 'r1', 't2')]);
      await registry.upsertRelationships(B, [relationship('t1', 'r1', 't9', 'contains')]);
      await registry.setSetting(A, 'demo', 'a');
      await registry.setSetting(B, 'demo', 'b');

      await registry.deleteTwin(B, 't1' as TwinId);
      await registry.deleteModel(B, 'dtmi:test:A;1' as ModelId);
      await registry.setModelDecommissioned(B, 'dtmi:test:B;1' as ModelId, true);
      await registry.deleteRelationship(B, 't1' as TwinId, 'r1' as RelationshipId);

      assert.deepEqual(await registry.loadModels(A), [model('dtmi:test:A;1')]);
      assert.deepEqual(await registry.loadTwins(A), [twin('t1')]);
      assert.deepEqual(await registry.loadRelationships(A), [relationship('t1', 'r1', 't2')]);
      assert.equal(await registry.getSetting(A, 'demo'), 'a');

      assert.deepEqual(
        (await registry.loadModels(B)).map((m) => [m.id, m.decommissioned]),
        [['dtmi:test:B;1', true]],
      );
      assert.deepEqual(await registry.loadTwins(B), [twin('t9')]);
      assert.deepEqual(await registry.loadRelationships(B), []);
      assert.equal(await registry.getSetting(B, 'demo'), 'b');
    });

    void it('keeps everything across close and reopen', async () => {
      await registry.insertModels(A, [model('dtmi:test:B;1'), model('dtmi:test:A;1')]);
      await registry.setModelDecommissioned(A, 'dtmi:test:A;1' as ModelId, true);
      await registry.upsertTwins(A, [twin('t1'), twin('t2')]);
      await registry.upsertRelationships(A, [relationship('t1', 'r1', 't2')]);
      await registry.setSetting(A, 'demo', 'loaded');
      await registry.upsertTwins(B, [twin('b1')]);
      await registry.close();

      const reopened = await fixture.reopen();
      assert.deepEqual(await reopened.loadModels(A), [
        model('dtmi:test:B;1'),
        { ...model('dtmi:test:A;1'), decommissioned: true },
      ]);
      assert.deepEqual(byId(await reopened.loadTwins(A)), [twin('t1'), twin('t2')]);
      assert.deepEqual(await reopened.loadRelationships(A), [relationship('t1', 'r1', 't2')]);
      assert.equal(await reopened.getSetting(A, 'demo'), 'loaded');
      assert.deepEqual(await reopened.loadTwins(B), [twin('b1')]);
    });
  });
}
