import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { EpochMs, LogFields, Logger, TwinId } from '@doppel/core';
import { ManualClock, silentLogger } from '@doppel/core';
import { FileSnapshotStore } from '../adapters/file-snapshot/file-snapshot-store.js';
import { MemoryLog } from '../adapters/memory-log/memory-log.js';
import { SegmentLog } from '../adapters/segment-log/segment-log.js';
import type { TwinGraph } from '../graph/twin-graph.js';
import { encodeEntry } from '../ingest/entry-codec.js';
import type { IngestEntry, ReportedQuality } from '../ingest/ingest-types.js';
import { restoreState, snapshotAndTrimLog, takeSnapshot } from './restore-state.js';
import { TwinStateStore } from './twin-state-store.js';

/** restoreState only asks the graph whether a twin exists. */
function graphOf(twinIds: readonly string[]): TwinGraph {
  const ids = new Set(twinIds);
  return { getTwin: (id: string) => (ids.has(id) ? { id } : undefined) } as unknown as TwinGraph;
}

function recordingLogger(): Logger & { warnings: { message: string; fields: LogFields | undefined }[] } {
  const warnings: { message: string; fields: LogFields | undefined }[] = [];
  const logger = {
    ...silentLogger,
    warnings,
    warn: (message: string, fields?: LogFields) => warnings.push({ message, fields }),
    child: () => logger,
  };
  return logger;
}

function entry(
  twinId: string,
  ts: number,
  values: Record<string, unknown>,
  quality?: Record<string, ReportedQuality>,
): IngestEntry {
  return {
    twinId: twinId as TwinId,
    kind: 'telemetry',
    source: 'dev',
    transport: 'mqtt',
    receivedMs: (ts + 1) as EpochMs,
    rows: [quality === undefined ? { ts: ts as EpochMs, values } : { ts: ts as EpochMs, values, quality }],
    points: Object.keys(values).length,
  };
}

/**
 * Entries with late samples and duplicates, so that only applying in log order gives the right
 * state, and qualities reported by devices that later values keep, replace or clear.
 */
const ENTRIES: IngestEntry[] = [
  entry('t1', 1_000, { a: 1, b: 'x' }, { b: 'bad' }),
  entry('t2', 1_000, { a: { nested: true } }),
  entry('t1', 3_000, { a: 3 }, { a: 'uncertain' }),
  entry('t1', 2_000, { a: 2, b: 'y' }, { a: 'bad', b: 'uncertain' }),
  entry('t2', 1_000, { a: 'dup' }, { a: 'bad' }),
  entry('gone', 1_000, { a: 1 }),
  entry('t1', 4_000, { b: 'z' }),
  entry('t2', 5_000, { c: false }, { c: 'bad' }),
];

function dump(state: TwinStateStore): unknown {
  return [...state.entries()]
    .map(([twinId, paths]) => [twinId, Object.fromEntries([...paths].map(([path, value]) => [path, { ...value }]))])
    .sort();
}

void describe('restoreState', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'doppel-restore-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function logWith(entries: readonly IngestEntry[]): Promise<MemoryLog> {
    const log = new MemoryLog();
    await log.open();
    for (const e of entries) await log.append([encodeEntry(e)]);
    return log;
  }

  void it('rebuilds from the log alone when there is no snapshot, skipping twins that no longer exist', async () => {
    const log = await logWith(ENTRIES);
    const state = new TwinStateStore();
    const result = await restoreState(
      state,
      log,
      new FileSnapshotStore(join(dir, 'state.json')),
      graphOf(['t1', 't2']),
      silentLogger,
    );
    assert.equal(result.fromSnapshot, false);
    assert.equal(result.replayedEntries, ENTRIES.length - 1);
    assert.equal(state.get('gone'), undefined);
    assert.equal(state.get('t1')?.get('a')?.value, 3);
    assert.equal(state.get('t1')?.get('b')?.value, 'z');
    assert.deepEqual(state.get('t2')?.get('a')?.value, { nested: true });
    assert.equal(state.get('t1')?.get('a')?.reportedQuality, 'uncertain');
    assert.equal(state.get('t1')?.get('b')?.reportedQuality, undefined, 'a newer value without quality cleared it');
    assert.equal(state.get('t2')?.get('a')?.reportedQuality, undefined, 'a duplicate changes nothing');
    assert.equal(state.get('t2')?.get('c')?.reportedQuality, 'bad');
  });

  void it('gives the same state from a snapshot plus the log tail as from a full replay', async () => {
    const log = await logWith(ENTRIES);
    const graph = graphOf(['t1', 't2']);
    const full = new TwinStateStore();
    await restoreState(full, log, new FileSnapshotStore(join(dir, 'none.json')), graph, silentLogger);

    for (let split = 0; split <= ENTRIES.length; split++) {
      // The process state after `split` entries, snapshotted at that offset.
      const live = new TwinStateStore();
      for (const e of ENTRIES.slice(0, split)) if (e.twinId !== 'gone') live.apply(e);
      const snapshots = new FileSnapshotStore(join(dir, `state-${split}.json`));
      await takeSnapshot(live, split, snapshots, new ManualClock(42));

      const restored = new TwinStateStore();
      const result = await restoreState(restored, log, snapshots, graph, silentLogger);
      assert.equal(result.fromSnapshot, true, `split ${split}`);
      assert.equal(result.replayedEntries, ENTRIES.slice(split).filter((e) => e.twinId !== 'gone').length);
      assert.deepEqual(dump(restored), dump(full), `split ${split}`);
    }
  });

  void it('keeps reported quality across a restart: in the snapshot and from the log after it', async () => {
    const log = await logWith(ENTRIES);
    const graph = graphOf(['t1', 't2']);
    // The snapshot covers the first six entries (t1.b uncertain); the log after it clears t1.b's
    // quality with a newer value and brings t2.c's.
    const live = new TwinStateStore();
    for (const e of ENTRIES.slice(0, 6)) if (e.twinId !== 'gone') live.apply(e);
    const snapshots = new FileSnapshotStore(join(dir, 'state.json'));
    await takeSnapshot(live, 6, snapshots, new ManualClock(0));
    const saved = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as {
      twins: [string, [string, object][]][];
    };
    const t1 = new Map(saved.twins.find(([twinId]) => twinId === 't1')?.[1]);
    assert.deepEqual(t1.get('b'), {
      value: 'y',
      sourceTimeMs: 2_000,
      receivedMs: 2_001,
      source: 'dev',
      kind: 'telemetry',
      reportedQuality: 'uncertain',
    });
    assert.equal(
      'reportedQuality' in (new Map(saved.twins.find(([twinId]) => twinId === 't2')?.[1]).get('a') ?? {}),
      false,
    );

    const fromSnapshot = new TwinStateStore();
    await restoreState(fromSnapshot, log, new FileSnapshotStore(join(dir, 'state.json')), graph, silentLogger);
    const qualities = (state: TwinStateStore): unknown =>
      [...state.entries()].map(([twinId, paths]) => [twinId, [...paths].map(([path, v]) => [path, v.reportedQuality])]);
    assert.deepEqual(qualities(fromSnapshot), [
      [
        't1',
        [
          ['a', 'uncertain'],
          ['b', undefined],
        ],
      ],
      [
        't2',
        [
          ['a', undefined],
          ['c', 'bad'],
        ],
      ],
    ]);
    // Restarting from the snapshot alone (nothing after it in the log) keeps what it holds.
    const snapshotOnly = new TwinStateStore();
    await restoreState(snapshotOnly, await logWith(ENTRIES.slice(0, 6)), snapshots, graph, silentLogger);
    assert.equal(snapshotOnly.get('t1')?.get('b')?.reportedQuality, 'uncertain');
  });

  void it('reads a snapshot written before reported quality', async () => {
    const path = join(dir, 'old.json');
    await writeFile(
      path,
      '{"version":1,"offset":0,"takenMs":5,"twins":[["t1",[["a",{"value":1,"sourceTimeMs":10,"receivedMs":11,"source":"dev","kind":"telemetry"}]]]]}',
    );
    const state = new TwinStateStore();
    const result = await restoreState(
      state,
      await logWith([]),
      new FileSnapshotStore(path),
      graphOf(['t1']),
      silentLogger,
    );
    assert.equal(result.fromSnapshot, true);
    assert.deepEqual(state.get('t1')?.get('a'), {
      value: 1,
      sourceTimeMs: 10,
      receivedMs: 11,
      source: 'dev',
      kind: 'telemetry',
      reportedQuality: undefined,
    });
    state.apply(entry('t1', 20, { a: 2 }, { a: 'bad' }));
    assert.equal(state.get('t1')?.get('a')?.reportedQuality, 'bad');
  });

  void it('drops twins of a snapshot that no longer exist', async () => {
    const log = await logWith(ENTRIES.slice(0, 2));
    const live = new TwinStateStore();
    for (const e of ENTRIES.slice(0, 2)) live.apply(e);
    const snapshots = new FileSnapshotStore(join(dir, 'state.json'));
    await takeSnapshot(live, 2, snapshots, new ManualClock(0));
    const restored = new TwinStateStore();
    await restoreState(restored, log, snapshots, graphOf(['t2']), silentLogger);
    assert.equal(restored.get('t1'), undefined);
    assert.deepEqual(restored.get('t2')?.get('a')?.value, { nested: true });
    assert.deepEqual(restored.size, { twins: 1, paths: 1 });
  });

  void it('ignores a snapshot whose offset lies beyond the log, with a warning, and rebuilds from the log', async () => {
    const log = await logWith(ENTRIES.slice(0, 3));
    const bogus = new TwinStateStore();
    bogus.apply(entry('t1', 9_000, { a: 'from the future' }));
    const snapshots = new FileSnapshotStore(join(dir, 'state.json'));
    await takeSnapshot(bogus, 99, snapshots, new ManualClock(0));

    const logger = recordingLogger();
    const state = new TwinStateStore();
    const result = await restoreState(state, log, snapshots, graphOf(['t1', 't2']), logger);
    assert.equal(state.get('t1')?.get('a')?.value, 3);
    assert.equal(result.replayedEntries, 3);
    assert.equal(logger.warnings.length, 1);
    assert.match(logger.warnings[0]?.message ?? '', /snapshot does not match the log/);
    assert.equal(logger.warnings[0]?.fields?.snapshotOffset, 99);
  });

  // Regression: restoreState reported fromSnapshot: true for a snapshot it had just ignored.
  void it('reports fromSnapshot false when the snapshot was ignored', async () => {
    const log = await logWith(ENTRIES.slice(0, 3));
    const snapshots = new FileSnapshotStore(join(dir, 'state.json'));
    await takeSnapshot(new TwinStateStore(), 99, snapshots, new ManualClock(0));
    const result = await restoreState(new TwinStateStore(), log, snapshots, graphOf(['t1']), recordingLogger());
    assert.equal(result.fromSnapshot, false);
  });
});

void describe('FileSnapshotStore', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'doppel-snapshot-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  void it('loads nothing when no snapshot was saved', async () => {
    assert.equal(await new FileSnapshotStore(join(dir, 'state.json')).load(), undefined);
  });

  void it('saves atomically (no .tmp left), creating the directory, and loads what was saved', async () => {
    const path = join(dir, 'nested', 'state.json');
    const store = new FileSnapshotStore(path);
    const twins = [
      [
        't1',
        [['a', { value: { x: [1, 'two'] }, sourceTimeMs: 1, receivedMs: 2, source: 's', kind: 'telemetry' as const }]],
      ],
    ] as const;
    await store.save({ offset: 3, takenMs: 10, twins });
    await store.save({ offset: 5, takenMs: 20, twins });
    assert.deepEqual(await readdir(join(dir, 'nested')), ['state.json']);
    const loaded = await new FileSnapshotStore(path).load();
    assert.equal(loaded?.offset, 5);
    assert.equal(loaded?.takenMs, 20);
    assert.deepEqual(loaded?.twins, twins);
  });
});

void describe('snapshotAndTrimLog', () => {
  void it('deletes covered segments only once the log is over its byte bound, and restore still works', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'doppel-trim-'));
    try {
      const log = new SegmentLog({ dir: join(dir, 'log'), segmentBytesMax: 4_096, fsync: 'never' });
      await log.open();
      const state = new TwinStateStore();
      for (let i = 0; i < 200; i++) {
        const row = { ts: (1_000 + i) as EpochMs, values: { temperature: i } };
        const entry = {
          twinId: 't1' as TwinId,
          kind: 'telemetry' as const,
          source: 's',
          transport: 'mqtt' as const,
          receivedMs: 5_000 as EpochMs,
          rows: [row],
          points: 1,
        };
        await log.append([encodeEntry(entry)]);
        state.apply(entry);
      }
      const snapshots = new FileSnapshotStore(join(dir, 'snapshot.json'));
      const before = log.stats().bytes;
      assert.equal(
        await snapshotAndTrimLog(state, log.nextOffset(), snapshots, log, new ManualClock(0), before + 1),
        before,
      );
      assert.equal(log.firstOffset(), 0, 'under the bound: nothing deleted');
      await snapshotAndTrimLog(state, log.nextOffset(), snapshots, log, new ManualClock(0), 1_000, 0);
      assert.equal(log.firstOffset(), 0, 'a consumer still at offset 0 keeps every segment');
      const after = await snapshotAndTrimLog(state, log.nextOffset(), snapshots, log, new ManualClock(0), 1_000);
      assert.ok(after < before && log.firstOffset() > 0, 'over the bound: covered segments deleted');
      const restored = new TwinStateStore();
      const graph = { getTwin: (id: string) => (id === 't1' ? ({ id } as never) : undefined) } as never;
      await restoreState(restored, log, snapshots, graph, silentLogger);
      assert.equal(restored.get('t1')?.get('temperature')?.value, 199);
      await log.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
