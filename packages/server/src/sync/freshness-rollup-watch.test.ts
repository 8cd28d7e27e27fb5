import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CriticalRule } from './freshness-rollup.js';
import type { RollupTransition } from './freshness-rollup-watch.js';
import { RollupWatcher } from './freshness-rollup-watch.js';

const MODELS: Record<string, string[]> = {
  'sensor-1': ['dtmi:t:Sensor;1'],
  'sensor-2': ['dtmi:t:Sensor;1'],
};

/**
 * An in-memory graph of `contains` edges (parent → child) and the tracker's stale series, with a
 * watcher fed the way the platform feeds it: the series' state changes first, then the watcher hears.
 */
function world(edges: [string, string][], rules: readonly CriticalRule[] = []) {
  const contains = new Set(edges.map(([parent, child]) => `${parent}>${child}`));
  const stale = new Map<string, { twinId: string; path: string }>();
  let allStaleCalls = 0;
  const watcher = new RollupWatcher(
    {
      parents: (twinId, relationships) =>
        relationships.includes('contains')
          ? [...contains].filter((edge) => edge.endsWith(`>${twinId}`)).map((edge) => edge.split('>')[0] as string)
          : [],
      allStale: () => {
        allStaleCalls++;
        return stale.values();
      },
      modelsOf: (twinId) => MODELS[twinId] ?? [],
    },
    { rules, relationships: ['contains'], ancestorsMax: 10_000 },
  );
  const seen: RollupTransition[] = [];
  watcher.onTransition((transition) => seen.push(transition));
  return {
    watcher,
    /** Transitions since the last call, as `twin:status`. */
    take(): string[] {
      return seen.splice(0).map((t) => `${t.twinId}:${t.status}`);
    },
    taken: seen,
    series(twinId: string, path: string, isStale: boolean, atMs: number): void {
      if (isStale) stale.set(`${twinId}.${path}`, { twinId, path });
      else stale.delete(`${twinId}.${path}`);
      watcher.seriesChanged(twinId, path, isStale, atMs);
    },
    unlink(parent: string, child: string): void {
      contains.delete(`${parent}>${child}`);
    },
    deleteTwin(twinId: string): void {
      for (const [key, series] of stale) if (series.twinId === twinId) stale.delete(key);
      for (const edge of contains)
        if (edge.startsWith(`${twinId}>`) || edge.endsWith(`>${twinId}`)) contains.delete(edge);
    },
    allStaleCalls: () => allStaleCalls,
  };
}

/** building → floor → room → sensor-1, sensor-2. */
const BUILDING: [string, string][] = [
  ['building', 'floor'],
  ['floor', 'room'],
  ['room', 'sensor-1'],
  ['room', 'sensor-2'],
];

void describe('roll-up transitions', () => {
  void it('degrades a stale sensor and every twin containing it once, and makes them fresh after the last one', () => {
    const w = world(BUILDING);
    w.series('sensor-1', 'temperature', true, 1_000);
    assert.deepEqual(w.taken, [
      ...['sensor-1', 'room', 'floor', 'building'].map((twinId) => ({
        twinId,
        status: 'degraded',
        staleCriticalCount: 1,
        atMs: 1_000,
        cause: { twinId: 'sensor-1', path: 'temperature' },
      })),
    ]);
    w.take();

    w.series('sensor-1', 'humidity', true, 2_000);
    assert.deepEqual(w.take(), []);
    w.series('sensor-2', 'temperature', true, 3_000);
    assert.deepEqual(w.take(), ['sensor-2:degraded']);
    assert.deepEqual(w.watcher.statusOf('building'), { status: 'degraded', staleCriticalCount: 3 });
    assert.deepEqual(w.watcher.statusOf('sensor-1'), { status: 'degraded', staleCriticalCount: 2 });

    w.series('sensor-1', 'temperature', false, 4_000);
    assert.deepEqual(w.take(), []);
    w.series('sensor-1', 'humidity', false, 5_000);
    assert.deepEqual(w.take(), ['sensor-1:fresh']);
    w.series('sensor-2', 'temperature', false, 6_000);
    assert.deepEqual(w.taken, [
      ...['sensor-2', 'room', 'floor', 'building'].map((twinId) => ({
        twinId,
        status: 'fresh',
        staleCriticalCount: 0,
        atMs: 6_000,
        cause: { twinId: 'sensor-2', path: 'temperature' },
      })),
    ]);
    assert.deepEqual(w.watcher.degradedTwins(), []);
    assert.deepEqual(w.watcher.statusOf('building'), { status: 'fresh', staleCriticalCount: 0 });
  });

  void it('counts only critical series: a non-critical one changes nothing', () => {
    const w = world(BUILDING, [{ model: 'dtmi:t:Sensor;1', path: 'temperature' }]);
    w.series('sensor-1', 'battery', true, 1_000);
    w.series('room', 'temperature', true, 1_000);
    assert.deepEqual(w.take(), []);
    assert.deepEqual(w.watcher.statusOf('sensor-1'), { status: 'fresh', staleCriticalCount: 0 });
    w.series('sensor-1', 'battery', false, 2_000);
    assert.deepEqual(w.take(), []);

    w.series('sensor-1', 'temperature', true, 3_000);
    assert.deepEqual(w.take(), ['sensor-1:degraded', 'room:degraded', 'floor:degraded', 'building:degraded']);
    assert.equal(w.watcher.statusOf('building').staleCriticalCount, 1);
  });

  void it('counts a series once in a twin reached through two parents (a diamond)', () => {
    const w = world([
      ['building', 'zone-a'],
      ['building', 'zone-b'],
      ['zone-a', 'room'],
      ['zone-b', 'room'],
    ]);
    w.series('room', 'temperature', true, 1_000);
    assert.deepEqual(w.take().sort(), ['building:degraded', 'room:degraded', 'zone-a:degraded', 'zone-b:degraded']);
    assert.deepEqual(w.watcher.statusOf('building'), { status: 'degraded', staleCriticalCount: 1 });
    w.series('room', 'temperature', false, 2_000);
    assert.deepEqual(w.take().sort(), ['building:fresh', 'room:fresh', 'zone-a:fresh', 'zone-b:fresh']);
    assert.deepEqual(w.watcher.degradedTwins(), []);
  });

  void it('does not loop on a cycle', () => {
    const w = world([
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
    ]);
    w.series('b', 'x', true, 1_000);
    assert.deepEqual(w.take(), ['b:degraded', 'a:degraded', 'c:degraded']);
    assert.deepEqual(w.watcher.statusOf('c'), { status: 'degraded', staleCriticalCount: 1 });
    w.series('b', 'x', false, 2_000);
    assert.deepEqual(w.take(), ['b:fresh', 'a:fresh', 'c:fresh']);
    assert.deepEqual(w.watcher.degradedTwins(), []);
  });

  void it('stops the walk up at ancestorsMax', () => {
    const chain = new RollupWatcher(
      {
        parents: (twinId) => [`${twinId}+`],
        allStale: () => [],
        modelsOf: () => [],
      },
      { rules: [], relationships: ['contains'], ancestorsMax: 5 },
    );
    chain.seriesChanged('t', 'x', true, 1_000);
    assert.deepEqual(chain.degradedTwins(), ['t', 't+', 't++', 't+++', 't++++']);
    assert.equal(chain.walksTruncated, 1);
    chain.seriesChanged('t', 'x', false, 2_000);
    assert.deepEqual(chain.degradedTwins(), []);
  });

  void it('after a relationship is removed, graphChanged makes the detached ancestors fresh (coalesced)', () => {
    const w = world(BUILDING);
    w.series('sensor-1', 'temperature', true, 1_000);
    w.take();
    const calls = w.allStaleCalls();

    w.unlink('floor', 'room');
    for (let i = 0; i < 100; i++) w.watcher.graphChanged(2_000 + i);
    assert.deepEqual(w.take(), [], 'nothing until the counts are used');
    assert.equal(w.allStaleCalls(), calls);
    w.watcher.flush();
    assert.deepEqual(w.taken, [
      { twinId: 'floor', status: 'fresh', staleCriticalCount: 0, atMs: 2_099 },
      { twinId: 'building', status: 'fresh', staleCriticalCount: 0, atMs: 2_099 },
    ]);
    w.take();
    assert.equal(w.allStaleCalls(), calls + 1, 'one rebuild for a hundred changes');
    assert.equal(w.watcher.rebuilds, 1);
    w.watcher.flush();
    assert.equal(w.watcher.rebuilds, 1);
    assert.deepEqual(w.watcher.degradedTwins().sort(), ['room', 'sensor-1']);

    // The series going fresh later is counted down along the graph as it is now.
    w.series('sensor-1', 'temperature', false, 3_000);
    assert.deepEqual(w.take(), ['sensor-1:fresh', 'room:fresh']);
    assert.deepEqual(w.watcher.degradedTwins(), []);
  });

  void it('rebuilds before a series change, which keeps its cause and time', () => {
    const w = world(BUILDING);
    w.series('sensor-1', 'temperature', true, 1_000);
    w.take();
    w.unlink('floor', 'room');
    w.watcher.graphChanged(2_000);
    w.series('sensor-2', 'temperature', true, 3_000);
    assert.deepEqual(
      w.taken.map((t) => [t.twinId, t.status, t.atMs, t.cause?.path]),
      [
        ['floor', 'fresh', 2_000, undefined],
        ['building', 'fresh', 2_000, undefined],
        ['sensor-2', 'degraded', 3_000, 'temperature'],
      ],
    );
    assert.deepEqual(w.watcher.statusOf('room'), { status: 'degraded', staleCriticalCount: 2 });
    w.take();

    // The last stale series of the room going fresh while a rebuild is due: fresh with its cause.
    w.series('sensor-1', 'temperature', false, 4_000);
    w.watcher.graphChanged(5_000);
    w.series('sensor-2', 'temperature', false, 6_000);
    assert.deepEqual(
      w.taken.map((t) => [t.twinId, t.status, t.atMs, t.cause?.path]),
      [
        ['sensor-1', 'fresh', 4_000, 'temperature'],
        ['sensor-2', 'fresh', 6_000, 'temperature'],
        ['room', 'fresh', 6_000, 'temperature'],
      ],
    );
  });

  void it('forgets the series of a deleted twin on graphChanged', () => {
    const w = world(BUILDING);
    w.series('sensor-1', 'temperature', true, 1_000);
    w.take();
    w.deleteTwin('sensor-1'); // the tracker forgets its series without a transition
    w.watcher.graphChanged(2_000);
    assert.deepEqual(w.watcher.statusOf('building'), { status: 'fresh', staleCriticalCount: 0 });
    assert.deepEqual(w.take(), ['sensor-1:fresh', 'room:fresh', 'floor:fresh', 'building:fresh']);
  });

  void it('is idempotent: repeated stale or fresh calls change nothing', () => {
    const w = world(BUILDING);
    w.series('sensor-1', 'temperature', false, 500); // fresh, never stale
    w.series('sensor-1', 'temperature', true, 1_000);
    w.series('sensor-1', 'temperature', true, 1_100);
    assert.deepEqual(w.take(), ['sensor-1:degraded', 'room:degraded', 'floor:degraded', 'building:degraded']);
    assert.equal(w.watcher.statusOf('building').staleCriticalCount, 1);
    w.series('sensor-1', 'temperature', false, 2_000);
    w.series('sensor-1', 'temperature', false, 2_100);
    assert.deepEqual(w.take(), ['sensor-1:fresh', 'room:fresh', 'floor:fresh', 'building:fresh']);
    assert.deepEqual(w.watcher.degradedTwins(), []);
    w.watcher.graphChanged(3_000);
    w.watcher.graphChanged(3_000);
    w.watcher.flush();
    assert.deepEqual(w.take(), [], 'a rebuild with nothing changed emits nothing');
  });

  void it('stops telling a listener that unsubscribed', () => {
    const w = world(BUILDING);
    const mine: RollupTransition[] = [];
    const off = w.watcher.onTransition((transition) => mine.push(transition));
    w.series('room', 'x', true, 1_000);
    off();
    w.series('room', 'x', false, 2_000);
    assert.equal(mine.length, 3);
    assert.equal(w.take().length, 6);
  });
});
