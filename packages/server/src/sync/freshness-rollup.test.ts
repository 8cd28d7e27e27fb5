import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RollupSource } from './freshness-rollup.js';
import { criticalRuleProblems, rollUp } from './freshness-rollup.js';

/** site → building → room-1 (pump-1, sensor-1), room-2 (sensor-2); a `feeds` edge off the tree. */
const CHILDREN: Record<string, string[]> = {
  site: ['building'],
  building: ['room-1', 'room-2'],
  'room-1': ['pump-1', 'sensor-1'],
  'room-2': ['sensor-2'],
};
const MODELS: Record<string, string[]> = {
  'pump-1': ['dtmi:t:Pump;1', 'dtmi:t:Equipment;1'],
  'sensor-1': ['dtmi:t:Sensor;1'],
  'sensor-2': ['dtmi:t:Sensor;1'],
};

function source(stale: Record<string, string[]>): RollupSource {
  return {
    children: (twinId, relationships) => (relationships.includes('contains') ? (CHILDREN[twinId] ?? []) : []),
    staleOf: (twinId) =>
      (stale[twinId] ?? []).map((path, index) => ({
        path,
        staleSinceMs: 1_000 * (index + 1),
        reason: 'no-update' as const,
      })),
    modelsOf: (twinId) => MODELS[twinId] ?? [],
  };
}

const options = { rules: [], relationships: ['contains'], twinsMax: 1_000, listMax: 10 };

void describe('freshness roll-up', () => {
  void it('degrades every twin above a stale series, and nothing beside it', () => {
    const stale = source({ 'sensor-1': ['temperature'] });
    assert.deepEqual(
      ['site', 'building', 'room-1', 'room-2', 'sensor-1', 'pump-1'].map((id) => rollUp(stale, id, options).status),
      ['degraded', 'degraded', 'degraded', 'fresh', 'degraded', 'fresh'],
    );
    const room = rollUp(stale, 'room-1', options);
    assert.deepEqual(room.staleCritical, [
      { twinId: 'sensor-1', path: 'temperature', staleSinceMs: 1_000, reason: 'no-update' },
    ]);
    assert.equal(room.twinsExamined, 3);
  });

  void it('counts only critical series when rules say which (by model, twin or path; subtypes included)', () => {
    const stale = source({ 'sensor-1': ['battery'], 'pump-1': ['flowRate'] });
    const equipmentOnly = { ...options, rules: [{ model: 'dtmi:t:Equipment;1' }] };
    const room = rollUp(stale, 'room-1', equipmentOnly);
    assert.deepEqual(
      room.staleCritical.map((series) => `${series.twinId}.${series.path}`),
      ['pump-1.flowRate'],
    );
    const temperatureOnly = { ...options, rules: [{ path: 'temperature' }] };
    assert.equal(rollUp(stale, 'site', temperatureOnly).status, 'fresh');
  });

  void it('stops at twinsMax and says so', () => {
    const result = rollUp(source({ 'sensor-2': ['x'] }), 'site', { ...options, twinsMax: 3 });
    assert.equal(result.truncated, true);
    assert.equal(result.twinsExamined, 3);
  });

  void it('checks the configuration of critical rules', () => {
    assert.deepEqual(criticalRuleProblems([{ model: 'dtmi:t:Pump;1' }, { path: 'temperature', twin: 'p' }]), []);
    assert.deepEqual(criticalRuleProblems('x'), ['freshness.critical must be an array of rules']);
    assert.equal(criticalRuleProblems([{}, { size: 1 }, { path: '' }]).length, 4);
  });
});
