import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EpochMs } from '@doppel/core';
import { ModelSet, parseModels } from '@doppel/dtdl';
import type { IngestKind } from '@doppel/protocol';
import type { CompiledModel } from '../graph/compiled-model.js';
import { compileModel } from '../graph/compiled-model.js';
import type { DecodeLimits, TwinModelLookup } from './decode-input.js';
import { decodeInput } from './decode-input.js';
import { decodeEntry, encodeEntry } from './entry-codec.js';
import type { DecodedInput, IngestInput } from './ingest-types.js';

const CTX = 'dtmi:dtdl:context;3';
const SENSOR = 'dtmi:test:Sensor;1';
const SUB = 'dtmi:test:Sub;1';

function compile(): CompiledModel {
  const result = parseModels([
    {
      '@context': CTX,
      '@id': SUB,
      '@type': 'Interface',
      contents: [{ '@type': 'Telemetry', name: 'x', schema: 'double' }],
    },
    {
      '@context': CTX,
      '@id': SENSOR,
      '@type': 'Interface',
      contents: [
        { '@type': 'Telemetry', name: 'temperature', schema: 'double' },
        {
          '@type': 'Telemetry',
          name: 'status',
          schema: {
            '@type': 'Enum',
            valueSchema: 'string',
            enumValues: [
              { name: 'ok', enumValue: 'ok' },
              { name: 'fault', enumValue: 'fault' },
            ],
          },
        },
        { '@type': 'Property', name: 'setpoint', schema: 'double', writable: true },
        { '@type': 'Component', name: 'comp', schema: SUB },
      ],
    },
  ]);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  const set = new ModelSet(result.interfaces);
  const info = set.get(SENSOR);
  assert.ok(info);
  return compileModel(info, set);
}

const MODEL = compile();
const RECEIVED_MS = Date.parse('2026-01-31T12:00:00Z') as EpochMs;
const LIMITS: DecodeLimits = {
  payloadBytesMax: 4_096,
  samplesPerPayloadMax: 5,
  timestampPastMaxMs: 3_600_000,
  timestampFutureMaxMs: 60_000,
};
const lookup: TwinModelLookup = (twinId) => (twinId === 'pump-1' ? MODEL : undefined);

function input(payload: unknown, options: { kind?: IngestKind; twinId?: string; raw?: boolean } = {}): IngestInput {
  const text = options.raw === true ? String(payload) : JSON.stringify(payload);
  return {
    transport: 'mqtt',
    topic: `twins/${options.twinId ?? 'pump-1'}/telemetry`,
    clientId: 'client-a',
    twinId: options.twinId ?? 'pump-1',
    kind: options.kind ?? 'telemetry',
    payload: new TextEncoder().encode(text),
    receivedMs: RECEIVED_MS,
  };
}

function decode(payload: unknown, options: { kind?: IngestKind; twinId?: string; raw?: boolean } = {}): DecodedInput {
  return decodeInput(input(payload, options), lookup, LIMITS);
}

/** Invariant 1: every point of an input is either applied or in a dead letter. */
function assertAccounted(decoded: DecodedInput): void {
  const applied = decoded.entry?.points ?? 0;
  const deadLettered = decoded.deadLetters.reduce((sum, draft) => sum + draft.points, 0);
  assert.equal(decoded.points, applied + deadLettered, 'points = applied + dead-lettered');
  if (decoded.entry !== undefined) {
    const rowPoints = decoded.entry.rows.reduce((sum, row) => sum + Object.keys(row.values).length, 0);
    assert.equal(decoded.entry.points, rowPoints);
  }
}

function onlyReason(decoded: DecodedInput): string {
  assert.equal(decoded.deadLetters.length, 1, JSON.stringify(decoded.deadLetters));
  return decoded.deadLetters[0]?.reason ?? '';
}

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

void describe('decodeInput', () => {
  void it('applies a valid object with ts as ISO and keeps nothing in dead letters', () => {
    const decoded = decode({ ts: '2026-01-31T11:59:00Z', temperature: 21.5, status: 'ok' });
    assert.deepEqual(decoded.deadLetters, []);
    assert.equal(decoded.points, 2);
    assert.deepEqual(decoded.entry?.rows, [{ ts: RECEIVED_MS - 60_000, values: { temperature: 21.5, status: 'ok' } }]);
    assert.equal(decoded.entry?.twinId, 'pump-1');
    assert.equal(decoded.entry?.source, 'client-a');
    assert.equal(decoded.entry?.transport, 'mqtt');
    assert.equal(decoded.entry?.receivedMs, RECEIVED_MS);
    assertAccounted(decoded);
  });

  void it('accepts ts as epoch milliseconds', () => {
    const decoded = decode({ ts: RECEIVED_MS - 5, temperature: 1 });
    assert.equal(decoded.entry?.rows[0]?.ts, RECEIVED_MS - 5);
  });

  void it('uses the receive time when ts is missing', () => {
    const decoded = decode({ temperature: 1 });
    assert.equal(decoded.entry?.rows[0]?.ts, RECEIVED_MS);
  });

  void it('maps component contents to component/name paths', () => {
    const decoded = decode({ comp: { x: 1 }, temperature: 2 });
    assert.deepEqual(decoded.deadLetters, []);
    assert.deepEqual(decoded.entry?.rows[0]?.values, { 'comp/x': 1, temperature: 2 });
    assert.equal(decoded.points, 2);
    assertAccounted(decoded);
  });

  void it('dead-letters an unknown name inside a component with its nested pointer and path', () => {
    const decoded = decode({ comp: { x: 1, y: 2 } });
    assert.equal(onlyReason(decoded), 'ingest.name-unknown');
    const draft = decoded.deadLetters[0];
    assert.equal(draft?.pointer, '/comp/y');
    assert.deepEqual(JSON.parse(text(draft?.payload ?? new Uint8Array())), { ts: RECEIVED_MS, comp: { y: 2 } });
    assert.deepEqual(decoded.entry?.rows[0]?.values, { 'comp/x': 1 });
    assertAccounted(decoded);
  });

  void it('dead-letters a payload over payloadBytesMax whole: ingest.payload-too-large', () => {
    const decoded = decode({ temperature: 1, pad: 'x'.repeat(LIMITS.payloadBytesMax) });
    assert.equal(onlyReason(decoded), 'ingest.payload-too-large');
    assert.equal(decoded.entry, undefined);
    assert.equal(decoded.deadLetters[0]?.points, 1);
    assert.equal(
      decoded.deadLetters[0]?.payload.byteLength,
      input({ temperature: 1, pad: 'x'.repeat(4_096) }).payload.byteLength,
    );
    assertAccounted(decoded);
  });

  void it('dead-letters bad JSON: ingest.payload-malformed with the raw payload kept', () => {
    const decoded = decode('{"temperature": 1', { raw: true });
    assert.equal(onlyReason(decoded), 'ingest.payload-malformed');
    assert.match(decoded.deadLetters[0]?.message ?? '', /not valid JSON/);
    assert.equal(text(decoded.deadLetters[0]?.payload ?? new Uint8Array()), '{"temperature": 1');
    assert.equal(decoded.points, 1);
    assertAccounted(decoded);
  });

  void it('dead-letters a JSON value that is not an object: ingest.payload-malformed', () => {
    for (const payload of [42, 'hello', null, true]) {
      const decoded = decode(payload);
      assert.equal(onlyReason(decoded), 'ingest.payload-malformed', String(payload));
      assert.match(decoded.deadLetters[0]?.message ?? '', /the payload must be a JSON object/);
      assertAccounted(decoded);
    }
  });

  void it('dead-letters an array whose element is not an object, naming the element', () => {
    const decoded = decode([{ temperature: 1, status: 'ok' }, 7]);
    assert.equal(onlyReason(decoded), 'ingest.payload-malformed');
    assert.match(decoded.deadLetters[0]?.message ?? '', /element 1 of the array/);
    assert.equal(decoded.entry, undefined);
    assert.equal(decoded.points, 3);
    assertAccounted(decoded);
  });

  void it('dead-letters more samples than samplesPerPayloadMax: ingest.batch-too-large', () => {
    const samples = Array.from({ length: LIMITS.samplesPerPayloadMax + 1 }, (_, i) => ({ temperature: i }));
    const decoded = decode(samples);
    assert.equal(onlyReason(decoded), 'ingest.batch-too-large');
    assert.equal(decoded.entry, undefined);
    assert.equal(decoded.points, samples.length);
    assertAccounted(decoded);
  });

  void it('dead-letters an input for a twin that does not exist: ingest.twin-unknown', () => {
    const decoded = decode({ temperature: 1, status: 'ok' }, { twinId: 'nobody' });
    assert.equal(onlyReason(decoded), 'ingest.twin-unknown');
    assert.equal(decoded.deadLetters[0]?.twinId, 'nobody');
    assert.equal(decoded.points, 2);
    assertAccounted(decoded);
  });

  void it('stores twinId null for an input whose topic named no valid twin', () => {
    const decoded = decode({ temperature: 1 }, { twinId: '' });
    assert.equal(onlyReason(decoded), 'ingest.twin-unknown');
    assert.equal(decoded.deadLetters[0]?.twinId, null);
  });

  void it('dead-letters an unknown name: ingest.name-unknown', () => {
    const decoded = decode({ humidity: 40 });
    assert.equal(onlyReason(decoded), 'ingest.name-unknown');
    assert.match(decoded.deadLetters[0]?.message ?? '', /declares no telemetry "humidity"/);
    assertAccounted(decoded);
  });

  void it('hints that a property was sent as telemetry', () => {
    const decoded = decode({ setpoint: 20 });
    assert.equal(onlyReason(decoded), 'ingest.name-unknown');
    assert.match(decoded.deadLetters[0]?.message ?? '', /is a property of dtmi:test:Sensor;1, not telemetry/);
  });

  void it('hints that telemetry was reported as a property', () => {
    const decoded = decode({ temperature: 20 }, { kind: 'reported' });
    assert.equal(onlyReason(decoded), 'ingest.name-unknown');
    assert.match(decoded.deadLetters[0]?.message ?? '', /is telemetry of dtmi:test:Sensor;1, not a property/);
  });

  void it('applies a reported property', () => {
    const decoded = decode({ setpoint: 20 }, { kind: 'reported' });
    assert.deepEqual(decoded.deadLetters, []);
    assert.deepEqual(decoded.entry?.rows[0]?.values, { setpoint: 20 });
    assert.equal(decoded.entry?.kind, 'reported');
  });

  void it('dead-letters a value of the wrong type: ingest.value-invalid', () => {
    const decoded = decode({ temperature: 'hot' });
    assert.equal(onlyReason(decoded), 'ingest.value-invalid');
    assert.match(decoded.deadLetters[0]?.message ?? '', /^temperature: /);
    assert.equal(decoded.deadLetters[0]?.pointer, '/temperature');
    assertAccounted(decoded);
  });

  void it('dead-letters a value outside the enum: ingest.value-not-in-enum', () => {
    const decoded = decode({ status: 'melting' });
    assert.equal(onlyReason(decoded), 'ingest.value-not-in-enum');
    assertAccounted(decoded);
  });

  void it('dead-letters a malformed ts string: ingest.timestamp-invalid', () => {
    const decoded = decode({ ts: 'yesterday', temperature: 1, status: 'ok' });
    assert.equal(onlyReason(decoded), 'ingest.timestamp-invalid');
    assert.equal(decoded.deadLetters[0]?.pointer, '/ts');
    assert.equal(decoded.deadLetters[0]?.points, 2);
    assert.equal(decoded.entry, undefined);
    assertAccounted(decoded);
  });

  void it('dead-letters an ISO ts without a time zone: ingest.timestamp-invalid', () => {
    const decoded = decode({ ts: '2026-01-31T12:00:00', temperature: 1 });
    assert.equal(onlyReason(decoded), 'ingest.timestamp-invalid');
  });

  void it('dead-letters a boolean ts: ingest.timestamp-invalid', () => {
    const decoded = decode({ ts: true, temperature: 1 });
    assert.equal(onlyReason(decoded), 'ingest.timestamp-invalid');
    assertAccounted(decoded);
  });

  void it('dead-letters a ts too far in the past: ingest.timestamp-out-of-range', () => {
    const decoded = decode({ ts: RECEIVED_MS - LIMITS.timestampPastMaxMs - 1, temperature: 1 });
    assert.equal(onlyReason(decoded), 'ingest.timestamp-out-of-range');
    assertAccounted(decoded);
  });

  void it('dead-letters a ts too far in the future: ingest.timestamp-out-of-range', () => {
    const decoded = decode({ ts: RECEIVED_MS + LIMITS.timestampFutureMaxMs + 1, temperature: 1 });
    assert.equal(onlyReason(decoded), 'ingest.timestamp-out-of-range');
    assertAccounted(decoded);
  });

  void it('applies the valid samples of a partly valid batch and dead-letters each bad one alone', () => {
    const decoded = decode([
      { ts: RECEIVED_MS - 2_000, temperature: 1, status: 'ok' },
      { ts: RECEIVED_MS - 1_000, temperature: 'warm', status: 'melting', humidity: 3 },
      { ts: 'never', temperature: 3 },
      { ts: RECEIVED_MS, comp: { x: 'no' }, temperature: 4 },
    ]);
    assert.deepEqual(decoded.entry?.rows, [
      { ts: RECEIVED_MS - 2_000, values: { temperature: 1, status: 'ok' } },
      { ts: RECEIVED_MS, values: { temperature: 4 } },
    ]);
    assert.deepEqual(
      decoded.deadLetters.map((draft) => [draft.reason, draft.pointer, draft.points]),
      [
        ['ingest.value-invalid', '/1/temperature', 1],
        ['ingest.value-not-in-enum', '/1/status', 1],
        ['ingest.name-unknown', '/1/humidity', 1],
        ['ingest.timestamp-invalid', '/2/ts', 1],
        ['ingest.value-invalid', '/3/comp/x', 1],
      ],
    );
    assert.deepEqual(
      decoded.deadLetters.map((draft) => JSON.parse(text(draft.payload)) as unknown),
      [
        { ts: RECEIVED_MS - 1_000, temperature: 'warm' },
        { ts: RECEIVED_MS - 1_000, status: 'melting' },
        { ts: RECEIVED_MS - 1_000, humidity: 3 },
        { ts: 'never', temperature: 3 },
        { ts: RECEIVED_MS, comp: { x: 'no' } },
      ],
    );
    assert.equal(decoded.points, 8);
    assertAccounted(decoded);
  });

  void it('replays a sample-level dead letter payload to the same path and time', () => {
    const first = decode([{ ts: RECEIVED_MS - 1_000, comp: { x: 'bad' } }]);
    const draft = first.deadLetters[0];
    assert.ok(draft);
    // The payload alone, with the value fixed, decodes to exactly that one sample.
    const replay = JSON.parse(text(draft.payload)) as { ts: number; comp: { x: unknown } };
    assert.equal(replay.ts, RECEIVED_MS - 1_000);
    replay.comp.x = 5;
    const again = decode(replay);
    assert.deepEqual(again.deadLetters, []);
    assert.deepEqual(again.entry?.rows, [{ ts: RECEIVED_MS - 1_000, values: { 'comp/x': 5 } }]);
  });

  void it('replays an unchanged dead letter payload to the same reason', () => {
    const first = decode({ temperature: 'hot' });
    const payload = JSON.parse(text(first.deadLetters[0]?.payload ?? new Uint8Array())) as unknown;
    assert.equal(onlyReason(decode(payload)), 'ingest.value-invalid');
  });

  void it('counts a sample with only ts as no points and an empty batch as none', () => {
    const onlyTs = decode({ ts: RECEIVED_MS });
    assert.equal(onlyTs.entry, undefined);
    assert.deepEqual(onlyTs.deadLetters, []);
    assert.equal(onlyTs.points, 0);
    const empty = decode([]);
    assert.equal(empty.points, 0);
    assertAccounted(empty);
  });

  void it('dead-letters a component given as a scalar as an unknown name', () => {
    const decoded = decode({ comp: 5 });
    assert.equal(onlyReason(decoded), 'ingest.name-unknown');
    assertAccounted(decoded);
  });
});

void describe('decodeInput, $quality', () => {
  void it('applies one quality to every value of the sample, component contents included', () => {
    const decoded = decode({ ts: RECEIVED_MS, $quality: 'uncertain', temperature: 1, comp: { x: 2 } });
    assert.deepEqual(decoded.deadLetters, []);
    assert.deepEqual(decoded.entry?.rows, [
      {
        ts: RECEIVED_MS,
        values: { temperature: 1, 'comp/x': 2 },
        quality: { temperature: 'uncertain', 'comp/x': 'uncertain' },
      },
    ]);
    assert.equal(decoded.points, 2, '$quality is not a point');
    assertAccounted(decoded);
  });

  void it('stores nothing for good, the default, and never keeps a payload with $quality verbatim', () => {
    const decoded = decode({ $quality: 'good', temperature: 1 });
    assert.deepEqual(decoded.entry?.rows, [{ ts: RECEIVED_MS, values: { temperature: 1 } }]);
    assert.equal(decoded.entry?.raw, undefined, 'format 2 would read $quality as a value');
    assert.equal(decode({ temperature: 1 }).entry?.raw?.byteLength, input({ temperature: 1 }).payload.byteLength);
    const alone = decode({ $quality: 'bad' });
    assert.deepEqual([alone.entry, alone.deadLetters, alone.points], [undefined, [], 0]);
  });

  void it('takes qualities per value, by the paths the values have in the sample', () => {
    const decoded = decode({
      temperature: 1,
      status: 'ok',
      comp: { x: 2 },
      $quality: { temperature: 'bad', status: 'good', 'comp/x': 'uncertain' },
    });
    assert.deepEqual(decoded.deadLetters, []);
    assert.deepEqual(decoded.entry?.rows[0]?.quality, { temperature: 'bad', 'comp/x': 'uncertain' });
    assert.deepEqual(decode({ temperature: 1, $quality: {} }).entry?.rows, [
      { ts: RECEIVED_MS, values: { temperature: 1 } },
    ]);
    assertAccounted(decoded);
  });

  void it('drops the quality of a value that is dead-lettered, and keeps it in that dead letter for replay', () => {
    const decoded = decode({
      ts: RECEIVED_MS - 1_000,
      temperature: 'hot',
      status: 'ok',
      humidity: 40,
      $quality: { temperature: 'bad', status: 'uncertain', humidity: 'uncertain' },
    });
    assert.deepEqual(decoded.entry?.rows, [
      { ts: RECEIVED_MS - 1_000, values: { status: 'ok' }, quality: { status: 'uncertain' } },
    ]);
    assert.deepEqual(
      decoded.deadLetters.map((draft) => [draft.reason, draft.pointer, JSON.parse(text(draft.payload)) as unknown]),
      [
        ['ingest.value-invalid', '/temperature', { ts: RECEIVED_MS - 1_000, $quality: 'bad', temperature: 'hot' }],
        ['ingest.name-unknown', '/humidity', { ts: RECEIVED_MS - 1_000, $quality: 'uncertain', humidity: 40 }],
      ],
    );
    assertAccounted(decoded);
    // The dead letter, once its value is fixed, replays with the quality it came with.
    const replay = JSON.parse(text(decoded.deadLetters[0]?.payload ?? new Uint8Array())) as Record<string, unknown>;
    replay.temperature = 30;
    assert.deepEqual(decode(replay).entry?.rows, [
      { ts: RECEIVED_MS - 1_000, values: { temperature: 30 }, quality: { temperature: 'bad' } },
    ]);
  });

  void it('dead-letters the whole sample for an invalid $quality: ingest.quality-invalid at /$quality', () => {
    const cases: [unknown, RegExp][] = [
      [5, /must be "good", "uncertain" or "bad" .*got number 5/],
      [null, /got null/],
      [['bad'], /got an array/],
      [true, /got boolean true/],
      ['excellent', /"excellent" is not a quality: use "good", "uncertain" or "bad"/],
      ['Bad', /"Bad" is not a quality/],
      [{ temperature: 'meh' }, /gives "temperature" the quality the string "meh"/],
      [{ temperature: 2 }, /gives "temperature" the quality number 2/],
      [{ humidity: 'bad' }, /names "humidity", which is not a value of this sample/],
      [{ 'comp/y': 'bad' }, /names "comp\/y", which is not a value of this sample/],
      [{ 'other/x': 'bad' }, /names "other\/x", which is not a value/],
      [{ comp: 'bad' }, /names the component "comp": give the quality of each of its values, as "comp\/<name>"/],
      [{ ts: 'bad' }, /names "ts", which is not a value/],
      [{ $quality: 'bad' }, /names "\$quality", which is not a value/],
    ];
    for (const [quality, message] of cases) {
      const sample = { ts: RECEIVED_MS, temperature: 1, status: 'ok', comp: { x: 2 }, $quality: quality };
      const decoded = decode(sample);
      const label = JSON.stringify(quality);
      assert.equal(onlyReason(decoded), 'ingest.quality-invalid', label);
      const draft = decoded.deadLetters[0];
      assert.equal(draft?.pointer, '/$quality', label);
      assert.match(draft?.message ?? '', message, label);
      assert.equal(
        draft?.points,
        3,
        `${label}: the sample's values (a component object counts one), not ts or $quality`,
      );
      assert.deepEqual(JSON.parse(text(draft?.payload ?? new Uint8Array())), sample, label);
      assert.equal(decoded.entry, undefined, label);
      assertAccounted(decoded);
    }
  });

  void it('dead-letters only the sample with an invalid $quality of a batch, at /{i}/$quality', () => {
    const decoded = decode([
      { ts: RECEIVED_MS - 2_000, temperature: 1, $quality: 'bad' },
      { ts: RECEIVED_MS - 1_000, temperature: 2, status: 'ok', $quality: { temprature: 'bad' } },
      { ts: RECEIVED_MS, temperature: 3 },
    ]);
    assert.deepEqual(decoded.entry?.rows, [
      { ts: RECEIVED_MS - 2_000, values: { temperature: 1 }, quality: { temperature: 'bad' } },
      { ts: RECEIVED_MS, values: { temperature: 3 } },
    ]);
    assert.deepEqual(
      decoded.deadLetters.map((draft) => [draft.reason, draft.pointer, draft.points]),
      [['ingest.quality-invalid', '/1/$quality', 2]],
    );
    assert.equal(decoded.points, 4);
    assertAccounted(decoded);
  });

  void it('does not count $quality as a point when the whole input or sample is dead-lettered', () => {
    const unknownTwin = decode({ temperature: 1, status: 'ok', $quality: 'bad' }, { twinId: 'nobody' });
    assert.equal(onlyReason(unknownTwin), 'ingest.twin-unknown');
    assert.equal(unknownTwin.points, 2);
    const badTs = decode({ ts: 'never', temperature: 1, $quality: 'bad' });
    assert.equal(onlyReason(badTs), 'ingest.timestamp-invalid', 'a bad ts is reported first');
    assert.equal(badTs.deadLetters[0]?.points, 1);
    assertAccounted(unknownTwin);
    assertAccounted(badTs);
  });

  void it('gives an entry that the log stores and decodes with its qualities', () => {
    const entry = decode([
      { ts: RECEIVED_MS - 1_000, temperature: 1, comp: { x: 2 }, $quality: { 'comp/x': 'bad' } },
      { temperature: 2 },
    ]).entry;
    assert.ok(entry);
    assert.deepEqual(decodeEntry(encodeEntry(entry)), entry);
  });
});
