import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BEARING_MONITOR_MODEL_ID } from '@doppel/protocol';
import { demoSite } from './demo-site.js';
import { BEARING_WEAR_DEFAULTS } from './bearing-wear.js';
import { FAULT_PRONE_TWINS, FAULT_RATES } from './faults.js';
import { ModelCatalog } from './model-catalog.js';
import type { DtdlInterface } from './model-document.js';
import type { PlantMessage, PlantOptions } from './plant.js';
import { Plant } from './plant.js';
import { valueConforms } from './value-conforms.js';

const site = demoSite();
const catalog = new ModelCatalog(site.models as DtdlInterface[]);
const modelOf = new Map(site.twins.map((twin) => [twin.$dtId as string, twin.$metadata.$model as string]));
// Wednesday 4 June 2025, 08:00 UTC: a working day, so shifts and offices fill up.
const START_MS = Date.UTC(2025, 5, 4, 8, 0, 0);

/** Runs a plant for `wallMs` of wall-clock time in `stepMs` ticks, as the simulator's timer would. */
function run(options: Partial<PlantOptions>, wallMs: number, stepMs = 1000): PlantMessage[] {
  const plant = new Plant(site, { startMs: START_MS, utcOffsetMinutes: 0, ...options });
  const messages: PlantMessage[] = [];
  for (let t = START_MS; t <= START_MS + wallMs; t += stepMs) messages.push(...plant.takeDue(t));
  return messages;
}

/**
 * Telemetry the platform writes back to a twin, not the device: a bearing monitor's readings (all
 * but its waveform), the asset's anomaly score and a bound model's prediction.
 */
const WRITTEN_BY_THE_PLATFORM = new Set([
  ...catalog
    .contents(BEARING_MONITOR_MODEL_ID, 'Telemetry')
    .map((content) => content.name)
    .filter((name) => name !== 'waveform'),
  'anomalyScore',
  'predictedPower',
]);

const series = (messages: readonly PlantMessage[], twinId: string, name: string): unknown[] =>
  messages.filter((m) => m.twinId === twinId && m.kind === 'telemetry').map((m) => m.payload[name]);

void describe('plant', () => {
  // Two simulated days (speed 600, 5 wall-clock minutes): nights, shifts, faults, filter changes.
  const messages = run({ speed: 600 }, 5 * 60_000);

  void it('sends only telemetry and properties the twin model declares, with values of the declared schema', () => {
    for (const message of messages) {
      const modelId = modelOf.get(message.twinId) as string;
      const kind = message.kind === 'telemetry' ? 'Telemetry' : 'Property';
      const declared = new Map(catalog.contents(modelId, kind).map((content) => [content.name, content.schema]));
      const { ts, ...values } = message.payload;
      assert.equal(typeof ts, 'number');
      assert.ok(Object.keys(values).length > 0, `${message.twinId}: empty ${message.kind}`);
      for (const [name, value] of Object.entries(values)) {
        assert.ok(declared.has(name), `${message.twinId} (${modelId}) has no ${kind} ${name}`);
        assert.ok(valueConforms(value, declared.get(name)), `${message.twinId}.${name} = ${JSON.stringify(value)}`);
      }
    }
  });

  void it('publishes every telemetry of every twin that has telemetry, on its model topic', () => {
    const seen = new Map<string, Set<string>>();
    for (const message of messages.filter((m) => m.kind === 'telemetry')) {
      const names = seen.get(message.twinId) ?? new Set<string>();
      Object.keys(message.payload).forEach((name) => names.add(name));
      seen.set(message.twinId, names);
      assert.equal(message.topic, catalog.telemetryTopic(modelOf.get(message.twinId) as string, message.twinId));
    }
    for (const twin of site.twins) {
      const telemetry = catalog
        .contents(twin.$metadata.$model, 'Telemetry')
        .map((content) => content.name)
        .filter((name) => !WRITTEN_BY_THE_PLATFORM.has(name));
      for (const name of telemetry) assert.ok(seen.get(twin.$dtId)?.has(name), `${twin.$dtId} never sent ${name}`);
      for (const name of WRITTEN_BY_THE_PLATFORM)
        assert.ok(!seen.get(twin.$dtId)?.has(name), `${twin.$dtId} sent ${name}`);
    }
    assert.ok(messages.some((m) => m.topic === 'factory/cnc/cnc-12/telemetry'));
    assert.ok(messages.some((m) => m.topic === 'twins/pump-7/telemetry'));
    assert.ok(messages.some((m) => m.topic === 'twins/pump-7/properties/reported'));
  });

  void it('keeps a cadence of a few hundred messages per second at most', () => {
    const perSecond = messages.length / (5 * 60);
    assert.ok(perSecond > 30 && perSecond < 300, `${perSecond} messages/s`);
  });

  void it('keeps readings in realistic ranges, following the day', () => {
    const temperatures = series(messages, 'temp-2-03', 'temperature') as number[];
    assert.ok(
      Math.min(...temperatures) > 14 && Math.max(...temperatures) < 28,
      `${Math.min(...temperatures)}..${Math.max(...temperatures)}`,
    );
    const occupancy = series(messages, 'occ-2-03', 'occupancy') as number[];
    assert.ok(occupancy.includes(0) && Math.max(...occupancy) > 0, 'offices empty at night and used by day');
    const co2 = series(messages, 'co2-2-09', 'co2') as number[];
    assert.ok(
      Math.min(...co2) < 500 && Math.max(...co2) > 800,
      `meeting room CO2 ${Math.min(...co2)}..${Math.max(...co2)}`,
    );
    const status = new Set(series(messages, 'cnc-1', 'status'));
    assert.ok(status.has('running') && status.has('idle'), [...status].join());
  });

  void it('couples pump power to flow (affinity laws)', () => {
    const pump = messages.filter((m) => m.twinId === 'pump-1' && m.kind === 'telemetry').map((m) => m.payload);
    const pairs = pump.map((p) => [p['flowRate'] as number, p['power'] as number] as const).sort((a, b) => a[0] - b[0]);
    const tenth = Math.floor(pairs.length / 10);
    const mean = (xs: ReadonlyArray<readonly [number, number]>): number =>
      xs.reduce((s, [, p]) => s + p, 0) / xs.length;
    assert.ok(mean(pairs.slice(-tenth)) > 1.3 * mean(pairs.slice(0, tenth)), 'more flow takes more power');
  });

  void it('is deterministic for a seed, and a different seed gives a different plant', () => {
    const a = run({ seed: 42, speed: 10 }, 20_000);
    const b = run({ seed: 42, speed: 10 }, 20_000, 250); // timer jitter does not matter
    const c = run({ seed: 43, speed: 10 }, 20_000);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  void it('follows setSpeed and desired setpoints, reports them at once and in every report after', () => {
    const plant = new Plant(site, { startMs: START_MS, utcOffsetMinutes: 0, speed: 10 });
    const take = (fromMs: number, toMs: number): PlantMessage[] => {
      const out: PlantMessage[] = [];
      for (let t = fromMs; t <= toMs; t += 1000) out.push(...plant.takeDue(t));
      return out;
    };
    const before = take(START_MS, START_MS + 60_000);
    const atMs = START_MS + 60_000;

    assert.deepEqual(plant.invoke('pump-1', 'setSpeed', 150, atMs), {
      status: 'failed',
      error: 'speedPercent must be a number from 0 to 100, got 150',
    });
    assert.deepEqual(plant.invoke('pump-1', 'reset', undefined, atMs), {
      status: 'failed',
      error: 'reset is not simulated',
    });
    assert.equal(plant.invoke('room-1-01', 'setSpeed', 20, atMs), undefined, 'rooms are not simulated');
    const setSpeed = plant.invoke('pump-1', 'setSpeed', 20, atMs);
    assert.deepEqual(setSpeed, {
      status: 'succeeded',
      response: { accepted: true, speedPercent: 20 },
      reported: {
        twinId: 'pump-1',
        kind: 'reported',
        topic: 'twins/pump-1/properties/reported',
        group: 'floor-1',
        payload: { ts: atMs, speedSetpoint: 20 },
      },
    });

    assert.equal(plant.setDesired('ahu-1', 'colour', 'red', atMs)?.status, 'failed');
    assert.equal(plant.setDesired('ahu-1', 'ratedCapacity', 1000, atMs)?.status, 'failed', 'not writable');
    assert.deepEqual(plant.setDesired('ahu-1', 'supplyAirTemperatureSetpoint', 'cold', atMs), {
      status: 'failed',
      error: 'supplyAirTemperatureSetpoint must be a double, got "cold"',
    });
    assert.equal(plant.setDesired('pump-1', 'speedSetpoint', -1, atMs)?.status, 'failed', 'out of range');
    assert.equal(plant.setDesired('ahu-1', 'supplyAirTemperatureSetpoint', 12, atMs)?.status, 'succeeded');
    assert.equal(plant.setDesired('ahu-1', 'name', 'AHU plant room', atMs)?.status, 'succeeded');

    // 60 wall-clock seconds at speed 10: the drive has long reached 20 %.
    const after = take(atMs + 1000, atMs + 60_000);
    const telemetry = (messages: PlantMessage[], twinId: string): Array<Record<string, unknown>> =>
      messages.filter((m) => m.twinId === twinId && m.kind === 'telemetry').map((m) => m.payload);
    const flows = telemetry(after, 'pump-1').map((p) => p['flowRate'] as number);
    assert.ok(Math.min(...telemetry(before, 'pump-1').map((p) => p['flowRate'] as number)) > 16 * 0.3 * 0.9);
    // Rated 16 m³/h at 20 %: 3.2 m³/h (cavitation, rare on pump-1, takes 15 % off).
    for (const flow of flows.slice(-20)) assert.ok(flow > 2.6 && flow < 3.5, `flow ${flow}`);
    const supply = (messages: PlantMessage[]): number[] =>
      telemetry(messages, 'ahu-1').map((p) => p['supplyAirTemperature'] as number);
    const mean = (xs: number[]): number => xs.reduce((sum, x) => sum + x, 0) / xs.length;
    assert.ok(
      mean(supply(before)) > 15 && mean(supply(after)) < 13,
      `${mean(supply(before))} → ${mean(supply(after))}`,
    );

    const reports = after.filter((m) => m.twinId === 'ahu-1' && m.kind === 'reported').map((m) => m.payload);
    assert.ok(reports.length > 0);
    for (const report of reports) {
      assert.equal(report['supplyAirTemperatureSetpoint'], 12);
      assert.equal(report['name'], 'AHU plant room');
    }
  });

  void it('shows the fault scenarios: cavitation, a stuck sensor, a CNC alarm', () => {
    // Five simulated hours at 10x: long enough for the fault-prone twins, short for the others.
    const faulty = run({ speed: 10 }, 30 * 60_000, 5000);
    const pump = faulty.filter((m) => m.twinId === 'pump-3' && m.kind === 'telemetry').map((m) => m.payload);
    assert.ok(
      pump.some((p) => (p['vibration'] as number) > 5 && (p['pressure'] as number) < 2),
      'pump-3 cavitates',
    );
    const stuck = series(faulty, 'temp-2-05', 'temperature');
    assert.ok(longestRun(stuck) >= 12, 'temp-2-05 repeats one value for 10 simulated minutes');
    assert.ok(longestRun(series(faulty, 'temp-2-04', 'temperature')) < 12, 'a healthy neighbour does not');
    assert.ok(series(faulty, 'cnc-5', 'status').includes('alarm'), 'cnc-5 alarms');
    const alarmed = faulty.filter((m) => m.twinId === 'cnc-5' && m.payload['status'] === 'alarm');
    assert.ok(alarmed.every((m) => m.payload['spindleSpeed'] === 0));
  });

  void it('shows a silent sensor: temp-3-02 publishes nothing for minutes, then carries on; no other twin pauses', () => {
    // Twenty wall-clock minutes at the default speed, as a demo viewer would watch. The platform
    // marks a value stale after 6 times its cadence without an update.
    const wallMs = 20 * 60_000;
    const watched = run({}, wallMs, 5000);
    const periodOf = new Map(new Plant(site, { startMs: START_MS }).publishers.map((p) => [p.twinId, p.periodMs]));
    const period = periodOf.get('temp-3-02') as number;
    assert.equal(period, 5000);

    const samples = watched.filter((m) => m.twinId === 'temp-3-02' && m.kind === 'telemetry');
    const silences = gaps(samples.map((m) => m.payload['ts'] as number)).filter(([from, to]) => to - from > 6 * period);
    assert.ok(silences.length > 0, 'temp-3-02 goes silent for over 6 times its period');
    assert.ok(samples[0] !== undefined && (samples[0].payload['ts'] as number) < START_MS + period, 'reports at first');
    for (const [from, to] of silences) {
      assert.ok(to - from >= FAULT_RATES.silent.prone.minDurationMs, `silent for ${(to - from) / 1000} s`);
      const during = watched.filter((m) => m.twinId === 'temp-3-02' && (m.payload['ts'] as number) > from);
      assert.ok(
        during.every((m) => (m.payload['ts'] as number) >= to),
        'nothing at all while silent, not even reported properties',
      );
    }
    // It reports before and after each silence, with real readings: no nulls, no placeholder.
    for (const sample of samples) assert.equal(typeof sample.payload['temperature'], 'number');

    // Every other twin keeps its cadence from start to end (this seed has no rare silence then).
    for (const [twinId, periodMs] of periodOf) {
      if (twinId === 'temp-3-02') continue;
      const ts = watched.filter((m) => m.twinId === twinId && m.kind === 'telemetry').map((m) => m.payload['ts']);
      const paused = gaps([START_MS, ...(ts as number[]), START_MS + wallMs]).filter(([a, b]) => b - a > 6 * periodMs);
      assert.deepEqual(paused, [], `${twinId} paused`);
    }

    // Silence is on the wall clock, like the cadence: the same gaps at speed 60.
    const fast = run({ speed: 60 }, wallMs, 5000);
    const timesOf = (messages: readonly PlantMessage[]): string[] =>
      messages.filter((m) => m.twinId === 'temp-3-02').map((m) => `${m.kind} ${m.payload['ts'] as number}`);
    assert.deepEqual(timesOf(fast), timesOf(watched));
  });
});

void describe('plant bearings', () => {
  // Two lives and a bit of the worn bearing (2 h + 5 min failed each) at speed 60, a pump sample
  // (and so a waveform) every simulated minute; the other kinds rarely, to keep it quick.
  const cycleMs = BEARING_WEAR_DEFAULTS.lifeMs + BEARING_WEAR_DEFAULTS.failedForMs;
  const periodMs = { pump: 1000, chiller: 60_000, airHandlingUnit: 60_000, cncMachine: 60_000, powerMeter: 60_000 };
  const options = { speed: 60, periodMs: { ...periodMs, vibration: 60_000, temperature: 60_000, humidity: 60_000 } };
  const wallMs = (2 * cycleMs + 30 * 60_000) / 60;
  const messages = run(options, wallMs, 10_000);
  const pumps = site.twins.filter((twin) => twin.$metadata.$model === 'dtmi:doppel:demo:Pump;1');
  const telemetryOf = (twinId: string): Array<Record<string, unknown>> =>
    messages.filter((m) => m.twinId === twinId && m.kind === 'telemetry').map((m) => ({ ...m.payload }));
  const simMinute = (payload: Record<string, unknown>): number => ((payload['ts'] as number) - START_MS) / 1000;
  const rms = (samples: readonly number[]): number =>
    Math.sqrt(samples.reduce((sum, value) => sum + value * value, 0) / samples.length);

  void it('wears out one bearing, chosen once for all: the first pump of the chilled-water circuit', () => {
    const chilledWater = pumps.filter((twin) => twin['circuit'] === 'chilledWater').map((twin) => twin.$dtId);
    assert.equal(FAULT_PRONE_TWINS.bearingWear, chilledWater.sort()[0]);
    assert.equal(FAULT_PRONE_TWINS.bearingWear, 'pump-1');
  });

  void it('has every pump send a waveform every simulated minute', () => {
    assert.equal(pumps.length, 8);
    for (const pump of pumps) {
      const sent = telemetryOf(pump.$dtId).filter((payload) => payload['waveform'] !== undefined);
      // At speed 60 a pump's sample every wall-clock second is a simulated minute: a waveform in each.
      assert.equal(sent.length, telemetryOf(pump.$dtId).length, pump.$dtId);
      assert.ok(sent.length >= 2 * 125, `${pump.$dtId}: ${sent.length} waveforms`);
    }
  });

  void it('raises the worn pump’s vibration, bearing temperature and waveform level over its life, then starts again', () => {
    const lifeMinutes = BEARING_WEAR_DEFAULTS.lifeMs / 60_000;
    const cycleMinutes = cycleMs / 60_000;
    const at = (twinId: string, name: string, from: number, to: number): number[] =>
      telemetryOf(twinId)
        .filter((payload) => simMinute(payload) >= from && simMinute(payload) < to)
        .map((payload) =>
          name === 'waveform' ? rms((payload['waveform'] as { samples: number[] }).samples) : (payload[name] as number),
        );
    const mean = (values: readonly number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;
    for (const life of [0, 1]) {
      const start = life * cycleMinutes;
      const young = { from: start, to: start + 20 };
      const failed = { from: start + lifeMinutes, to: start + cycleMinutes };
      const vibrationYoung = mean(at('pump-1', 'vibration', young.from, young.to));
      const vibrationFailed = mean(at('pump-1', 'vibration', failed.from, failed.to));
      assert.ok(
        vibrationYoung < 3 && vibrationFailed > 7.1,
        `life ${life}: vibration ${vibrationYoung} → ${vibrationFailed}`,
      );
      const warmer =
        mean(at('pump-1', 'bearingTemperature', failed.from, failed.to)) -
        mean(at('pump-2', 'bearingTemperature', failed.from, failed.to));
      assert.ok(warmer > 5, `life ${life}: bearing ${warmer} °C warmer than pump-2's`);
      const levelYoung = mean(at('pump-1', 'waveform', young.from, young.to));
      const levelFailed = mean(at('pump-1', 'waveform', failed.from, failed.to));
      assert.ok(levelFailed > 3 * levelYoung, `life ${life}: waveform RMS ${levelYoung} → ${levelFailed}`);
    }
    // Replaced: the new bearing reads like the old one did when new.
    const replaced = mean(at('pump-1', 'vibration', cycleMinutes, cycleMinutes + 20));
    assert.ok(replaced < 3, `after replacement: ${replaced}`);
    // The others stay healthy all along.
    for (const twinId of ['pump-2', 'pump-5']) {
      const levels = at(twinId, 'waveform', 0, 2 * cycleMinutes);
      assert.ok(
        Math.max(...levels) < 1.5 * Math.min(...levels),
        `${twinId}: ${Math.min(...levels)}..${Math.max(...levels)}`,
      );
    }
  });

  void it('takes no draw from the twin’s random stream: the worn pump’s other readings are those of a healthy one', () => {
    const healthy = run({ ...options, bearingLifeMs: 1e12 }, wallMs, 10_000);
    const readings = (all: readonly PlantMessage[]): unknown[] =>
      all
        .filter((m) => m.kind === 'telemetry')
        .map(({ twinId, payload }) => [
          twinId,
          payload['ts'],
          payload['flowRate'],
          payload['pressure'],
          payload['power'],
        ]);
    assert.deepEqual(readings(healthy), readings(messages));
    const other = (all: readonly PlantMessage[]): unknown[] => all.filter((m) => m.twinId !== 'pump-1');
    assert.deepEqual(other(healthy), other(messages), 'every other twin sends the same');
  });
});

/** Consecutive pairs of increasing times. */
function gaps(times: readonly number[]): Array<[number, number]> {
  return times.slice(1).map((to, i) => [times[i] as number, to]);
}

function longestRun(values: readonly unknown[]): number {
  let longest = 0;
  let current = 0;
  values.forEach((value, i) => {
    current = i > 0 && value === values[i - 1] ? current + 1 : 1;
    longest = Math.max(longest, current);
  });
  return longest;
}
