import { reportedPropertiesTopic } from '@doppel/protocol';
import type { Behaviour, BehaviourContext, TelemetryValues } from './behaviour.js';
import { BEARING_WEAR_DEFAULTS } from './bearing-wear.js';
import type { BehaviourKind } from './behaviour-registry.js';
import { BEHAVIOURS, DEFAULT_PERIODS_MS, ROOM_SENSOR_KINDS } from './behaviour-registry.js';
import { DEMO_MODEL_IDS } from './demo-model-ids.js';
import type { DemoSite, DemoTwin } from './demo-site-types.js';
import { Environment } from './environment.js';
import { FAULT_PRONE_TWINS, Silence } from './faults.js';
import { ModelCatalog } from './model-catalog.js';
import type { DtdlInterface, DtdlSchema } from './model-document.js';
import { createRng, deriveSeed } from './prng.js';
import { reportedProperties } from './reported-properties.js';
import { valueConforms } from './value-conforms.js';

export interface PlantOptions {
  /** Wall-clock time the simulation starts at; the first messages are due within one period of it. */
  readonly startMs: number;
  readonly seed?: number;
  /** Simulated seconds per wall-clock second: 60 plays a day in 24 minutes. Cadence stays wall-clock. */
  readonly speed?: number;
  /** Publishing period in wall-clock ms, for every kind or per kind. */
  readonly periodMs?: number | Partial<Record<BehaviourKind, number>>;
  /** How often each device reports its properties, wall-clock ms. */
  readonly reportedPeriodMs?: number;
  /** Offset of the plant's local time from UTC, which places its working day. */
  readonly utcOffsetMinutes?: number;
  /**
   * Simulated ms from a new bearing to its failure, for the pump whose bearing wears out
   * (`FAULT_PRONE_TWINS.bearingWear`); default 2 h (BEARING_WEAR_DEFAULTS: "10 days compressed").
   */
  readonly bearingLifeMs?: number;
}

export const DEFAULT_SEED = 7;
export const DEFAULT_REPORTED_PERIOD_MS = 60_000;

/** One MQTT message the plant wants published. */
export interface PlantMessage {
  readonly twinId: string;
  readonly kind: 'telemetry' | 'reported';
  readonly topic: string;
  /** `{ ts, …values }`: `ts` is the scheduled wall-clock time in epoch ms. */
  readonly payload: Readonly<Record<string, unknown>>;
  /** Twins are grouped by floor, as if each floor had its own gateway. */
  readonly group: string;
}

/**
 * What a simulated device made of a command or a desired value: it acted and reports the setpoint
 * it changed (`reported`, due now), with the command's `response`; or it refused, saying why.
 */
export type PlantOutcome =
  | { readonly status: 'succeeded'; readonly response?: unknown; readonly reported: PlantMessage }
  | { readonly status: 'failed'; readonly error: string };

/** Setpoints whose model states a range (pump.json: the drive speed, 0-100 % of nominal). */
const SETPOINT_RANGES: Partial<Record<BehaviourKind, Readonly<Record<string, readonly [number, number]>>>> = {
  pump: { speedSetpoint: [0, 100] },
};

interface Device {
  readonly twin: DemoTwin;
  readonly kind: BehaviourKind;
  readonly behaviour: Behaviour;
  readonly topic: string;
  readonly group: string;
  readonly periodMs: number;
  readonly declaredProperties: ReadonlySet<string>;
  /** The model's writable properties, with their schema. */
  readonly writable: ReadonlyMap<string, DtdlSchema | undefined>;
  /** Values set by desired values and commands: reported at once, then in every periodic report. */
  readonly applied: Map<string, unknown>;
  /** Room sensors may go silent for a while: no message at all meanwhile (faults.ts). */
  readonly silence: Silence | undefined;
  nextTelemetryMs: number;
  nextReportedMs: number;
  reportedOnce: boolean;
}

/**
 * The simulated plant without any I/O: it decides which message is due when, and what it says.
 * Deterministic: the same site, options and sequence of `takeDue` times give the same messages,
 * whatever the timer jitter, because values are computed at scheduled times, in a fixed order.
 * A room sensor in a silent episode (faults.ts) is still sampled but its messages are left out, so
 * `takeDue` returns nothing for it until the episode ends.
 */
export class Plant {
  private readonly devices: Device[] = [];
  private readonly byTwinId = new Map<string, Device>();
  private readonly latest = new Map<string, TelemetryValues>();
  private readonly startMs: number;
  private readonly speed: number;
  private readonly reportedPeriodMs: number;
  private skipped = 0;

  constructor(site: DemoSite, options: PlantOptions) {
    const seed = options.seed ?? DEFAULT_SEED;
    this.startMs = options.startMs;
    this.speed = options.speed ?? 1;
    if (!(this.speed > 0)) throw new Error(`speed must be positive, got ${this.speed}`);
    this.reportedPeriodMs = options.reportedPeriodMs ?? DEFAULT_REPORTED_PERIOD_MS;
    const catalog = new ModelCatalog(site.models as DtdlInterface[]);
    const env = new Environment(options.utcOffsetMinutes ?? 0);
    const twins = new Map(site.twins.map((twin) => [twin.$dtId as string, twin]));
    const containerOf = new Map<string, string>();
    const relationshipsOf = new Map<string, Map<string, string>>();
    for (const relationship of site.relationships) {
      if (relationship.$relationshipName === 'contains')
        containerOf.set(relationship.$targetId, relationship.$sourceId);
      const named = relationshipsOf.get(relationship.$sourceId) ?? new Map<string, string>();
      if (!named.has(relationship.$relationshipName)) named.set(relationship.$relationshipName, relationship.$targetId);
      relationshipsOf.set(relationship.$sourceId, named);
    }
    const floorOf = (twinId: string): string => {
      for (let id: string | undefined = twinId, hops = 0; id !== undefined && hops < 16; hops++) {
        const twin = twins.get(id);
        if (twin !== undefined && catalog.isA(twin.$metadata.$model, DEMO_MODEL_IDS.floor)) return id;
        id = containerOf.get(id);
      }
      return 'site';
    };

    for (const twin of site.twins) {
      const modelId = twin.$metadata.$model;
      const registration = BEHAVIOURS.find((candidate) => catalog.isA(modelId, candidate.modelId));
      if (registration === undefined) continue; // spaces publish nothing
      const twinId = twin.$dtId;
      const containerId = containerOf.get(twinId);
      const container = containerId === undefined ? undefined : twins.get(containerId);
      const ctx: BehaviourContext = {
        twin,
        rng: createRng(deriveSeed(seed, twinId)),
        env,
        room:
          container !== undefined && catalog.isA(container.$metadata.$model, DEMO_MODEL_IDS.room)
            ? container
            : undefined,
        target: (name) => relationshipsOf.get(twinId)?.get(name),
        latest: (id) => this.latest.get(id),
        faultProne: (kind) => FAULT_PRONE_TWINS[kind] === twinId,
        seedFor: (label) => deriveSeed(seed, `${twinId} ${label}`),
        bearingLifeMs: options.bearingLifeMs ?? BEARING_WEAR_DEFAULTS.lifeMs,
      };
      const periodMs = periodFor(registration.kind, options.periodMs);
      // Stagger devices over their period so that the broker sees a steady stream, not bursts.
      const phase = deriveSeed(seed ^ 0x5bd1e995, twinId);
      const properties = catalog.contents(modelId, 'Property');
      const device: Device = {
        twin,
        kind: registration.kind,
        behaviour: registration.create(ctx),
        topic: catalog.telemetryTopic(modelId, twinId),
        group: floorOf(twinId),
        periodMs,
        declaredProperties: new Set(properties.map((content) => content.name)),
        writable: new Map(
          properties.filter((content) => content.writable === true).map((content) => [content.name, content.schema]),
        ),
        applied: new Map(),
        silence: ROOM_SENSOR_KINDS.has(registration.kind)
          ? new Silence(FAULT_PRONE_TWINS.silent === twinId, createRng(deriveSeed(seed ^ 0x2545f491, twinId)))
          : undefined,
        nextTelemetryMs: this.startMs + (phase % periodMs),
        nextReportedMs: this.startMs + (phase % Math.min(this.reportedPeriodMs, 5000)),
        reportedOnce: false,
      };
      this.devices.push(device);
      this.byTwinId.set(twinId, device);
    }
  }

  /** The twins that publish, with their topic, kind, period and group. */
  get publishers(): ReadonlyArray<{
    twinId: string;
    kind: BehaviourKind;
    topic: string;
    group: string;
    periodMs: number;
  }> {
    return this.devices.map(({ twin, kind, topic, group, periodMs }) => ({
      twinId: twin.$dtId,
      kind,
      topic,
      group,
      periodMs,
    }));
  }

  /**
   * Runs a command on a simulated twin, at wall-clock `nowMs`; undefined if the twin is not
   * simulated. A pump's `setSpeed` (0-100 %) sets its `speedSetpoint`: the drive ramps to it and
   * the new setpoint is reported. Every other command fails as not simulated.
   */
  invoke(twinId: string, name: string, request: unknown, nowMs: number): PlantOutcome | undefined {
    const device = this.byTwinId.get(twinId);
    if (device === undefined) return undefined;
    if (device.kind === 'pump' && name === 'setSpeed') {
      const error = outOfRange(device.kind, 'speedSetpoint', request, 'speedPercent');
      if (error !== undefined) return { status: 'failed', error };
      const speedPercent = request as number;
      return {
        status: 'succeeded',
        response: { accepted: true, speedPercent },
        reported: this.apply(device, 'speedSetpoint', speedPercent, nowMs),
      };
    }
    return { status: 'failed', error: `${name} is not simulated` };
  }

  /**
   * Gives a writable property of a simulated twin a desired value, at wall-clock `nowMs`; undefined
   * if the twin is not simulated. The device takes it as is (a setpoint its behaviour models is
   * followed from the next sample on) and reports it; it refuses a property its model does not
   * declare writable, or a value that does not fit the property's schema or range.
   */
  setDesired(twinId: string, name: string, value: unknown, nowMs: number): PlantOutcome | undefined {
    const device = this.byTwinId.get(twinId);
    if (device === undefined) return undefined;
    if (!device.writable.has(name)) {
      return { status: 'failed', error: `${name} is not a writable property of ${twinId}` };
    }
    const schema = device.writable.get(name);
    if (!valueConforms(value, schema)) {
      const expected = typeof schema === 'string' ? schema : (schema?.['@type'] ?? 'value');
      return { status: 'failed', error: `${name} must be a ${expected}, got ${JSON.stringify(value) ?? 'nothing'}` };
    }
    const error = outOfRange(device.kind, name, value, name);
    if (error !== undefined) return { status: 'failed', error };
    return { status: 'succeeded', reported: this.apply(device, name, value, nowMs) };
  }

  private apply(device: Device, name: string, value: unknown, nowMs: number): PlantMessage {
    device.applied.set(name, value);
    if (typeof value === 'number') device.behaviour.setpoint?.(name, value);
    const twinId = device.twin.$dtId;
    return {
      twinId,
      kind: 'reported',
      topic: reportedPropertiesTopic(twinId),
      group: device.group,
      payload: { ts: nowMs, [name]: value },
    };
  }

  /** Scheduled slots dropped because the caller fell behind (see `takeDue`). */
  get skippedCount(): number {
    return this.skipped;
  }

  /**
   * Every message due at or before `nowMs`, oldest first, and advances the schedule. Slots older
   * than `oldestMs` are skipped rather than published in a burst, e.g. after the host slept. The
   * slots of a sensor that is silent (faults.ts) give no message.
   */
  takeDue(nowMs: number, oldestMs = Number.NEGATIVE_INFINITY): PlantMessage[] {
    const slots: Array<{ atMs: number; order: number; device: Device; kind: PlantMessage['kind'] }> = [];
    this.devices.forEach((device, index) => {
      device.nextTelemetryMs = this.skipTo(device.nextTelemetryMs, device.periodMs, oldestMs);
      for (; device.nextTelemetryMs <= nowMs; device.nextTelemetryMs += device.periodMs) {
        slots.push({ atMs: device.nextTelemetryMs, order: 2 * index, device, kind: 'telemetry' });
      }
      device.nextReportedMs = this.skipTo(device.nextReportedMs, this.reportedPeriodMs, oldestMs);
      for (; device.nextReportedMs <= nowMs; device.nextReportedMs += this.reportedPeriodMs) {
        slots.push({ atMs: device.nextReportedMs, order: 2 * index + 1, device, kind: 'reported' });
      }
    });
    slots.sort((a, b) => a.atMs - b.atMs || a.order - b.order);
    const messages: PlantMessage[] = [];
    for (const { atMs, device, kind } of slots) {
      const message = this.message(device, kind, atMs);
      if (message !== undefined) messages.push(message);
    }
    return messages;
  }

  private skipTo(nextMs: number, periodMs: number, oldestMs: number): number {
    if (nextMs >= oldestMs) return nextMs;
    const missed = Math.ceil((oldestMs - nextMs) / periodMs);
    this.skipped += missed;
    return nextMs + missed * periodMs;
  }

  /** The message of a slot; undefined if the device is silent then. */
  private message(device: Device, kind: PlantMessage['kind'], atMs: number): PlantMessage | undefined {
    const simMs = this.startMs + (atMs - this.startMs) * this.speed;
    const twinId = device.twin.$dtId;
    if (kind === 'telemetry') {
      // A silent sensor is still sampled, so that its readings go on evolving meanwhile and it
      // comes back with the value it would have had.
      const values = device.behaviour.sample(simMs);
      if (device.silence?.update(atMs) === true) return undefined;
      this.latest.set(twinId, values);
      return { twinId, kind, topic: device.topic, group: device.group, payload: { ts: atMs, ...values } };
    }
    // Silent means silent: no reported properties either (the first report waits for the next one).
    if (device.silence?.silentAt(atMs) === true) return undefined;
    const values = reportedProperties(
      device.twin,
      device.declaredProperties,
      simMs,
      this.startMs,
      !device.reportedOnce,
    );
    device.reportedOnce = true;
    return {
      twinId,
      kind,
      topic: reportedPropertiesTopic(twinId),
      group: device.group,
      payload: { ts: atMs, ...values, ...Object.fromEntries(device.applied) },
    };
  }
}

/** Why `value` cannot be the setpoint `name` of a device of this kind (`label` names it), if it cannot. */
function outOfRange(kind: BehaviourKind, name: string, value: unknown, label: string): string | undefined {
  const range = SETPOINT_RANGES[kind]?.[name];
  if (range === undefined) return undefined;
  const [min, max] = range;
  if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) return undefined;
  return `${label} must be a number from ${min} to ${max}, got ${JSON.stringify(value) ?? 'nothing'}`;
}

function periodFor(kind: BehaviourKind, periodMs: PlantOptions['periodMs']): number {
  const value = typeof periodMs === 'number' ? periodMs : (periodMs?.[kind] ?? DEFAULT_PERIODS_MS[kind]);
  if (!(Number.isFinite(value) && value >= 10))
    throw new Error(`periodMs for ${kind} must be at least 10 ms, got ${value}`);
  return value;
}
