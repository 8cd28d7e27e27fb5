import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MqttClient } from 'mqtt';
import { connect } from 'mqtt';
import { silentLogger } from '@doppel/core';
import type { Simulator } from './simulator.js';
import { startSimulator } from './simulator.js';
import type { TestBroker } from './test-broker.js';
import { startTestBroker, until } from './test-broker.js';

interface Received {
  readonly topic: string;
  readonly payload: Record<string, unknown>;
}

void describe('the simulator answers commands and desired values (aedes in process)', () => {
  let broker: TestBroker;
  let simulator: Simulator;
  /** Plays the platform: publishes commands and desired values, hears answers, reports and telemetry. */
  let platform: MqttClient;
  const received: Received[] = [];

  const envelope = (correlationId: string, name: string, request?: unknown): string =>
    JSON.stringify({ correlationId, name, request, idempotent: false, expiresMs: Date.now() + 60_000 });
  const command = (twinId: string, name: string, correlationId: string, request?: unknown): Promise<unknown> =>
    platform.publishAsync(`twins/${twinId}/commands/${name}`, envelope(correlationId, name, request), { qos: 1 });
  const desired = (twinId: string, name: string, correlationId: string, value: unknown): Promise<unknown> =>
    platform.publishAsync(`twins/${twinId}/properties/desired`, envelope(correlationId, name, value), { qos: 1 });
  const answers = (correlationId: string): Received[] =>
    received.filter((m) => m.topic.endsWith('/response') && m.payload['correlationId'] === correlationId);
  async function answer(correlationId: string, count = 1): Promise<Received> {
    await until(() => answers(correlationId).length >= count, 5000, `answer ${count} to ${correlationId}`);
    return answers(correlationId)[0] as Received;
  }
  /** Reports of a twin that are answers to a desired value or a command: `ts` and the values set. */
  const immediateReports = (twinId: string, name: string): Array<Record<string, unknown>> =>
    received
      .filter((m) => m.topic === `twins/${twinId}/properties/reported` && Object.keys(m.payload).length === 2)
      .map((m) => m.payload)
      .filter((payload) => name in payload);

  before(async () => {
    broker = await startTestBroker();
    simulator = await startSimulator({
      mqttUrl: broker.url,
      logger: silentLogger,
      seed: 1,
      speed: 10, // the drive's ramp (5 simulated s) takes half a wall-clock second
      periodMs: { pump: 100 },
      reportedPeriodMs: 1000,
    });
    platform = connect(broker.url, { clientId: 'platform', reconnectPeriod: 0 });
    platform.on('message', (topic, payload) => {
      received.push({ topic, payload: JSON.parse(payload.toString('utf8')) as Record<string, unknown> });
    });
    await new Promise<void>((resolve, reject) => {
      platform.once('connect', () => resolve());
      platform.once('error', reject);
    });
    await platform.subscribeAsync(
      [
        'twins/+/commands/+/response',
        'twins/+/properties/desired/response',
        'twins/+/properties/reported',
        'twins/pump-7/telemetry',
      ],
      { qos: 1 },
    );
  });

  after(async () => {
    await platform.endAsync();
    await simulator.stop();
    await broker.close();
  });

  void it('sets a pump speed with setSpeed: answers succeeded, and the telemetry follows', async () => {
    const pump = (): Array<Record<string, unknown>> =>
      received.filter((m) => m.topic === 'twins/pump-7/telemetry').map((m) => m.payload);
    await until(() => pump().length >= 3, 5000, 'pump-7 telemetry');
    // Under its controller the pump runs at 30-100 %: at least 6 m³/h of its rated 20.
    const flowBefore = pump().at(-1)?.['flowRate'] as number;
    assert.ok(flowBefore > 5.5, `flow before ${flowBefore}`);

    await command('pump-7', 'setSpeed', 'speed-1', 20);
    const { topic, payload } = await answer('speed-1');
    assert.equal(topic, 'twins/pump-7/commands/setSpeed/response');
    assert.deepEqual(payload, {
      correlationId: 'speed-1',
      status: 'succeeded',
      response: { accepted: true, speedPercent: 20 },
    });
    await until(() => immediateReports('pump-7', 'speedSetpoint').length === 1, 2000, 'speedSetpoint reported');
    assert.equal(immediateReports('pump-7', 'speedSetpoint')[0]?.['speedSetpoint'], 20);

    // 20 % of 20 m³/h is 4 m³/h; pressure 0.4 + 3.1 × 0.2² bar; power ∝ speed³, almost nothing.
    const settled = (p: Record<string, unknown>): boolean => Math.abs((p['flowRate'] as number) - 4) < 0.8;
    await until(() => pump().length > 0 && settled(pump().at(-1) as Record<string, unknown>), 5000, 'flow ~4 m³/h');
    const count = pump().length;
    await until(() => pump().length >= count + 5, 5000, 'five more samples');
    for (const sample of pump().slice(count)) {
      assert.ok(settled(sample), `flow ${String(sample['flowRate'])}`);
      assert.ok(Math.abs((sample['pressure'] as number) - 0.52) < 0.1, `pressure ${String(sample['pressure'])}`);
      assert.ok((sample['power'] as number) < 0.2, `power ${String(sample['power'])}`);
    }
  });

  void it('answers failed to setSpeed out of 0-100 and to a command it does not simulate', async () => {
    await command('pump-7', 'setSpeed', 'speed-high', 150);
    await command('pump-7', 'setSpeed', 'speed-none', 'fast');
    await command('pump-7', 'reset', 'reset-1');
    await command('ahu-1', 'setSpeed', 'ahu-speed');
    assert.deepEqual((await answer('speed-high')).payload, {
      correlationId: 'speed-high',
      status: 'failed',
      error: 'speedPercent must be a number from 0 to 100, got 150',
    });
    assert.match((await answer('speed-none')).payload['error'] as string, /from 0 to 100/);
    const reset = await answer('reset-1');
    assert.equal(reset.topic, 'twins/pump-7/commands/reset/response');
    assert.deepEqual(reset.payload, { correlationId: 'reset-1', status: 'failed', error: 'reset is not simulated' });
    assert.equal((await answer('ahu-speed')).payload['error'], 'setSpeed is not simulated');
    assert.equal(immediateReports('pump-7', 'speedSetpoint').length, 1, 'a refused setSpeed changes nothing');
  });

  void it('acts once per correlation id: a duplicate is answered again, not acted on', async () => {
    const { commands, duplicates } = simulator.stats();
    await command('pump-6', 'setSpeed', 'dup-1', 60);
    await command('pump-6', 'setSpeed', 'dup-1', 60); // a redelivery
    await command('pump-6', 'setSpeed', 'dup-1', 30); // a retry with the same id, as a buggy sender might
    await answer('dup-1', 3);
    const expected = { correlationId: 'dup-1', status: 'succeeded', response: { accepted: true, speedPercent: 60 } };
    for (const { payload } of answers('dup-1')) assert.deepEqual(payload, expected);
    assert.equal(simulator.stats().commands, commands + 1);
    assert.equal(simulator.stats().duplicates, duplicates + 2);
    assert.deepEqual(
      immediateReports('pump-6', 'speedSetpoint').map((p) => p['speedSetpoint']),
      [60],
      'the setpoint changed once',
    );
  });

  void it('takes a desired value of a writable property and reports it, at once and later', async () => {
    await desired('ahu-2', 'supplyAirTemperatureSetpoint', 'desired-1', 14.5);
    await until(
      () => immediateReports('ahu-2', 'supplyAirTemperatureSetpoint').length === 1,
      2000,
      'ahu-2 reporting the desired setpoint',
    );
    assert.equal(immediateReports('ahu-2', 'supplyAirTemperatureSetpoint')[0]?.['supplyAirTemperatureSetpoint'], 14.5);
    assert.equal(answers('desired-1').length, 0, 'the report is the answer');
    // The periodic report (every second here) carries it from now on, next to operating hours.
    await until(
      () =>
        received.some(
          (m) =>
            m.topic === 'twins/ahu-2/properties/reported' &&
            'operatingHours' in m.payload &&
            m.payload['supplyAirTemperatureSetpoint'] === 14.5,
        ),
      3000,
      'a periodic report with the setpoint',
    );
  });

  void it('answers failed to a desired value of an unknown property, or one that does not fit', async () => {
    await desired('ahu-2', 'colour', 'desired-colour', 'blue');
    await desired('ahu-2', 'ratedCapacity', 'desired-capacity', 30_000);
    await desired('chiller-1', 'supplyWaterTemperatureSetpoint', 'desired-cold', 'cold');
    const colour = await answer('desired-colour');
    assert.equal(colour.topic, 'twins/ahu-2/properties/desired/response');
    assert.deepEqual(colour.payload, {
      correlationId: 'desired-colour',
      status: 'failed',
      error: 'colour is not a writable property of ahu-2',
    });
    assert.equal((await answer('desired-capacity')).payload['status'], 'failed');
    assert.deepEqual((await answer('desired-cold')).payload, {
      correlationId: 'desired-cold',
      status: 'failed',
      error: 'supplyWaterTemperatureSetpoint must be a double, got "cold"',
    });
  });

  void it('ignores and counts malformed messages, and keeps answering', async () => {
    const { malformed } = simulator.stats();
    const topic = 'twins/pump-1/commands/setSpeed';
    await platform.publishAsync(topic, 'not json', { qos: 1 });
    await platform.publishAsync(topic, '[1, 2]', { qos: 1 });
    await platform.publishAsync(topic, JSON.stringify({ name: 'setSpeed', request: 50 }), { qos: 1 });
    await platform.publishAsync(topic, envelope('bad-name', 'setSpeeed', 50), { qos: 1 });
    await platform.publishAsync('twins/pump-1/properties/desired', envelope('bad-desired', 'name'), { qos: 1 });
    await command('pump-1', 'setSpeed', 'after-bad', 50);
    await answer('after-bad');
    assert.equal(simulator.stats().malformed, malformed + 5);
    assert.equal(answers('bad-name').length + answers('bad-desired').length, 0);
  });
});
