import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EpochMs, TwinId } from '@doppel/core';
import { decodeEntry, encodeEntry, visitEntrySamples } from './entry-codec.js';
import type { IngestEntry, SampleRow } from './ingest-types.js';

const entry: IngestEntry = {
  twinId: 'pump-1' as TwinId,
  kind: 'telemetry',
  source: 'client-a',
  transport: 'mqtt',
  receivedMs: 1_769_860_800_000 as EpochMs,
  rows: [
    {
      ts: 1_769_860_799_000 as EpochMs,
      values: {
        temperature: 21.5,
        name: 'Pump "7" — ünïcødé',
        running: false,
        'comp/x': 0,
        position: { lat: 52.1, lon: 4.3, tags: ['a', 'b'], nested: { deep: null } },
      },
    },
    { ts: 1_769_860_800_000 as EpochMs, values: { running: true, count: -3 } },
  ],
  points: 7,
};

void describe('entry codec', () => {
  void it('round-trips an entry exactly, with objects, strings and booleans', () => {
    assert.deepEqual(decodeEntry(encodeEntry(entry)), entry);
  });

  void it('round-trips a reported entry and each transport', () => {
    for (const transport of ['mqtt', 'http', 'replay'] as const) {
      const reported: IngestEntry = { ...entry, kind: 'reported', transport };
      assert.deepEqual(decodeEntry(encodeEntry(reported)), reported);
    }
  });

  void it('writes the documented short-key format, version 1', () => {
    const raw = JSON.parse(new TextDecoder().decode(encodeEntry(entry))) as Record<string, unknown>;
    assert.deepEqual(Object.keys(raw), ['v', 't', 'k', 's', 'x', 'r', 'd']);
    assert.equal(raw.v, 1);
    assert.equal(raw.k, 't');
    assert.deepEqual(raw.d, [
      [entry.rows[0]?.ts, entry.rows[0]?.values],
      [entry.rows[1]?.ts, entry.rows[1]?.values],
    ]);
  });

  void it('recounts points from the rows', () => {
    assert.equal(decodeEntry(encodeEntry({ ...entry, points: 999 })).points, 7);
  });

  void it('round-trips the qualities devices reported, as a third element of their rows only', () => {
    const qualified: IngestEntry = {
      ...entry,
      rows: [
        { ...(entry.rows[0] as SampleRow), quality: { temperature: 'bad', 'comp/x': 'uncertain' } },
        entry.rows[1] as SampleRow,
      ],
    };
    const record = encodeEntry(qualified);
    assert.deepEqual(decodeEntry(record), qualified);
    const raw = JSON.parse(new TextDecoder().decode(record)) as { d: unknown[][] };
    assert.deepEqual(
      raw.d.map((row) => row.length),
      [3, 2],
    );
    assert.deepEqual(raw.d[0]?.[2], { temperature: 'bad', 'comp/x': 'uncertain' });
    assert.equal(decodeEntry(record).points, 7, 'qualities are not points');
    assert.deepEqual(visited(record), decodedRows(record), 'history sees the values alone');
  });

  void it('decodes a version 1 record written before qualities (two elements per row) without any', () => {
    const old =
      '{"v":1,"t":"pump-7","k":"t","s":"client-id","x":"mqtt","r":1795604521077,"d":[[1795604520981,{"flowRate":12.5,"comp/x":1}]]}';
    const decoded = decodeEntry(new TextEncoder().encode(old));
    assert.deepEqual(decoded.rows, [{ ts: 1_795_604_520_981, values: { flowRate: 12.5, 'comp/x': 1 } }]);
    assert.equal(decoded.rows[0]?.quality, undefined);
    assert.equal(decoded.points, 2);
  });

  void it('refuses a record of an unknown version', () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ v: 2, t: 'x', k: 't', s: '', x: 'mqtt', r: 0, d: [] }));
    assert.throws(() => decodeEntry(bytes), /unknown ingest entry format version 2/);
  });
});

void describe('entry codec, raw payload (version 2)', () => {
  const payload = new TextEncoder().encode(
    '[{"ts":"2026-01-31T12:00:00.5Z","a":1.5,"s":"x"},{"b":{"k":[1,2]},"ts":1769860800123.9},{"c":true}]',
  );
  const raw: IngestEntry = {
    twinId: 'pump-1' as TwinId,
    kind: 'telemetry',
    source: 'client-a',
    transport: 'mqtt',
    receivedMs: 1_769_860_801_000 as EpochMs,
    rows: [
      { ts: Date.parse('2026-01-31T12:00:00.5Z') as EpochMs, values: { a: 1.5, s: 'x' } },
      { ts: 1_769_860_800_123 as EpochMs, values: { b: { k: [1, 2] } } },
      { ts: 1_769_860_801_000 as EpochMs, values: { c: true } },
    ],
    points: 4,
    raw: payload,
  };

  void it('stores the payload bytes verbatim after a small header', () => {
    const record = encodeEntry(raw);
    assert.equal(record[0], 2);
    assert.deepEqual(record.subarray(record.byteLength - payload.byteLength), payload);
  });

  void it('decodes to the same rows as ingest derived: ISO and epoch ts, missing ts = receive time', () => {
    assert.deepEqual(decodeEntry(encodeEntry(raw)), raw);
  });

  void it('decodes from a view into a larger buffer', () => {
    const record = encodeEntry(raw);
    const big = new Uint8Array(record.byteLength + 10);
    big.set(record, 7);
    assert.deepEqual(decodeEntry(big.subarray(7, 7 + record.byteLength)), raw);
  });
});

/** What visitEntrySamples reports, with the sample's own `ts` key removed as the history consumer does. */
function visited(record: Uint8Array): { twinId: string; ts: number; values: Record<string, unknown> }[] {
  const out: { twinId: string; ts: number; values: Record<string, unknown> }[] = [];
  visitEntrySamples(record, (twinId, ts, sample) => {
    const values: Record<string, unknown> = {};
    for (const key in sample) if (key !== 'ts') values[key] = sample[key];
    out.push({ twinId, ts, values });
  });
  return out;
}

function decodedRows(record: Uint8Array): { twinId: string; ts: number; values: Record<string, unknown> }[] {
  const decoded = decodeEntry(record);
  return decoded.rows.map((row) => ({ twinId: decoded.twinId, ts: row.ts, values: { ...row.values } }));
}

void describe('visitEntrySamples', () => {
  const payload = new TextEncoder().encode('[{"ts":1769860800123,"a":1.5},{"b":"x"}]');
  const base: IngestEntry = {
    twinId: 'pump-1' as TwinId,
    kind: 'telemetry',
    source: 'client-a',
    transport: 'mqtt',
    receivedMs: 1_769_860_801_000 as EpochMs,
    rows: [
      { ts: 1_769_860_800_123 as EpochMs, values: { a: 1.5 } },
      { ts: 1_769_860_801_000 as EpochMs, values: { b: 'x' } },
    ],
    points: 2,
    raw: payload,
  };

  void it('gives the rows decodeEntry gives, for both versions', () => {
    for (const record of [encodeEntry(base), encodeEntry(entry)]) {
      assert.deepEqual(visited(record), decodedRows(record));
    }
  });

  void it('reads twin ids that need escaping or are not ASCII, and any receive time', () => {
    for (const twinId of ['a"b', 'back\\slash', 'ünïcødé-7', 'r":1}', '']) {
      for (const receivedMs of [0, 7, 1_769_860_801_000]) {
        const record = encodeEntry({ ...base, twinId: twinId as TwinId, receivedMs: receivedMs as EpochMs });
        assert.deepEqual(visited(record), decodedRows(record), `twin ${twinId}, received ${receivedMs}`);
        assert.equal(visited(record)[0]?.twinId, twinId);
        assert.equal(visited(record)[1]?.ts, receivedMs);
      }
    }
  });
});
