import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EpochMs, TwinId } from '@doppel/core';
import type { IngestEntry, ReportedQuality } from '../ingest/ingest-types.js';
import type { PathValue } from './twin-state-store.js';
import { TwinStateStore, toPathState } from './twin-state-store.js';

function entry(
  twinId: string,
  rows: [number, Record<string, unknown>, Record<string, ReportedQuality>?][],
  options: { source?: string; kind?: 'telemetry' | 'reported'; receivedMs?: number } = {},
): IngestEntry {
  return {
    twinId: twinId as TwinId,
    kind: options.kind ?? 'telemetry',
    source: options.source ?? 'dev-1',
    transport: 'mqtt',
    receivedMs: (options.receivedMs ?? 5_000) as EpochMs,
    rows: rows.map(([ts, values, quality]) =>
      quality === undefined ? { ts: ts as EpochMs, values } : { ts: ts as EpochMs, values, quality },
    ),
    points: rows.reduce((sum, [, values]) => sum + Object.keys(values).length, 0),
  };
}

const valueOf = (store: TwinStateStore, twinId: string, path: string): unknown => store.get(twinId)?.get(path)?.value;

void describe('TwinStateStore', () => {
  void it('counts the twins that have a value at each path, through delete and restore', () => {
    const store = new TwinStateStore();
    store.apply(entry('t1', [[1_000, { a: 1, b: 2 }]]));
    store.apply(entry('t1', [[2_000, { a: 3 }]]));
    store.apply(entry('t2', [[1_000, { a: 1 }]]));
    assert.deepEqual([store.twinsWithPath('a'), store.twinsWithPath('b'), store.twinsWithPath('c')], [2, 1, 0]);
    store.delete('t1');
    assert.deepEqual([store.twinsWithPath('a'), store.twinsWithPath('b')], [1, 0]);
    store.restore([['t3', [['c', { value: 1, sourceTimeMs: 1, receivedMs: 1, source: 's', kind: 'telemetry' }]]]]);
    assert.deepEqual([store.twinsWithPath('a'), store.twinsWithPath('c')], [0, 1]);
  });

  void it('keeps the latest value per path with its metadata', () => {
    const store = new TwinStateStore();
    const result = store.apply(entry('t1', [[1_000, { a: 1, b: 'x' }]], { kind: 'reported', receivedMs: 1_500 }));
    assert.deepEqual(result, { changed: ['a', 'b'], late: 0, duplicates: 0 });
    assert.deepEqual(store.get('t1')?.get('a'), {
      value: 1,
      sourceTimeMs: 1_000,
      receivedMs: 1_500,
      source: 'dev-1',
      kind: 'property',
      reportedQuality: undefined,
    });
    assert.deepEqual(store.size, { twins: 1, paths: 2 });
  });

  void it('moves forward on a newer sample', () => {
    const store = new TwinStateStore();
    store.apply(entry('t1', [[1_000, { a: 1 }]]));
    const result = store.apply(entry('t1', [[2_000, { a: 2 }]], { source: 'dev-2', receivedMs: 6_000 }));
    assert.deepEqual(result.changed, ['a']);
    assert.deepEqual(store.get('t1')?.get('a'), {
      value: 2,
      sourceTimeMs: 2_000,
      receivedMs: 6_000,
      source: 'dev-2',
      kind: 'telemetry',
      reportedQuality: undefined,
    });
  });

  void it('does not roll back on a late sample, and counts it', () => {
    const store = new TwinStateStore();
    store.apply(entry('t1', [[2_000, { a: 2 }]]));
    const result = store.apply(entry('t1', [[1_000, { a: 1 }]]));
    assert.deepEqual(result, { changed: [], late: 1, duplicates: 0 });
    assert.equal(valueOf(store, 't1', 'a'), 2);
  });

  void it('treats an exact duplicate as idempotent', () => {
    const store = new TwinStateStore();
    store.apply(entry('t1', [[1_000, { a: 1 }]]));
    const before = { ...store.get('t1')?.get('a') };
    const result = store.apply(entry('t1', [[1_000, { a: 1 }]], { receivedMs: 9_999 }));
    assert.deepEqual(result, { changed: [], late: 0, duplicates: 1 });
    assert.deepEqual(store.get('t1')?.get('a'), before);
  });

  void it('lets the first writer win on the same source time', () => {
    const store = new TwinStateStore();
    store.apply(entry('t1', [[1_000, { a: 'first' }]]));
    store.apply(entry('t1', [[1_000, { a: 'second' }]]));
    assert.equal(valueOf(store, 't1', 'a'), 'first');
  });

  void it('applies the rows of one entry in order: the newest row wins', () => {
    const store = new TwinStateStore();
    const result = store.apply(
      entry('t1', [
        [1_000, { a: 1 }],
        [3_000, { a: 3 }],
        [2_000, { a: 2 }],
      ]),
    );
    assert.equal(valueOf(store, 't1', 'a'), 3);
    assert.equal(result.late, 1);
  });

  void it('notifies listeners with only the changed paths, and not at all when nothing changed', () => {
    const store = new TwinStateStore();
    store.apply(entry('t1', [[1_000, { a: 1, b: 1 }]]));
    const calls: [string, string[]][] = [];
    const off = store.onChange((twinId, changed) => calls.push([twinId, [...changed]]));
    store.apply(
      entry('t1', [
        [2_000, { a: 2 }],
        [500, { b: 0 }],
      ]),
    );
    store.apply(entry('t1', [[2_000, { a: 2 }]]));
    store.apply(entry('t1', [[3_000, { a: 3 }]]), false);
    assert.deepEqual(calls, [['t1', ['a']]]);
    off();
    store.apply(entry('t1', [[4_000, { a: 4 }]]));
    assert.equal(calls.length, 1);
  });

  void it('keeps twins apart', () => {
    const store = new TwinStateStore();
    store.apply(entry('t1', [[1_000, { a: 1 }]]));
    store.apply(entry('t2', [[500, { a: 2 }]]));
    assert.equal(valueOf(store, 't1', 'a'), 1);
    assert.equal(valueOf(store, 't2', 'a'), 2);
  });

  void it('deletes a twin and its path count', () => {
    const store = new TwinStateStore();
    store.apply(entry('t1', [[1_000, { a: 1, b: 2 }]]));
    store.apply(entry('t2', [[1_000, { a: 1 }]]));
    store.delete('t1');
    store.delete('missing');
    assert.equal(store.get('t1'), undefined);
    assert.deepEqual(store.size, { twins: 1, paths: 1 });
  });

  void it('restores from entries, replacing everything, with copies of the values', () => {
    const store = new TwinStateStore();
    store.apply(entry('old', [[1_000, { a: 1 }]]));
    const value: PathValue = {
      value: 7,
      sourceTimeMs: 10,
      receivedMs: 11,
      source: 's',
      kind: 'telemetry',
      reportedQuality: 'bad',
    };
    store.restore([['t1', [['x', value]]]]);
    value.value = 8;
    assert.equal(store.get('old'), undefined);
    assert.equal(valueOf(store, 't1', 'x'), 7);
    assert.equal(store.get('t1')?.get('x')?.reportedQuality, 'bad');
    assert.deepEqual(store.size, { twins: 1, paths: 1 });
    // A restored value obeys the same rules: an older sample does not roll it back.
    store.apply(entry('t1', [[5, { x: 0 }]]));
    assert.equal(valueOf(store, 't1', 'x'), 7);
  });

  void it('restores a value of a snapshot written before reported quality as one without it', () => {
    const store = new TwinStateStore();
    store.restore([['t1', [['x', { value: 1, sourceTimeMs: 10, receivedMs: 11, source: 's', kind: 'telemetry' }]]]]);
    assert.deepEqual(store.get('t1')?.get('x'), {
      value: 1,
      sourceTimeMs: 10,
      receivedMs: 11,
      source: 's',
      kind: 'telemetry',
      reportedQuality: undefined,
    });
  });

  void it('keeps the quality a device reported with a value, until a newer value comes without one', () => {
    const store = new TwinStateStore();
    store.apply(entry('t1', [[1_000, { a: 1, b: 2, 'comp/c': 3 }, { a: 'bad', 'comp/c': 'uncertain' }]]));
    const quality = (path: string): unknown => store.get('t1')?.get(path)?.reportedQuality;
    assert.deepEqual([quality('a'), quality('b'), quality('comp/c')], ['bad', undefined, 'uncertain']);
    // A late sample and a duplicate change nothing, their quality included.
    store.apply(entry('t1', [[500, { a: 0 }, { a: 'uncertain' }]]));
    store.apply(entry('t1', [[1_000, { a: 1 }]]));
    assert.equal(quality('a'), 'bad');
    // A newer value takes its own quality, or none.
    store.apply(entry('t1', [[2_000, { a: 2, b: 3 }, { b: 'uncertain' }]]));
    assert.deepEqual([quality('a'), quality('b')], [undefined, 'uncertain']);
    store.apply(entry('t1', [[3_000, { b: 4 }, { a: 'bad' }]]));
    assert.deepEqual(
      [quality('a'), quality('b')],
      [undefined, undefined],
      'a quality of a path not in the row is ignored',
    );
  });

  void it('converts a path value to the wire PathState, without its reported quality (QualityJudge combines it)', () => {
    const value: PathValue = {
      value: { lat: 1 },
      sourceTimeMs: 10,
      receivedMs: 11,
      source: 's',
      kind: 'property',
      reportedQuality: 'uncertain',
    };
    assert.deepEqual(toPathState(value), {
      value: { lat: 1 },
      sourceTimeMs: 10,
      receivedMs: 11,
      source: 's',
      kind: 'property',
    });
  });
});
