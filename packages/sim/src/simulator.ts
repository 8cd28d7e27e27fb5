import type { Clock, Logger } from '@doppel/core';
import { systemClock } from '@doppel/core';
import type { MqttClient } from 'mqtt';
import { connect } from 'mqtt';
import type { BehaviourKind } from './behaviour-registry.js';
import { demoSite } from './demo-site.js';
import type { DemoSite } from './demo-site-types.js';
import { Plant } from './plant.js';
import { inboxFilters, PlantInbox } from './plant-inbox.js';

/*
 * The demo plant on MQTT: telemetry and reported properties out, commands and desired values in.
 *
 * Commands and desired values (closed loop, docs/sync.md): each floor's client subscribes (QoS 1)
 * to `twins/{twinId}/commands/+` and `twins/{twinId}/properties/desired` of the twins it simulates.
 * A pump's `setSpeed` (`speedPercent`, 0-100) sets its drive speed, which its flow, pressure and
 * power follow from then on (a ramp of a few simulated seconds), and is answered `succeeded` with
 * `{accepted: true, speedPercent}` on `…/commands/setSpeed/response`; out of range it is answered
 * `failed` with the range, and any other command `failed` with "<name> is not simulated". A desired
 * value of a writable property is validated against its schema, taken (setpoints of the pump, AHU
 * and chiller change their readings), and reported at once on `twins/{twinId}/properties/reported`
 * and in every periodic report after; an unknown property or a value that does not fit is answered
 * `failed` on `twins/{twinId}/properties/desired/response`. Each correlation id is acted on at most
 * once: the answers to the last `SIMULATOR_LIMITS.answersRemembered` are kept, and a duplicate gets
 * its answer again. Malformed messages are ignored and counted (`stats().malformed`).
 */

export interface SimulatorOptions {
  /** e.g. `mqtt://127.0.0.1:1883`. */
  readonly mqttUrl: string;
  readonly logger: Logger;
  /** Defaults to `demoSite()`. */
  readonly site?: DemoSite;
  readonly clock?: Clock;
  /** Simulated seconds per wall-clock second (daily cycles, faults, drift); cadence stays wall-clock. */
  readonly speed?: number;
  readonly seed?: number;
  /** Publishing period in wall-clock ms, for every kind or per kind (defaults: DEFAULT_PERIODS_MS). */
  readonly periodMs?: number | Partial<Record<BehaviourKind, number>>;
  /** How often each device reports its properties, wall-clock ms. */
  readonly reportedPeriodMs?: number;
  /** Offset of the plant's local time from UTC; defaults to the host's. */
  readonly utcOffsetMinutes?: number;
  /** Simulated ms from a new bearing to its failure for the pump whose bearing wears out (default 2 h). */
  readonly bearingLifeMs?: number;
  readonly username?: string;
  readonly password?: string;
}

export interface SimulatorStats {
  /** Messages the broker acknowledged (QoS 1 PUBACK). */
  readonly published: number;
  /** Messages not sent because their client was disconnected or had too many unacknowledged. */
  readonly dropped: number;
  /** Publishes that failed after being sent. */
  readonly failed: number;
  /** Scheduled slots skipped because the process fell behind (e.g. the host slept). */
  readonly skipped: number;
  readonly connectedClients: number;
  /** Commands and desired values acted on (answered `succeeded` or `failed`), once per correlation id. */
  readonly commands: number;
  /** Commands and desired values whose correlation id was already answered: answered again, not acted on. */
  readonly duplicates: number;
  /** Messages on the command and desired-value topics that broke the wire contract: ignored. */
  readonly malformed: number;
}

export interface Simulator {
  /** Twins that publish telemetry. */
  readonly publisherCount: number;
  stats(): SimulatorStats;
  /** Stops publishing and disconnects; resolves when every client is closed. */
  stop(): Promise<void>;
}

/** Limits and timings of the simulator (STYLE.md 13). */
export const SIMULATOR_LIMITS = {
  tickMs: 100, // scheduling resolution; messages are stamped with their scheduled time anyway
  maxLagMs: 10_000, // slots older than this are skipped, not published in a burst
  inflightMax: 1_000, // per client; beyond it messages are dropped rather than queued without bound
  connectTimeoutMs: 10_000,
  reconnectPeriodMs: 1_000,
  stopTimeoutMs: 2_000, // then the connection is closed without waiting for acknowledgements
  answersRemembered: 10_000, // correlation ids whose answer is kept, to answer a duplicate without acting again
} as const;

interface Gateway {
  readonly client: MqttClient;
  inflight: number;
}

/**
 * Connects one MQTT client per floor (`doppel-sim-floor-1`, …), as if each floor had a gateway,
 * and publishes the plant's messages with QoS 1 until stopped. Resolves once every client is
 * connected; rejects if one cannot connect within `SIMULATOR_LIMITS.connectTimeoutMs`. Later
 * disconnects are survived: mqtt.js reconnects, and messages due meanwhile are counted as dropped.
 */
export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger.child({ component: 'sim' });
  const plant = new Plant(options.site ?? demoSite(), {
    startMs: clock.nowMs(),
    speed: options.speed,
    seed: options.seed,
    periodMs: options.periodMs,
    reportedPeriodMs: options.reportedPeriodMs,
    utcOffsetMinutes: options.utcOffsetMinutes ?? -new Date().getTimezoneOffset(),
    bearingLifeMs: options.bearingLifeMs,
  });
  const counters = { published: 0, dropped: 0, failed: 0 };
  const inbox = new PlantInbox(plant, SIMULATOR_LIMITS.answersRemembered);
  let stopping: Promise<void> | undefined;

  const send = (gateway: Gateway | undefined, topic: string, payload: unknown): void => {
    if (gateway === undefined || !gateway.client.connected || gateway.inflight >= SIMULATOR_LIMITS.inflightMax) {
      counters.dropped++;
      return;
    }
    gateway.inflight++;
    gateway.client.publish(topic, JSON.stringify(payload), { qos: 1 }, (error) => {
      gateway.inflight--;
      if (error === undefined || error === null) counters.published++;
      else counters.failed++;
    });
  };
  // Commands and desired values are answered by the gateway that received them. Never throws:
  // a message mqtt.js hands over must not take the client down.
  const receive = (gateway: Gateway, topic: string, payload: Buffer): void => {
    if (stopping !== undefined) return;
    try {
      for (const reply of inbox.receive(topic, payload, clock.nowMs())) send(gateway, reply.topic, reply.payload);
    } catch (error) {
      logger.warn('command or desired value not handled', {
        topic,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };

  const gateways = new Map<string, Gateway>();
  for (const group of new Set(plant.publishers.map((publisher) => publisher.group))) {
    const gateway: Gateway = { client: openClient(`doppel-sim-${group}`, options, logger), inflight: 0 };
    gateway.client.on('message', (topic, payload) => receive(gateway, topic, payload));
    gateways.set(group, gateway);
  }

  try {
    await Promise.all([...gateways.values()].map(({ client }) => whenConnected(client)));
    // Each gateway subscribes to its own twins' commands and desired values (mqtt.js subscribes
    // again after a reconnect), so the platform sees a device for exactly the simulated twins.
    await Promise.all(
      [...gateways].map(([group, { client }]) =>
        subscribe(
          client,
          inboxFilters(plant.publishers.filter((publisher) => publisher.group === group).map((p) => p.twinId)),
        ),
      ),
    );
  } catch (error) {
    await closeAll(gateways);
    throw error;
  }
  logger.info('simulator started', {
    twins: plant.publishers.length,
    clients: gateways.size,
    speed: options.speed ?? 1,
  });

  const timer = setInterval(() => {
    const nowMs = clock.nowMs();
    for (const message of plant.takeDue(nowMs, nowMs - SIMULATOR_LIMITS.maxLagMs)) {
      send(gateways.get(message.group), message.topic, message.payload);
    }
  }, SIMULATOR_LIMITS.tickMs);

  return {
    publisherCount: plant.publishers.length,
    stats: () => ({
      ...counters,
      skipped: plant.skippedCount,
      connectedClients: [...gateways.values()].filter(({ client }) => client.connected).length,
      commands: inbox.handled,
      duplicates: inbox.duplicates,
      malformed: inbox.malformed,
    }),
    stop: () => {
      stopping ??= (async () => {
        clearInterval(timer);
        await closeAll(gateways);
        logger.info('simulator stopped', { ...counters });
      })();
      return stopping;
    },
  };
}

function openClient(clientId: string, options: SimulatorOptions, logger: Logger): MqttClient {
  const log = logger.child({ clientId });
  const client = connect(options.mqttUrl, {
    clientId,
    clean: true,
    reconnectPeriod: SIMULATOR_LIMITS.reconnectPeriodMs,
    connectTimeout: SIMULATOR_LIMITS.connectTimeoutMs,
    queueQoSZero: false,
    ...(options.username === undefined ? {} : { username: options.username }),
    ...(options.password === undefined ? {} : { password: options.password }),
  });
  // Log state changes once, not every reconnect attempt: a broker down for an hour is one line.
  let lastError: string | undefined;
  client.on('error', (error) => {
    if (error.message !== lastError) log.warn('mqtt error', { error: error.message });
    lastError = error.message;
  });
  client.on('offline', () => log.warn('broker unreachable; reconnecting'));
  client.on('connect', () => {
    if (lastError !== undefined) log.info('reconnected');
    lastError = undefined;
  });
  return client;
}

/** Subscribes with QoS 1; rejects if the broker refuses a filter. */
async function subscribe(client: MqttClient, filters: readonly string[]): Promise<void> {
  if (filters.length === 0) return;
  const granted = await client.subscribeAsync([...filters], { qos: 1 });
  const refused = granted.filter((grant) => grant.qos === 128);
  if (refused.length > 0) {
    throw new Error(
      `MQTT client ${client.options.clientId ?? ''}: subscription refused for ${refused.map((g) => g.topic).join(', ')}`,
    );
  }
}

function whenConnected(client: MqttClient): Promise<void> {
  if (client.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => {
      client.off('connect', onConnect);
      reject(
        new Error(
          `MQTT client ${client.options.clientId ?? ''} did not connect within ${SIMULATOR_LIMITS.connectTimeoutMs} ms`,
        ),
      );
    }, SIMULATOR_LIMITS.connectTimeoutMs);
    const onConnect = (): void => {
      clearTimeout(timeout);
      resolve();
    };
    client.once('connect', onConnect);
  });
}

async function closeAll(gateways: ReadonlyMap<string, Gateway>): Promise<void> {
  await Promise.all(
    [...gateways.values()].map(async ({ client }) => {
      let timer: NodeJS.Timeout | undefined;
      const forced = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          client.end(true, () => resolve());
        }, SIMULATOR_LIMITS.stopTimeoutMs);
      });
      await Promise.race([client.endAsync(), forced]);
      clearTimeout(timer);
    }),
  );
}
