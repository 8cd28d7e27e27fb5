import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FreshnessTransition } from './freshness-tracker.js';
import { FreshnessTracker } from './freshness-tracker.js';

const TICK_MS = 100;

/** A tracker whose declared cadences come from `declared` ("twin/path" → ms), with its transitions. */
function tracker(declared: Record<string, number> = {}, staleFactor = 6) {
  const freshness = new FreshnessTracker({
    staleFactor,
    tickMs: TICK_MS,
    startMs: 0,
    declaredCadence: (twinId, path) => declared[`${twinId}/${path}`],
  });
  const transitions: FreshnessTransition[] = [];
  freshness.onTransition((transition) => transitions.push(transition));
  return { freshness, transitions };
}

/** Calls advance() every tick from `fromMs` to `toMs`, as the platform's timer does. */
function runClock(freshness: FreshnessTracker, fromMs: number, toMs: number): void {
  for (let now = fromMs; now <= toMs; now += TICK_MS) freshness.advance(now);
}

void describe('FreshnessTracker', () => {
  void it('turns a declared 10 s series stale 60 s after its last update, by time alone', () => {
    const { freshness, transitions } = tracker({ 'pump-1/flow': 10_000 });
    freshness.observe('pump-1', 'flow', 1_000, 'dev-1');
    assert.equal(freshness.freshnessOf('pump-1', 'flow')?.freshness, 'fresh');
    runClock(freshness, 0, 60_900);
    assert.equal(transitions.length, 0, 'not before 6 × cadence');
    runClock(freshness, 61_000, 61_100);
    assert.deepEqual(
      transitions.map(({ twinId, path, freshness: state, atMs, reason }) => ({ twinId, path, state, atMs, reason })),
      [{ twinId: 'pump-1', path: 'flow', state: 'stale', atMs: 61_000, reason: 'no-update' }],
    );
    assert.equal(freshness.isStale('pump-1', 'flow'), true);
    assert.equal(freshness.stats().stale, 1);
  });

  void it('keeps a series fresh while updates keep coming, and fires once per silence', () => {
    const { freshness, transitions } = tracker({ 't/a': 1_000 });
    for (let now = 0; now <= 20_000; now += TICK_MS) {
      if (now % 1_000 === 0) freshness.observe('t', 'a', now, 'dev');
      freshness.advance(now);
    }
    assert.equal(transitions.length, 0);
    runClock(freshness, 20_100, 60_000);
    assert.equal(transitions.length, 1);
    assert.equal(transitions[0]?.atMs, 26_000);
  });

  void it('returns to fresh with the next update, and can go stale again', () => {
    const { freshness, transitions } = tracker({ 't/a': 1_000 });
    freshness.observe('t', 'a', 0, 'dev');
    runClock(freshness, 0, 7_000);
    freshness.observe('t', 'a', 7_050, 'dev');
    assert.equal(freshness.isStale('t', 'a'), false);
    runClock(freshness, 7_100, 14_000);
    assert.deepEqual(
      transitions.map((t) => [t.freshness, t.atMs, t.reason]),
      [
        ['stale', 6_000, 'no-update'],
        ['fresh', 7_050, 'update'],
        ['stale', 13_050, 'no-update'],
      ],
    );
    assert.equal(freshness.stats().stale, 1);
  });

  void it('learns the cadence from the median interval, ignoring an outlier', () => {
    const { freshness, transitions } = tracker();
    // Intervals 5 s, 5 s, 60 s (an outage), 5 s…: the median stays 5 s.
    const times = [0, 5_000, 10_000, 70_000, 75_000, 80_000, 85_000];
    let at = 0;
    for (let now = 0; now <= 85_000; now += TICK_MS) {
      if (times[at] === now) {
        freshness.observe('t', 'a', now, 'dev');
        at++;
      }
      freshness.advance(now);
    }
    const state = freshness.freshnessOf('t', 'a');
    assert.equal(state?.cadenceFrom, 'learned');
    assert.equal(state?.cadenceMs, 5_000);
    // Judged only after three intervals (at 10 s the median of 5, 5 is not there yet: three are needed).
    assert.deepEqual(
      transitions.map((t) => [t.freshness, t.atMs]),
      [],
    );
    runClock(freshness, 85_100, 116_000);
    assert.deepEqual(
      transitions.map((t) => [t.freshness, t.atMs, t.cadenceMs]),
      [['stale', 115_000, 5_000]],
    );
  });

  void it('does not judge a series with no declared cadence and too few updates', () => {
    const { freshness, transitions } = tracker();
    freshness.observe('t', 'a', 0, 'dev');
    freshness.observe('t', 'a', 1_000, 'dev');
    runClock(freshness, 0, 600_000);
    assert.equal(transitions.length, 0);
    assert.equal(freshness.freshnessOf('t', 'a')?.freshness, 'unknown');
    assert.equal(freshness.isStale('t', 'a'), false);
    assert.equal(freshness.freshnessOf('t', 'never'), undefined);
    assert.equal(freshness.isStale('t', 'never'), undefined);
  });

  void it('detects a shrunken cadence on time (the wheel entry is moved earlier)', () => {
    const { freshness, transitions } = tracker();
    // Learned 60 s first (stale at +360 s), then the device speeds up to 1 s.
    for (const now of [0, 60_000, 120_000, 180_000]) freshness.observe('t', 'a', now, 'dev');
    for (let now = 181_000; now <= 189_000; now += 1_000) freshness.observe('t', 'a', now, 'dev');
    assert.equal(freshness.freshnessOf('t', 'a')?.cadenceMs, 1_000);
    runClock(freshness, 0, 196_000);
    assert.deepEqual(
      transitions.map((t) => [t.freshness, t.atMs]),
      [['stale', 195_000]],
    );
  });

  void it('marks every series a source fed stale when the source goes offline, then fresh on its return', () => {
    const { freshness, transitions } = tracker({ 'a/x': 10_000 });
    freshness.observe('a', 'x', 1_000, 'gw-1');
    freshness.observe('b', 'y', 1_000, 'gw-1'); // not judged yet: stale anyway, its source is gone
    freshness.observe('c', 'z', 1_000, 'gw-2');
    assert.equal(freshness.sourceOffline('gw-1', 2_000), 2);
    assert.equal(freshness.sourceOffline('gw-1', 2_500), 0, 'already stale');
    assert.equal(freshness.sourceOffline('nobody', 2_500), 0);
    assert.deepEqual(
      transitions.map((t) => [t.twinId, t.freshness, t.reason, t.atMs]),
      [
        ['a', 'stale', 'source-offline', 2_000],
        ['b', 'stale', 'source-offline', 2_000],
      ],
    );
    assert.equal(freshness.freshnessOf('a', 'x')?.reason, 'source-offline');
    runClock(freshness, 0, 100_000);
    assert.equal(transitions.length, 2, 'the deadline of a series already stale does not fire again');
    freshness.observe('a', 'x', 100_000, 'gw-1');
    freshness.observe('b', 'y', 100_000, 'gw-1');
    assert.deepEqual(
      transitions.slice(2).map((t) => [t.twinId, t.freshness, t.reason]),
      [
        ['a', 'fresh', 'update'],
        ['b', 'fresh', 'update'],
      ],
    );
    assert.equal(freshness.freshnessOf('b', 'y')?.freshness, 'unknown');
    assert.equal(freshness.stats().stale, 0);
  });

  void it('forgets a deleted twin and reuses its slots', () => {
    const { freshness, transitions } = tracker({ 'a/x': 1_000, 'b/x': 1_000 });
    freshness.observe('a', 'x', 0, 'dev');
    freshness.deleteTwin('a');
    freshness.observe('b', 'x', 0, 'dev');
    assert.equal(freshness.stats().series, 1);
    runClock(freshness, 0, 10_000);
    assert.deepEqual(
      transitions.map((t) => t.twinId),
      ['b'],
    );
    assert.equal(freshness.freshnessOf('a', 'x'), undefined);
  });

  void it('ignores an update that is not later than the last one', () => {
    const { freshness, transitions } = tracker({ 't/a': 1_000 });
    freshness.observe('t', 'a', 5_000, 'dev');
    freshness.observe('t', 'a', 4_000, 'dev');
    runClock(freshness, 0, 11_000);
    assert.deepEqual(
      transitions.map((t) => t.atMs),
      [11_000],
    );
  });
});

void describe('FreshnessTracker.observePaths', () => {
  void it('takes the paths of one message together, each judged on its own cadence', () => {
    const { freshness, transitions } = tracker({ 't/a': 1_000, 't/b': 10_000 });
    freshness.observePaths('t', ['a', 'b', 'c'], 0, 'dev');
    assert.deepEqual(
      ['a', 'b', 'c'].map((path) => freshness.freshnessOf('t', path)?.freshness),
      ['fresh', 'fresh', 'unknown'],
    );
    runClock(freshness, 0, 61_000);
    assert.deepEqual(
      transitions.map((t) => [t.path, t.atMs]),
      [
        ['a', 6_000],
        ['b', 60_000],
      ],
    );
    assert.equal(freshness.stats().series, 3);
  });
});

void describe('FreshnessTracker minStaleMs', () => {
  void it('never turns a fast series stale before the floor, and uses the cadence rule above it', () => {
    const freshness = new FreshnessTracker({
      staleFactor: 6,
      minStaleMs: 5_000,
      tickMs: TICK_MS,
      startMs: 0,
      declaredCadence: (twinId) => (twinId === 'fast' ? 100 : 10_000),
    });
    const transitions: FreshnessTransition[] = [];
    freshness.onTransition((transition) => transitions.push(transition));
    freshness.observe('fast', 'a', 0, 'dev');
    freshness.observe('slow', 'a', 0, 'dev');
    runClock(freshness, 0, 4_900);
    assert.equal(transitions.length, 0, '6 × 100 ms is 600 ms, but the floor is 5 s');
    runClock(freshness, 5_000, 61_000);
    assert.deepEqual(
      transitions.map((t) => [t.twinId, t.atMs]),
      [
        ['fast', 5_000],
        ['slow', 60_000],
      ],
    );
  });
});
