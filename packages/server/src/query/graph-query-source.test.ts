import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import type { EpochMs, TenantId, TwinId } from '@doppel/core';
import { ManualClock } from '@doppel/core';
import { readPath, runQuery } from '@doppel/query';
import { SqliteRegistry } from '../adapters/sqlite-registry/sqlite-registry.js';
import { ModelCatalog } from '../graph/model-catalog.js';
import { TwinGraph } from '../graph/twin-graph.js';
import type { IngestKind } from '@doppel/protocol';
import { TwinStateStore } from '../state/twin-state-store.js';
import { GraphQuerySource } from './graph-query-source.js';

const MODEL = {
  '@context': 'dtmi:dtdl:context;3',
  '@id': 'dtmi:test:Valve;1',
  '@type': 'Interface',
  contents: [
    { '@type': 'Property', name: 'label', schema: 'string' },
    { '@type': 'Property', name: 'mode', schema: 'string' },
    {
      '@type': 'Property',
      name: 'limits',
      schema: { '@type': 'Map', mapKey: { name: 'k', schema: 'string' }, mapValue: { name: 'v', schema: 'double' } },
    },
    { '@type': 'Telemetry', name: 'flow', schema: 'double' },
    { '@type': 'Telemetry', name: 'label2', schema: 'string' },
  ],
};

/** A graph over a fresh SQLite registry with MODEL, for `test`; removed afterwards. */
async function withGraph(test: (graph: TwinGraph) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'doppel-query-source-'));
  const registry = new SqliteRegistry(join(dir, 'registry.sqlite'));
  await registry.open();
  try {
    const tenant = 'default' as TenantId;
    const clock = new ManualClock(1_800_000_000_000);
    const graph = new TwinGraph(new ModelCatalog(registry, tenant, clock), registry, tenant, clock);
    await graph.load();
    await graph.models.add([MODEL]);
    await test(graph);
  } finally {
    await registry.close();
    await rm(dir, { recursive: true, force: true });
  }
}

void it('reads a property without the document exactly as the document has it, live state laid over', async () =>
  withGraph(async (graph) => {
    await graph.putTwin('v1', {
      $metadata: { $model: 'dtmi:test:Valve;1' },
      label: 'stored',
      mode: 'auto',
      limits: { lo: 1, hi: 9 },
    });
    const state = new TwinStateStore();
    const apply = (kind: IngestKind, ts: number, values: Record<string, unknown>): void => {
      state.apply({
        twinId: 'v1' as TwinId,
        kind,
        source: 'device',
        transport: 'mqtt',
        receivedMs: ts as EpochMs,
        rows: [{ ts: ts as EpochMs, values }],
        points: Object.keys(values).length,
      });
    };
    // A reported property newer than the stored one wins; an older one does not; telemetry shows
    // beside the properties unless a stored property has its name.
    apply('reported', 1_900_000_000_000, { mode: 'manual' });
    apply('reported', 1_700_000_000_000, { label: 'old report' });
    apply('telemetry', 1_900_000_000_000, { flow: 4.5, label2: 'x' });
    const source = new GraphQuerySource(graph, state);
    for (const path of [
      ['label'],
      ['mode'],
      ['limits'],
      ['limits', 'hi'],
      ['flow'],
      ['label2'],
      ['missing'],
      ['limits', 'zz'],
    ]) {
      const fast = source.twin('v1')?.read?.(path);
      const document = readPath(source.twin('v1')?.document, path);
      assert.deepEqual(fast, document, path.join('.'));
    }
    assert.deepEqual(
      [source.twin('v1')?.read?.(['mode']), source.twin('v1')?.read?.(['label']), source.twin('v1')?.read?.(['flow'])],
      ['manual', 'stored', 4.5],
    );
    assert.deepEqual(
      runQuery("SELECT T.$dtId AS id FROM DIGITALTWINS T WHERE T.mode = 'manual' AND T.flow > 4", source).value,
      [{ id: 'v1' }],
    );
  }));

void it('answers a property condition from an index that follows the graph, and scans once devices report the property', async () =>
  withGraph(async (graph) => {
    const valve = (label: string) => ({ $metadata: { $model: 'dtmi:test:Valve;1' }, label });
    for (let i = 0; i < 50; i++) await graph.putTwin(`v${i}`, valve(i % 10 === 0 ? 'main' : `side-${i}`));
    const state = new TwinStateStore();
    const source = new GraphQuerySource(graph, state);
    const indexed = "SELECT T.$dtId AS id FROM DIGITALTWINS T WHERE T.label = 'main'";
    // The same condition in a form the planner cannot use an index for: the reference.
    const scanned = "SELECT T.$dtId AS id FROM DIGITALTWINS T WHERE NOT (T.label != 'main')";
    const ids = (text: string): string[] =>
      runQuery(text, source)
        .value.map((row) => (row as { id: string }).id)
        .sort();
    assert.match(runQuery(`EXPLAIN ${indexed}`, source).explain?.[0] ?? '', /property index label = "main"/);
    assert.deepEqual(ids(indexed), ['v0', 'v10', 'v20', 'v30', 'v40']);
    assert.equal(runQuery(indexed, source).stats.rowsExamined, 5, 'only the indexed twins were examined');
    // The index follows PUT, PATCH and DELETE.
    await graph.putTwin('v1', valve('main'));
    await graph.patchTwin('v10', [{ op: 'replace', path: '/label', value: 'spare' }]);
    await graph.deleteTwin('v20');
    assert.deepEqual(ids(indexed), ids(scanned));
    assert.deepEqual(ids(indexed), ['v0', 'v1', 'v30', 'v40']);
    // A device reports the property: live values may now differ from the stored ones, so the
    // query scans (v2 reports "main" and matches although its stored label is "side-2").
    state.apply({
      twinId: 'v2' as TwinId,
      kind: 'reported',
      source: 'device',
      transport: 'mqtt',
      receivedMs: 1_900_000_000_000 as EpochMs,
      rows: [{ ts: 1_900_000_000_000 as EpochMs, values: { label: 'main' } }],
      points: 1,
    });
    assert.deepEqual(ids(indexed), ['v0', 'v1', 'v2', 'v30', 'v40']);
    assert.deepEqual(ids(indexed), ids(scanned));
  }));

void it('indexes a property path into an object too, and follows updates of it', async () =>
  withGraph(async (graph) => {
    const valve = (hi: number) => ({ $metadata: { $model: 'dtmi:test:Valve;1' }, limits: { lo: 1, hi } });
    for (let i = 0; i < 40; i++) await graph.putTwin(`v${i}`, valve(i % 4));
    const source = new GraphQuerySource(graph, new TwinStateStore());
    const indexed = 'SELECT T.$dtId AS id FROM DIGITALTWINS T WHERE T.limits.hi = 3';
    const scanned = 'SELECT T.$dtId AS id FROM DIGITALTWINS T WHERE NOT (T.limits.hi != 3)';
    const ids = (text: string): string[] =>
      runQuery(text, source)
        .value.map((row) => (row as { id: string }).id)
        .sort();
    assert.match(runQuery(`EXPLAIN ${indexed}`, source).explain?.[0] ?? '', /property index limits\.hi = 3/);
    assert.equal(runQuery(indexed, source).stats.rowsExamined, 10, 'only the indexed twins were examined');
    assert.deepEqual(ids(indexed), ids(scanned));
    await graph.patchTwin('v0', [{ op: 'replace', path: '/limits/hi', value: 3 }]);
    await graph.putTwin('v3', valve(0));
    assert.deepEqual(ids(indexed), ids(scanned));
    assert.ok(ids(indexed).includes('v0') && !ids(indexed).includes('v3'));
  }));
