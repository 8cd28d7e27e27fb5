/**
 * A load generator process: many real mqtt.js clients (one per `twinsPerClient` twins, as a
 * gateway would own a line of machines) publishing telemetry at the rate the orchestrator sets.
 *
 * Rate control is a token bucket per client refilled every tick; a client never has more than
 * `inflightMax` unacknowledged QoS 1 messages, so a broker that pushes back slows us down instead
 * of growing our memory. Tokens beyond the burst allowance are dropped and counted as shortfall:
 * the published rate, not the offered one, is what the orchestrator compares with.
 */
import { performance } from 'node:perf_hooks';
import { connect } from 'mqtt';
import type { MqttClient } from 'mqtt';
import type { ChildMessage, PublisherConfig, PublisherCounters } from './ipc.js';
import { asPublisherCommand } from './ipc.js';
import { createPayloadPool } from './payloads.js';
import type { PayloadPool } from './payloads.js';

const TICK_MS = 5;
/** Burst allowance: a client may catch up at most this much of its rate after a stall. */
const BURST_S = 0.05;
const CONNECT_TIMEOUT_MS = 10_000;
const DRAIN_TIMEOUT_MS = 10_000;

interface Lane {
  readonly client: MqttClient;
  /** Indexes into the process's twin list. */
  readonly twins: readonly number[];
  cursor: number;
  tokens: number;
  inflight: number;
}

const counters = {
  publishedMessages: 0,
  publishedPoints: 0,
  ackedMessages: 0,
  ackedPoints: 0,
  shortfallMessages: 0,
  errors: 0,
};
let lanes: Lane[] = [];
let config: PublisherConfig | undefined;
let pool: PayloadPool | undefined;
let topics: string[] = [];
let lastTsMs = new Float64Array(0);
let sequence = 0;
let messagesPerSecond = 0;
let lastTickMs = performance.now();
let ticker: NodeJS.Timeout | undefined;
let stopping = false;

function send(message: ChildMessage): void {
  process.send?.(message);
}

function snapshot(): PublisherCounters {
  const inflight = lanes.reduce((sum, lane) => sum + lane.inflight, 0);
  return { type: 'publisher-counters', ...counters, inflight };
}

async function configure(next: PublisherConfig): Promise<void> {
  config = next;
  pool = createPayloadPool(next.fields);
  topics = next.twinIds.map((id) => `twins/${id}/telemetry`);
  lastTsMs = new Float64Array(next.twinIds.length);
  const deadlineInMs = next.deadlineMs - Date.now();
  setTimeout(() => process.exit(4), Math.max(0, deadlineInMs)).unref();

  const laneCount = Math.ceil(next.twinIds.length / next.twinsPerClient);
  lanes = Array.from({ length: laneCount }, (_, laneIndex) => {
    const twins: number[] = [];
    for (let i = laneIndex; i < next.twinIds.length; i += laneCount) twins.push(i);
    const client = connect({
      host: '127.0.0.1',
      port: next.brokerPort,
      clientId: `${next.clientIdPrefix}-c${laneIndex}`,
      protocolVersion: 4,
      clean: true,
      keepalive: 30,
      // A reconnect would hide a broker failure behind a gap in the figures; fail instead.
      reconnectPeriod: 0,
      connectTimeout: CONNECT_TIMEOUT_MS,
    });
    client.on('error', (error) => {
      counters.errors++;
      if (!stopping) send({ type: 'failed', message: `client ${laneIndex}: ${error.message}` });
    });
    client.on('close', () => {
      if (!stopping) {
        counters.errors++;
        send({ type: 'failed', message: `client ${laneIndex}: connection closed by the broker` });
      }
    });
    return { client, twins, cursor: 0, tokens: 0, inflight: 0 };
  });
  await Promise.all(
    lanes.map(
      (lane) =>
        new Promise<void>((resolve, reject) => {
          if (lane.client.connected) resolve();
          lane.client.once('connect', () => resolve());
          lane.client.once('error', reject);
        }),
    ),
  );
  lastTickMs = performance.now();
  ticker = setInterval(tick, TICK_MS);
  send({ type: 'ready', clients: lanes.length });
}

function tick(): void {
  const nowMs = performance.now();
  const elapsedS = (nowMs - lastTickMs) / 1000;
  lastTickMs = nowMs;
  if (config === undefined || pool === undefined || messagesPerSecond <= 0) return;
  const totalTwins = config.twinIds.length;
  for (const lane of lanes) {
    const laneRate = (messagesPerSecond * lane.twins.length) / totalTwins;
    const burst = Math.max(1, laneRate * BURST_S);
    lane.tokens += laneRate * elapsedS;
    while (lane.tokens >= 1 && lane.inflight < config.inflightMax) {
      publishOne(lane, config.qos, pool);
      lane.tokens -= 1;
    }
    if (lane.tokens > burst) {
      counters.shortfallMessages += Math.floor(lane.tokens - burst);
      lane.tokens -= Math.floor(lane.tokens - burst);
    }
  }
}

function publishOne(lane: Lane, qos: 0 | 1, payloads: PayloadPool): void {
  const twin = lane.twins[lane.cursor] ?? 0;
  lane.cursor = (lane.cursor + 1) % lane.twins.length;
  // Source times strictly increase per twin: the platform treats (twin, path, ts) as a duplicate.
  const tsMs = Math.max(Date.now(), (lastTsMs[twin] ?? 0) + 1);
  lastTsMs[twin] = tsMs;
  const payload = `{"ts":${tsMs}${payloads.suffix(twin, sequence++)}`;
  const points = payloads.pointsPerMessage;
  lane.inflight++;
  counters.publishedMessages++;
  counters.publishedPoints += points;
  // For QoS 1 the callback runs on PUBACK; for QoS 0 once the packet is handed to the socket.
  lane.client.publish(topics[twin] ?? '', payload, { qos }, (error) => {
    lane.inflight--;
    if (error) {
      counters.errors++;
      return;
    }
    counters.ackedMessages++;
    counters.ackedPoints += points;
  });
}

async function stop(): Promise<void> {
  stopping = true;
  messagesPerSecond = 0;
  const startMs = Date.now();
  while (lanes.some((lane) => lane.inflight > 0) && Date.now() - startMs < DRAIN_TIMEOUT_MS) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  if (ticker) clearInterval(ticker);
  send(snapshot());
  await Promise.all(lanes.map((lane) => new Promise((resolve) => lane.client.end(false, {}, () => resolve(null)))));
  process.disconnect?.();
  process.exit(0);
}

process.on('message', (raw) => {
  const command = asPublisherCommand(raw);
  switch (command.type) {
    case 'configure':
      configure(command).catch((error: unknown) => {
        send({ type: 'failed', message: `connect: ${error instanceof Error ? error.message : String(error)}` });
        process.exit(1);
      });
      break;
    case 'rate':
      messagesPerSecond = command.messagesPerSecond;
      break;
    case 'report':
      send(snapshot());
      break;
    case 'stop':
      void stop();
      break;
  }
});
// The orchestrator is gone: nobody will read our figures, so do not keep loading the machine.
process.on('disconnect', () => process.exit(0));
