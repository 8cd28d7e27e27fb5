/**
 * The load of `npm run bench:analytics` (rules part), in its own process as devices are: MQTT
 * clients publishing one message of 10 values per twin, round robin over the twins, at a steady
 * rate of points per second. Every `spikeEvery`-th message carries p0 = 1000 (above every rule's
 * threshold): its twin and send time are printed as a JSON line, so that the orchestrator can time
 * the alert it raises. QoS 1 with a bound on unacknowledged messages; what could not be sent in
 * time is counted, not queued. Stops after `durationS`, prints its counts.
 *   node --conditions=source --import tsx bench/analytics/publisher.ts URL TWINS RATE DURATION_S CLIENTS SPIKE_EVERY
 */
import mqtt from 'mqtt';
import { PATHS, twinIdOf } from './twin-ids.js';

const [url, twinsText, rateText, durationText, clientsText, spikeText] = process.argv.slice(2);
const TWINS = Number(twinsText);
const POINTS_PER_S = Number(rateText);
const DURATION_MS = Number(durationText) * 1_000;
const CLIENTS = Number(clientsText);
const SPIKE_EVERY = Number(spikeText);
const SLICE_MS = 10;
const INFLIGHT_MAX = 2_000;
if (url === undefined || !(TWINS > 0 && POINTS_PER_S > 0 && DURATION_MS > 0 && CLIENTS > 0 && SPIKE_EVERY > 0)) {
  console.error('usage: publisher.ts URL TWINS RATE DURATION_S CLIENTS SPIKE_EVERY');
  process.exit(2);
}

const clients = await Promise.all(
  Array.from({ length: CLIENTS }, (_, i) => mqtt.connectAsync(url, { clientId: `bench-analytics-${i}` })),
);
process.stdout.write('ready\n');
let sent = 0;
let acked = 0;
let shortfall = 0;
let cursor = 0;
let messages = 0;
const messagesPerSlice = POINTS_PER_S / PATHS / (1_000 / SLICE_MS);
let owed = 0;
const startedMs = Date.now();
const timer = setInterval(() => {
  owed += messagesPerSlice;
  while (owed >= 1) {
    owed--;
    if (sent - acked >= INFLIGHT_MAX) {
      shortfall++;
      continue;
    }
    const twinId = twinIdOf(cursor);
    cursor = (cursor + 1) % TWINS;
    messages++;
    const spike = messages % SPIKE_EVERY === 0;
    const values: Record<string, number> = {};
    for (let p = 0; p < PATHS; p++) values[`p${p}`] = Math.round(Math.random() * 5_000) / 100;
    if (spike) values.p0 = 1_000;
    const client = clients[messages % CLIENTS] as mqtt.MqttClient;
    if (spike) process.stdout.write(`${JSON.stringify({ spike: twinId, atMs: Date.now() })}\n`);
    sent++;
    client.publish(`twins/${twinId}/telemetry`, JSON.stringify(values), { qos: 1 }, () => acked++);
  }
  if (Date.now() - startedMs >= DURATION_MS) {
    clearInterval(timer);
    void finish();
  }
}, SLICE_MS);

async function finish(): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (acked < sent && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  process.stdout.write(`${JSON.stringify({ done: true, sent, acked, shortfall, points: sent * PATHS })}\n`);
  await Promise.all(clients.map((client) => client.endAsync()));
  process.exit(0);
}
