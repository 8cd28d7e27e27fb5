import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { TenantId } from '@doppel/core';
import { ManualClock, silentLogger } from '@doppel/core';
import { BEARING_MONITOR_MODEL_ID, BUILT_IN_MODELS } from '@doppel/protocol';
import { demoAlertRules, demoSite } from '@doppel/sim';
import { SqliteRegistry } from '../adapters/sqlite-registry/sqlite-registry.js';
import { parseRuleSet } from '../analytics/rules/rule-input.js';
import { loadDemoSite } from './demo-loader.js';
import { ModelCatalog } from './model-catalog.js';
import { TwinGraph } from './twin-graph.js';

const TENANT = 'default' as TenantId;

void describe('loadDemoSite', () => {
  let dir = '';
  let registry: SqliteRegistry;
  let graph: TwinGraph;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'doppel-demo-loader-'));
    registry = new SqliteRegistry(join(dir, 'registry.sqlite'));
    await registry.open();
    const clock = new ManualClock(1_769_860_800_000);
    graph = new TwinGraph(new ModelCatalog(registry, TENANT, clock), registry, TENANT, clock);
    await graph.load();
    // As the platform does: its built-in interfaces first.
    await graph.models.add(BUILT_IN_MODELS);
  });

  afterEach(async () => {
    await registry.close();
    await rm(dir, { recursive: true, force: true });
  });

  void it('loads the demo into a registry that holds only the built-in interfaces: the pumps extend one', async () => {
    await loadDemoSite(graph, registry, TENANT, silentLogger);
    const site = demoSite();
    assert.equal(graph.twinCount, site.twins.length);
    assert.equal(graph.models.size, site.models.length + BUILT_IN_MODELS.length);
    assert.ok(graph.models.isA('dtmi:doppel:demo:Pump;1', BEARING_MONITOR_MODEL_ID));
    assert.equal(graph.getTwin('pump-1')?.modelId, 'dtmi:doppel:demo:Pump;1');
  });

  void it('leaves a registry with a model of its own alone', async () => {
    await graph.models.add([
      { '@context': 'dtmi:dtdl:context;3', '@id': 'dtmi:test:Valve;1', '@type': 'Interface', contents: [] },
    ]);
    await loadDemoSite(graph, registry, TENANT, silentLogger);
    assert.equal(graph.twinCount, 0);
    assert.match((await registry.getSetting(TENANT, 'demo.loaded')) ?? '', /^skipped/);
  });
});

void describe('demoAlertRules', () => {
  void it('pass the rule checks, with a predictive rule on the pumps’ bearings', () => {
    const set = parseRuleSet(demoAlertRules());
    const bearing = set.rules.find((rule) => rule.id === 'pump-bearing-failing');
    assert.deepEqual(bearing?.condition, {
      all: [
        { path: 'rulP10Hours', below: 0.5 },
        { path: 'healthIndex', below: 0.9 },
      ],
    });
  });
});
