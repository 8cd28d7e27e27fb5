import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EpochMs, TwinId } from '@doppel/core';
import { ManualClock } from '@doppel/core';
import type { IngestEntry } from '../../ingest/ingest-types.js';
import type { RuleEngineSource, RuleTransition } from './rule-engine.js';
import { RuleEngine } from './rule-engine.js';
import { parseRule } from './rule-input.js';

const PUMP = 'dtmi:test:Pump;1';
const ROOM = 'dtmi:test:Room;1';

/** Two rooms, a pump in room-1; values and arrival times as the state store would hold them. */
class FakePlant implements RuleEngineSource {
  readonly models = new Map([
    ['pump-1', [PUMP]],
    ['pump-2', [PUMP]],
    ['room-1', [ROOM]],
    ['room-2', [ROOM]],
  ]);
  readonly contains = [
    ['room-1', 'pump-1'],
    ['room-2', 'pump-2'],
  ];
  readonly values = new Map<string, unknown>();
  readonly received = new Map<string, number>();
  modelsOf(twinId: string): readonly string[] {
    return this.models.get(twinId) ?? [];
  }
  twinsOf(model: string): readonly string[] {
    return [...this.models].filter(([, models]) => models.includes(model)).map(([id]) => id);
  }
  related(twinId: string, name: string, direction: 'in' | 'out'): readonly string[] {
    if (name !== 'contains') return [];
    return this.contains
      .filter((pair) => pair[direction === 'out' ? 0 : 1] === twinId)
      .map((pair) => pair[direction === 'out' ? 1 : 0] as string);
  }
  valueOf(twinId: string, path: string): unknown {
    return this.values.get(`${twinId}/${path}`);
  }
  lastReceivedMs(twinId: string, path: string): number | undefined {
    return this.received.get(`${twinId}/${path}`);
  }
}

function setup(rules: unknown[]) {
  const clock = new ManualClock(1_000_000);
  const plant = new FakePlant();
  const transitions: RuleTransition[] = [];
  const engine = new RuleEngine(plant, clock, (transition) => transitions.push(transition));
  engine.setRules(rules.map((rule) => parseRule(rule)));
  const feed = (twinId: string, values: Record<string, number>): void => {
    for (const [path, value] of Object.entries(values)) {
      plant.values.set(`${twinId}/${path}`, value);
      plant.received.set(`${twinId}/${path}`, clock.nowMs());
    }
    const entry: IngestEntry = {
      twinId: twinId as TwinId,
      kind: 'telemetry',
      source: 'dev',
      transport: 'mqtt',
      receivedMs: clock.nowMs(),
      rows: [{ ts: clock.nowMs() as EpochMs, values }],
      points: Object.keys(values).length,
    };
    engine.observe(entry);
  };
  const seen = (): string[] => transitions.splice(0).map((t) => `${t.type} ${t.rule.id} ${t.twinId}`);
  return { clock, plant, engine, feed, seen };
}

const rule = (id: string, condition: unknown, extra: object = {}) => ({
  id,
  name: id,
  severity: 'major',
  models: [PUMP],
  condition,
  ...extra,
});

void describe('RuleEngine', () => {
  void it('raises above a threshold and clears only once the value is back by the hysteresis', () => {
    const { feed, seen } = setup([rule('hot', { path: 'temperature', above: 28, hysteresis: 1 })]);
    feed('pump-1', { temperature: 27 });
    assert.deepEqual(seen(), []);
    feed('pump-1', { temperature: 29 });
    assert.deepEqual(seen(), ['raised hot pump-1']);
    feed('pump-1', { temperature: 27.5 });
    feed('pump-1', { temperature: 28.5 });
    assert.deepEqual(seen(), [], 'hovering near the threshold does not flap');
    feed('pump-1', { temperature: 26.9 });
    assert.deepEqual(seen(), ['cleared hot pump-1']);
  });

  void it('raises only after the condition held for forMs, by time alone', () => {
    const { clock, engine, feed, seen } = setup([rule('busy', { path: 'load', above: 80 }, { forMs: 600_000 })]);
    feed('pump-1', { load: 85 });
    clock.advance(300_000);
    engine.tick();
    assert.deepEqual(seen(), [], 'held 5 of 10 minutes');
    clock.advance(300_500);
    engine.tick();
    assert.deepEqual(seen(), ['raised busy pump-1']);
    // A dip restarts the clock.
    feed('pump-2', { load: 90 });
    clock.advance(400_000);
    feed('pump-2', { load: 50 });
    feed('pump-2', { load: 90 });
    clock.advance(400_000);
    engine.tick();
    assert.deepEqual(seen(), []);
  });

  void it('raises when a path goes silent, and clears when data comes back', () => {
    const { clock, engine, feed, seen } = setup([rule('silent', { path: 'speed', noDataForMs: 300_000 })]);
    feed('pump-1', { speed: 10 });
    clock.advance(240_000);
    engine.tick();
    assert.deepEqual(seen(), []);
    clock.advance(61_000);
    engine.tick();
    // pump-2 never sent anything: silent from the start.
    assert.deepEqual(seen().sort(), ['raised silent pump-1', 'raised silent pump-2']);
    feed('pump-1', { speed: 11 });
    assert.deepEqual(seen(), ['cleared silent pump-1']);
  });

  void it('raises on a rate of change per minute over its window', () => {
    const { clock, feed, seen } = setup([rule('ramp', { path: 'temperature', risesFasterThan: 2, windowMs: 60_000 })]);
    feed('pump-1', { temperature: 20 });
    clock.advance(30_000);
    feed('pump-1', { temperature: 21 });
    assert.deepEqual(seen(), [], '2 per minute is not faster than 2');
    clock.advance(30_000);
    feed('pump-1', { temperature: 23 });
    assert.deepEqual(seen(), ['raised ramp pump-1'], '3 per minute over the last minute');
  });

  void it('uses graph context: a pump in a room hotter than 28 °C, woken by the room’s value', () => {
    const { engine, feed, seen } = setup([
      rule('hot-room', {
        related: 'contains',
        direction: 'in',
        match: 'any',
        condition: { path: 'temperature', above: 28 },
      }),
    ]);
    const before = engine.evaluations;
    feed('room-2', { humidity: 40 });
    assert.equal(engine.evaluations, before, 'a path no rule reads costs no evaluation');
    feed('room-1', { temperature: 29 });
    assert.deepEqual(seen(), ['raised hot-room pump-1'], 'only the pump in that room');
    assert.equal(engine.evaluations, before + 1);
    feed('room-1', { temperature: 25 });
    assert.deepEqual(seen(), ['cleared hot-room pump-1']);
  });

  void it('combines conditions', () => {
    const { feed, seen } = setup([
      rule('dry-run', { all: [{ path: 'speed', above: 100 }, { not: { path: 'flow', above: 1 } }] }),
    ]);
    feed('pump-1', { speed: 1500, flow: 12 });
    assert.deepEqual(seen(), []);
    feed('pump-1', { flow: 0 });
    assert.deepEqual(seen(), ['raised dry-run pump-1']);
  });

  void it('keeps the raised pairs of an edited rule, clears those of a removed one, evaluates a new one at once', () => {
    const { engine, feed, seen } = setup([rule('hot', { path: 'temperature', above: 28 })]);
    feed('pump-1', { temperature: 30 });
    assert.deepEqual(seen(), ['raised hot pump-1']);
    engine.setRules([parseRule(rule('hot', { path: 'temperature', above: 29 }, { name: 'Hot pump' }))]);
    assert.deepEqual(seen(), [], 'still raised under the edited rule');
    engine.setRules([parseRule(rule('hot', { path: 'temperature', above: 29 }, { twins: ['pump-2'], models: [] }))]);
    assert.deepEqual(seen(), ['cleared hot pump-1'], 'no longer watched');
    engine.setRules([parseRule(rule('warm', { path: 'temperature', above: 25 }))]);
    assert.deepEqual(seen(), ['raised warm pump-1']);
    engine.forgetTwin('pump-1');
    assert.deepEqual(seen(), ['cleared warm pump-1']);
  });

  void it('evaluates a large rule set in slices between other work, keeping a Watch only where something holds', async () => {
    const clock = new ManualClock(1_000_000);
    const plant = new FakePlant();
    for (let i = 0; i < 1_000; i++) {
      plant.models.set(`m-${i}`, [PUMP]);
      plant.values.set(`m-${i}/load`, i % 100 === 0 ? 99 : 10);
    }
    const transitions: RuleTransition[] = [];
    const engine = new RuleEngine(plant, clock, (transition) => transitions.push(transition));
    const rules = Array.from({ length: 100 }, (_, i) => parseRule(rule(`r${i}`, { path: 'load', above: 50 + i / 10 })));
    engine.setRules(rules);
    assert.ok(engine.evaluations < 100 * 1_002, 'not all at once');
    while (engine.evaluations < 100 * 1_002) await new Promise((resolve) => setImmediate(resolve));
    // 10 twins at 99 are above every threshold: 100 rules × 10 twins hold; nothing else is kept.
    assert.equal(transitions.length, 1_000);
    assert.equal(engine.watchCount, 1_000);
  });
});
