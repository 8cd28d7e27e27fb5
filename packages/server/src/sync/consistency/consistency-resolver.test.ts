import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EpochMs, TwinId } from '@doppel/core';
import { ManualClock } from '@doppel/core';
import type { IngestEntry } from '../../ingest/ingest-types.js';
import { QualityJudge } from '../quality-rules.js';
import { confidenceOf, recencyOf } from './confidence.js';
import type { ConsistencyRule } from './consistency-rules.js';
import { consistencyProblems } from './consistency-rules.js';
import type { ResolvedValue, ResolverDeps } from './consistency-resolver.js';
import { ConsistencyResolver } from './consistency-resolver.js';
import type { Candidate } from './resolve-policy.js';
import { agreesWithOthers, resolve } from './resolve-policy.js';

const AHU = 'dtmi:t:Ahu;1';

function candidate(index: number, value: unknown, more: Partial<Candidate> = {}): Candidate {
  return { index, role: 'measurement', value, sourceTimeMs: 1_000, unusable: null, confidence: 1, ...more };
}

void describe('resolution policies', () => {
  void it('priority: the first usable input, and a fallback when it is not usable', () => {
    const both = [candidate(0, 20), candidate(1, 21)];
    assert.deepEqual(resolve('priority', both, 0), {
      value: 20,
      sourceTimeMs: 1_000,
      winner: 0,
      code: 'highest-priority',
      agree: false,
    });
    const primaryStale = [candidate(0, 20, { unusable: 'stale' }), candidate(1, 21)];
    const resolved = resolve('priority', primaryStale, 0);
    assert.equal(resolved.winner, 1);
    assert.equal(resolved.code, 'fallback');
  });

  void it('freshest: the newest source time, ties to priority', () => {
    const resolved = resolve(
      'freshest',
      [candidate(0, 20, { sourceTimeMs: 5 }), candidate(1, 21, { sourceTimeMs: 9 })],
      0,
    );
    assert.equal(resolved.value, 21);
    assert.equal(resolve('freshest', [candidate(0, 20), candidate(1, 21)], 0).winner, 0);
  });

  void it('measurement: a direct measurement over a status over a command, whatever the order', () => {
    const inputs = [
      candidate(0, 'closed', { role: 'command' }),
      candidate(1, 'open', { role: 'status' }),
      candidate(2, 'half', { role: 'measurement' }),
    ];
    assert.equal(resolve('measurement', inputs, 0).value, 'half');
    const noMeasurement = [
      inputs[0] as Candidate,
      inputs[1] as Candidate,
      { ...(inputs[2] as Candidate), unusable: 'stale' as const },
    ];
    assert.equal(resolve('measurement', noMeasurement, 0).value, 'open');
  });

  void it('weighted: the confidence-weighted mean, whole when every input is whole', () => {
    const resolved = resolve(
      'weighted',
      [candidate(0, 20, { confidence: 1 }), candidate(1, 23, { confidence: 0.5 })],
      5,
    );
    assert.equal(resolved.value, 21);
    assert.equal(resolved.winner, 0);
    assert.equal(resolved.agree, true);
    const fractions = resolve(
      'weighted',
      [candidate(0, 20.5, { confidence: 1 }), candidate(1, 21.5, { confidence: 1 })],
      0,
    );
    assert.equal(fractions.value, 21);
    assert.equal(fractions.agree, false);
    // An unusable input does not weigh in.
    assert.equal(resolve('weighted', [candidate(0, 20), candidate(1, 90, { unusable: 'bad-quality' })], 0).value, 20);
  });

  void it('keeps the newest value when no input is usable, and says so', () => {
    const resolved = resolve(
      'priority',
      [
        candidate(0, 20, { unusable: 'stale', sourceTimeMs: 5 }),
        candidate(1, 21, { unusable: 'source-offline', sourceTimeMs: 7 }),
      ],
      0,
    );
    assert.equal(resolved.code, 'no-usable-input');
    assert.equal(resolved.value, 21);
  });

  void it('the odd one out disagrees with the median of all inputs; of two, both disagree', () => {
    assert.equal(agreesWithOthers(30, [20, 20.2], 0.5), false);
    assert.equal(agreesWithOthers(20.1, [20, 30], 0.5), true);
    assert.equal(agreesWithOthers(20, [25], 0.5), false);
    assert.equal(agreesWithOthers(25, [20], 0.5), false);
    assert.equal(agreesWithOthers(20.3, [20], 0.5), true);
    assert.equal(agreesWithOthers('open', ['open', 'closed'], 0), true);
    assert.equal(agreesWithOthers('closed', ['open', 'open'], 0), false);
  });
});

void describe('confidence', () => {
  void it('is the product of trust, recency, agreement and quality', () => {
    assert.equal(confidenceOf({ trust: 1, recency: 1, agreement: 1, quality: 'good' }), 1);
    assert.equal(confidenceOf({ trust: 0.8, recency: 0.5, agreement: 1, quality: 'uncertain' }), 0.2);
    assert.equal(confidenceOf({ trust: 1, recency: 1, agreement: 1, quality: 'bad' }), 0);
  });

  void it('recency is full for two cadences, then falls to 0 at the stale deadline', () => {
    assert.equal(recencyOf(15_000, 10_000, 60_000), 1);
    assert.equal(recencyOf(40_000, 10_000, 60_000), 0.5);
    assert.equal(recencyOf(61_000, 10_000, 60_000), 0);
    assert.equal(recencyOf(1e9, 0, 0), 1, 'no cadence known: no judgement');
  });
});

interface Harness {
  readonly resolver: ConsistencyResolver;
  readonly clock: ManualClock;
  readonly published: ResolvedValue[];
  readonly offline: Set<string>;
  feed(path: string, value: unknown, tsMs: number, source?: string, quality?: 'uncertain' | 'bad'): void;
}

function harness(rule: Partial<ConsistencyRule>, deps: Partial<ResolverDeps> = {}): Harness {
  const clock = new ManualClock(1_000_000);
  const published: ResolvedValue[] = [];
  const offline = new Set<string>();
  const judge = new QualityJudge([], () => []);
  const resolver = new ConsistencyResolver({
    config: {
      rules: [
        {
          name: 'supply',
          model: AHU,
          path: 'supplyTemp',
          policy: 'priority',
          inputs: [
            { path: 'bmsTemp', role: 'status' },
            { path: 'probeTemp', role: 'measurement' },
          ],
          ...rule,
        },
      ],
      trust: {},
    },
    modelsOf: (twinId) => (twinId.startsWith('ahu') ? [AHU] : ['dtmi:t:Other;1']),
    kindOf: (_twinId, path) => (['supplyTemp', 'bmsTemp', 'probeTemp'].includes(path) ? 'telemetry' : undefined),
    currentValues: () => undefined,
    sourceOnline: (source) => !offline.has(source),
    availability: () => 1,
    relatedOf: () => [],
    relatedFrom: () => [],
    qualityOf: (twinId, path, reported) => judge.qualityOf(twinId, path, reported).quality,
    staleAfterMs: (cadenceMs) => (cadenceMs <= 0 ? 0 : Math.max(5_000, 6 * cadenceMs)),
    clock,
    publish: (value) => published.push(value),
    ...deps,
  });
  return {
    resolver,
    clock,
    published,
    offline,
    feed(path, value, tsMs, source = 'dev', quality) {
      const entry: IngestEntry = {
        twinId: 'ahu-1' as TwinId,
        kind: 'telemetry',
        source,
        transport: 'mqtt',
        receivedMs: clock.nowMs(),
        rows: [
          {
            ts: tsMs as EpochMs,
            values: { [path]: value },
            ...(quality === undefined ? {} : { quality: { [path]: quality } }),
          },
        ],
        points: 1,
      };
      resolver.observe(entry);
    },
  };
}

/** Feeds both inputs every 10 s for `rounds` rounds (cadence learned: 10 s). */
function steady(h: Harness, rounds: number, bms = 20, probe = 20.2): void {
  for (let i = 0; i < rounds; i++) {
    h.clock.advance(10_000);
    h.feed('bmsTemp', bms, h.clock.nowMs(), 'bms');
    h.feed('probeTemp', probe, h.clock.nowMs(), 'probe');
  }
}

void describe('ConsistencyResolver', () => {
  void it('publishes the priority input, records why, and hands over when it goes stale', () => {
    const h = harness({});
    steady(h, 5);
    const last = h.published.at(-1);
    assert.equal(last?.value, 20);
    assert.equal(last?.path, 'supplyTemp');
    assert.equal(last?.kind, 'telemetry');
    const resolution = h.resolver.resolutionOf('ahu-1', 'supplyTemp');
    assert.equal(resolution?.reason, 'highest-priority');
    assert.equal(resolution?.winner, 0);
    assert.match(resolution?.message ?? '', /bmsTemp \(bms\) is the first input/);

    // The BMS falls silent; the probe goes on. 6 × 10 s later the BMS is stale: the sweep hands over.
    for (let i = 0; i < 7; i++) {
      h.clock.advance(10_000);
      h.feed('probeTemp', 20.4, h.clock.nowMs(), 'probe');
      h.resolver.sweep();
    }
    const after = h.resolver.resolutionOf('ahu-1', 'supplyTemp');
    assert.equal(after?.reason, 'fallback');
    assert.equal(after?.winner, 1);
    assert.equal(after?.inputs[0]?.unusable, 'stale');
    assert.match(after?.message ?? '', /probeTemp \(probe\) is used because bmsTemp \(bms\) is stale/);
    assert.equal(h.published.at(-1)?.value, 20.4);

    // The BMS is back: it wins again at once.
    h.clock.advance(1_000);
    h.feed('bmsTemp', 21, h.clock.nowMs(), 'bms');
    assert.equal(h.published.at(-1)?.value, 21);
    assert.equal(h.resolver.resolutionOf('ahu-1', 'supplyTemp')?.reason, 'highest-priority');
  });

  void it('hands over at once when the source goes offline, or reports its value bad', () => {
    const h = harness({});
    steady(h, 4);
    h.offline.add('bms');
    h.resolver.sweep();
    assert.equal(h.resolver.resolutionOf('ahu-1', 'supplyTemp')?.inputs[0]?.unusable, 'source-offline');
    assert.equal(h.published.at(-1)?.value, 20.2);
    h.offline.delete('bms');
    h.clock.advance(1_000);
    h.feed('bmsTemp', 19, h.clock.nowMs(), 'bms', 'bad');
    assert.equal(h.resolver.resolutionOf('ahu-1', 'supplyTemp')?.inputs[0]?.unusable, 'bad-quality');
    assert.equal(h.published.at(-1)?.value, 20.2);
  });

  void it('weighs the source’s measured availability into its confidence', () => {
    const h = harness({ tolerance: 0.5 }, { availability: (source) => (source === 'bms' ? 0.5 : 1) });
    steady(h, 4);
    const [bms, probe] = h.resolver.resolutionOf('ahu-1', 'supplyTemp')?.inputs ?? [];
    assert.deepEqual([bms?.confidence, probe?.confidence], [0.5, 1]);
  });

  void it('stamps a hand-over to an older value with the time of the hand-over (state never goes back)', () => {
    const h = harness({});
    steady(h, 4);
    const before = h.published.at(-1)?.sourceTimeMs ?? 0;
    h.offline.add('bms');
    h.clock.advance(500);
    h.resolver.sweep();
    const handover = h.published.at(-1);
    assert.equal(handover?.value, 20.2);
    assert.ok((handover?.sourceTimeMs ?? 0) > before, 'after the last published time');
  });

  void it('takes the same path from two sources with the source filter, whatever their clocks', () => {
    const h = harness({
      policy: 'freshest',
      inputs: [
        { path: 'bmsTemp', source: 'gw-a' },
        { path: 'bmsTemp', source: 'gw-b' },
      ],
    });
    h.feed('bmsTemp', 20, 5_000, 'gw-a');
    h.feed('bmsTemp', 22, 4_000, 'gw-b'); // older by source time: still gw-b's latest
    h.feed('bmsTemp', 99, 9_000, 'gw-c'); // no input takes gw-c
    const resolution = h.resolver.resolutionOf('ahu-1', 'supplyTemp');
    assert.deepEqual(
      resolution?.inputs.map((input) => [input.source, input.value]),
      [
        ['gw-a', 20],
        ['gw-b', 22],
      ],
    );
    assert.equal(h.published.at(-1)?.value, 20);
  });

  void it('lowers the agreement of the odd one out, and so its confidence and weight', () => {
    const h = harness({
      policy: 'weighted',
      tolerance: 0.5,
      inputs: [{ path: 'bmsTemp' }, { path: 'probeTemp' }, { path: 'otherTemp' }],
    });
    for (let i = 0; i < 20; i++) {
      h.clock.advance(10_000);
      h.feed('bmsTemp', 20, h.clock.nowMs(), 'a');
      h.feed('probeTemp', 20.2, h.clock.nowMs(), 'b');
      h.feed('otherTemp', 26, h.clock.nowMs(), 'c');
    }
    const resolution = h.resolver.resolutionOf('ahu-1', 'supplyTemp');
    const [a, b, c] = resolution?.inputs ?? [];
    assert.ok((c?.agreement ?? 1) < 0.2, `odd one out: ${String(c?.agreement)}`);
    assert.ok((a?.agreement ?? 0) > 0.9 && (b?.agreement ?? 0) > 0.9);
    assert.ok((c?.confidence ?? 1) < (a?.confidence ?? 0));
    assert.equal(resolution?.agree, false);
    // The mean leans to the two that agree: far below the plain mean of 22.07.
    const value = h.published.at(-1)?.value as number;
    assert.ok(value < 21, `weighted mean ${value}`);
  });

  void it('reports inputs that disagree longer than discrepancyAfterMs, and stops when they agree', () => {
    const h = harness({ tolerance: 0.5, discrepancyAfterMs: 30_000 });
    steady(h, 2, 20, 25);
    assert.deepEqual(h.resolver.disagreements().get('supply'), [], 'not yet 30 s');
    steady(h, 3, 20, 25);
    const found = h.resolver.disagreements().get('supply');
    assert.equal(found?.length, 1);
    assert.equal(found?.[0]?.twinId, 'ahu-1');
    steady(h, 1, 20, 20.3);
    assert.deepEqual(h.resolver.disagreements().get('supply'), []);
  });

  void it('leaves twins of other models alone and says when the model lacks the resolved path', () => {
    const h = harness({ path: 'nowhere' });
    h.feed('bmsTemp', 20, 1_000);
    assert.equal(h.published.length, 0);
    assert.match(h.resolver.ruleProblems().get('supply') ?? '', /declares no telemetry or property "nowhere"/);
    const other = harness({});
    other.resolver.observe({
      twinId: 'pump-1' as TwinId,
      kind: 'telemetry',
      source: 'x',
      transport: 'mqtt',
      receivedMs: 0 as EpochMs,
      rows: [{ ts: 1 as EpochMs, values: { bmsTemp: 1 } }],
      points: 1,
    });
    assert.equal(other.published.length, 0);
  });

  void it('reads inputs from other twins when the rule names its twin (two sensor twins, one room value)', () => {
    const published: ResolvedValue[] = [];
    const clock = new ManualClock(1_000_000);
    const resolver = new ConsistencyResolver({
      config: {
        rules: [
          {
            name: 'room-temperature',
            twin: 'room-1',
            path: 'temperature',
            policy: 'weighted',
            inputs: [
              { twin: 'sensor-a', path: 'temperature' },
              { twin: 'sensor-b', path: 'temperature', trust: 0.5 },
            ],
          },
        ],
        trust: {},
      },
      modelsOf: () => [],
      kindOf: (_twinId, path) => (path === 'temperature' ? 'telemetry' : undefined),
      currentValues: () => undefined,
      sourceOnline: () => true,
      availability: () => 1,
      relatedOf: () => [],
      relatedFrom: () => [],
      qualityOf: (_twinId, _path, reported) => reported ?? 'good',
      staleAfterMs: () => 0,
      clock,
      publish: (value) => published.push(value),
    });
    const reading = (twinId: string, value: number): IngestEntry => ({
      twinId: twinId as TwinId,
      kind: 'telemetry',
      source: twinId,
      transport: 'mqtt',
      receivedMs: clock.nowMs(),
      rows: [{ ts: clock.nowMs(), values: { temperature: value } }],
      points: 1,
    });
    resolver.observe(reading('sensor-a', 21));
    resolver.observe(reading('sensor-b', 24));
    assert.deepEqual(
      published.map((value) => [value.twinId, value.path, value.value]),
      [
        ['room-1', 'temperature', 21],
        ['room-1', 'temperature', 22],
      ],
      'the room never reports: its value comes from its sensors, sensor-b weighing half',
    );
    const resolution = resolver.resolutionOf('room-1', 'temperature');
    assert.deepEqual(
      resolution?.inputs.map((input) => [input.twinId, input.value]),
      [
        ['sensor-a', 21],
        ['sensor-b', 24],
      ],
    );
    assert.equal(resolution?.message, 'mean of 2 inputs weighted by confidence');
    // Deleting the room forgets the inputs it read; re-created, it binds again.
    resolver.forgetTwin('room-1');
    clock.advance(1_000);
    resolver.observe(reading('sensor-a', 20));
    assert.equal(published.at(-1)?.value, 20);
    assert.equal(resolver.resolutionOf('room-1', 'temperature')?.inputs[1]?.value, null);
  });

  void it('reads related inputs: each room from the sensors it contains, with one rule for the model', () => {
    const contains = new Map<string, string[]>([
      ['room-1', ['s-b', 's-a', 'meter-1']],
      ['room-2', ['s-c']],
    ]);
    const models: Record<string, string[]> = {
      'room-1': ['dtmi:t:Room;1'],
      'room-2': ['dtmi:t:Room;1'],
      'meter-1': ['dtmi:t:Meter;1'],
    };
    const published: ResolvedValue[] = [];
    const clock = new ManualClock(1_000_000);
    const resolver = new ConsistencyResolver({
      config: {
        rules: [
          {
            name: 'room-temperature',
            model: 'dtmi:t:Room;1',
            path: 'temperature',
            policy: 'freshest',
            inputs: [{ related: 'contains', model: 'dtmi:t:Sensor;1', path: 'temperature' }],
          },
        ],
        trust: {},
      },
      modelsOf: (twinId) => models[twinId] ?? ['dtmi:t:Sensor;1'],
      kindOf: (_twinId, path) => (path === 'temperature' ? 'telemetry' : undefined),
      currentValues: () => undefined,
      sourceOnline: () => true,
      availability: () => 1,
      relatedOf: (twinId) => contains.get(twinId) ?? [],
      relatedFrom: (twinId) => [...contains].filter(([, targets]) => targets.includes(twinId)).map(([room]) => room),
      qualityOf: (_twinId, _path, reported) => reported ?? 'good',
      staleAfterMs: () => 0,
      clock,
      publish: (value) => published.push(value),
    });
    const reading = (twinId: string, value: number): IngestEntry => ({
      twinId: twinId as TwinId,
      kind: 'telemetry',
      source: twinId,
      transport: 'mqtt',
      receivedMs: clock.nowMs(),
      rows: [{ ts: clock.nowMs(), values: { temperature: value } }],
      points: 1,
    });
    resolver.observe(reading('s-a', 21));
    clock.advance(1_000);
    resolver.observe(reading('s-c', 19));
    clock.advance(1_000);
    resolver.observe(reading('meter-1', 99)); // not a sensor: not an input
    resolver.observe(reading('s-b', 22));
    assert.deepEqual(
      published.map((value) => `${value.twinId}=${String(value.value)}`),
      ['room-1=21', 'room-2=19', 'room-1=22'],
    );
    assert.deepEqual(
      resolver.resolutionOf('room-1', 'temperature')?.inputs.map((input) => input.twinId),
      ['s-a', 's-b'],
      'in id order; the meter is left out',
    );
    // A sensor moved into room-2: room-2 reads it from now on.
    contains.set('room-2', ['s-c', 's-d']);
    resolver.relationshipChanged('room-2', 's-d', 'contains');
    clock.advance(1_000);
    resolver.observe(reading('s-d', 18));
    assert.equal(published.at(-1)?.twinId, 'room-2');
    assert.equal(published.at(-1)?.value, 18);
  });

  void it('never takes a resolved (derived) value as an input', () => {
    const h = harness({});
    h.resolver.observe({
      twinId: 'ahu-1' as TwinId,
      kind: 'telemetry',
      source: 'consistency:other',
      transport: 'derived',
      receivedMs: 0 as EpochMs,
      rows: [{ ts: 1 as EpochMs, values: { bmsTemp: 1 } }],
      points: 1,
    });
    assert.equal(h.published.length, 0);
  });

  void it('starts from the live values after a restart and does not republish an unchanged value', () => {
    const live = new Map([
      ['bmsTemp', { value: 20, sourceTimeMs: 900_000, receivedMs: 900_000, source: 'bms' }],
      ['supplyTemp', { value: 20, sourceTimeMs: 900_000, receivedMs: 900_000, source: 'consistency:supply' }],
    ]);
    const h = harness({}, { currentValues: () => live });
    h.feed('probeTemp', 20.1, 1_000_000, 'probe');
    assert.equal(h.published.length, 0, 'the BMS value from state still wins and is already shown');
    assert.equal(h.resolver.resolutionOf('ahu-1', 'supplyTemp')?.inputs[0]?.value, 20);
  });
});

void describe('consistency configuration', () => {
  void it('accepts a good rule and names what to fix in a bad one', () => {
    assert.deepEqual(
      consistencyProblems({
        rules: [{ name: 'a', model: AHU, path: 't', policy: 'priority', inputs: [{ path: 'x' }, { path: 'y' }] }],
        trust: { 'gw-1': 0.7 },
      }),
      [],
    );
    const problems = consistencyProblems({
      rules: [{ name: 'a', path: 't', policy: 'best', inputs: [{ path: 't', role: 'guess', trust: 2 }], colour: 1 }],
      trust: { 'gw-1': 7 },
    });
    for (const expected of [
      /trust\["gw-1"\] must be a number from 0 to 1/,
      /colour is not a field/,
      /must name a model or a twin/,
      /policy must be one of priority, freshest, measurement, weighted/,
      /inputs must list at least two inputs/,
    ]) {
      assert.ok(
        problems.some((problem) => expected.test(problem)),
        `${String(expected)} in ${problems.join(' | ')}`,
      );
    }
    const elsewhere = consistencyProblems({
      rules: [
        { name: 'b', model: AHU, path: 't', policy: 'priority', inputs: [{ twin: 's1', path: 't' }, { path: 'u' }] },
      ],
      trust: {},
    });
    assert.ok(
      elsewhere.some((problem) => /only a rule that names a twin may read inputs from other twins/.test(problem)),
    );
    const own = consistencyProblems({
      rules: [
        { name: 'a', twin: 'x', path: 't', policy: 'priority', inputs: [{ path: 't' }, { path: 'u', role: 'guess' }] },
      ],
      trust: {},
    });
    assert.ok(own.some((problem) => /is the rule's own path "t"/.test(problem)));
    assert.ok(own.some((problem) => /role must be one of/.test(problem)));
  });
});
