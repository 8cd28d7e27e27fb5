import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Aedes } from 'aedes';
import { silentLogger } from '@doppel/core';
import type { Simulator } from './simulator.js';
import { startSimulator } from './simulator.js';
import type { TestBroker } from './test-broker.js';
import { startTestBroker, until } from './test-broker.js';

interface Received {
  readonly topic: string;
  readonly payload: Record<string, unknown>;
  readonly clientId: string | undefined;
}

async function startBroker(): Promise<TestBroker & { received: Received[] }> {
  const started = await startTestBroker();
  const received: Received[] = [];
  // Recorded from the broker's publish event, which names the publishing client (a '#'
  // subscription would have to guess it: its delivery can come before that event).
  started.broker.on('publish', (packet, client) => {
    if (client === null || packet.topic.startsWith('$SYS')) return;
    received.push({
      topic: packet.topic,
      payload: JSON.parse(packet.payload.toString()) as Record<string, unknown>,
      clientId: client.id,
    });
  });
  return { ...started, received };
}

void describe('startSimulator against an in-process aedes broker', () => {
  let broker: Awaited<ReturnType<typeof startBroker>>;
  let simulator: Simulator;

  before(async () => {
    broker = await startBroker();
    simulator = await startSimulator({
      mqttUrl: broker.url,
      logger: silentLogger,
      periodMs: 200,
      reportedPeriodMs: 500,
      seed: 1,
    });
  });

  after(async () => {
    await simulator.stop();
    await broker.close();
  });

  void it('publishes telemetry on the default topic and on the CNC machine Mqtt topic', async () => {
    const has = (topic: string): boolean => broker.received.some((m) => m.topic === topic);
    await until(
      () => has('twins/pump-7/telemetry') && has('factory/cnc/cnc-12/telemetry') && has('twins/temp-2-03/telemetry'),
      5000,
      'pump-7, cnc-12 and temp-2-03 telemetry',
    );
    assert.ok(!has('twins/cnc-12/telemetry'), 'CNC telemetry goes only to its Mqtt topic');
    const pump = broker.received.find((m) => m.topic === 'twins/pump-7/telemetry');
    assert.equal(typeof pump?.payload['ts'], 'number');
    assert.equal(typeof pump?.payload['flowRate'], 'number');
    assert.equal(typeof pump?.payload['pressure'], 'number');
  });

  void it('publishes reported properties', async () => {
    await until(
      () => broker.received.some((m) => m.topic === 'twins/pump-7/properties/reported'),
      5000,
      'pump-7 reported properties',
    );
  });

  void it('connects one client per floor and counts acknowledged messages', async () => {
    await until(() => simulator.stats().published > 100, 5000, '100 acknowledged messages');
    // Each floor's client starts publishing on its own schedule: wait for floor 2's first message.
    await until(() => broker.received.some((m) => m.clientId === 'doppel-sim-floor-2'), 5000, 'floor 2 to publish');
    const clients = new Set(broker.received.map((m) => m.clientId));
    assert.ok(clients.has('doppel-sim-floor-1') && clients.has('doppel-sim-floor-2'), [...clients].join());
    assert.equal(simulator.stats().connectedClients, 3);
  });
});

void describe('startSimulator when the broker goes away', () => {
  void it('keeps running, reconnects, and stops cleanly', async () => {
    const broker = await startBroker();
    const simulator = await startSimulator({ mqttUrl: broker.url, logger: silentLogger, periodMs: 200 });
    try {
      await until(() => simulator.stats().published > 0, 5000, 'first messages');
      // Drop every connection at the broker: the simulator must survive and reconnect.
      for (const socket of broker.broker.connectedClients > 0 ? sockets(broker.broker) : []) socket.close();
      await until(() => simulator.stats().connectedClients < 3, 5000, 'a disconnect');
      await until(() => simulator.stats().connectedClients === 3, 5000, 'reconnection');
      const before = simulator.stats().published;
      await until(() => simulator.stats().published > before, 5000, 'messages after reconnecting');
    } finally {
      await simulator.stop();
      await simulator.stop(); // idempotent
      await broker.close();
    }
  });

  void it('stops cleanly even when the broker is already gone', async () => {
    const broker = await startBroker();
    const simulator = await startSimulator({ mqttUrl: broker.url, logger: silentLogger, periodMs: 200 });
    await broker.close();
    await simulator.stop();
    assert.ok(simulator.stats().published >= 0);
  });
});

/** The broker's live client sessions. */
function sockets(broker: Aedes): Array<{ close(): void }> {
  return Object.values((broker as unknown as { clients: Record<string, { close(): void }> }).clients);
}
