/**
 * The Mosquitto peer's consumer: one mqtt.js client subscribed to every twin's telemetry, doing
 * what the platform must do at least (decode the JSON) and timing each message.
 */
import { connect } from 'mqtt';
import { errorText, runConsumer } from './consumer.js';

runConsumer((command, consumer) => {
  if (command.type !== 'configure-subscriber') return;
  const client = connect({
    host: '127.0.0.1',
    port: command.brokerPort,
    clientId: command.clientId,
    protocolVersion: 4,
    clean: true,
    keepalive: 30,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
  });
  client.on('message', (_topic, payload) => {
    const message = JSON.parse(payload.toString()) as Record<string, unknown>;
    let points = 0;
    for (const key in message) if (key !== 'ts') points++;
    consumer.received(points, Number(message.ts));
  });
  client.on('error', (error) => consumer.send({ type: 'failed', message: `subscriber: ${errorText(error)}` }));
  client.on('connect', () => {
    client.subscribe('twins/+/telemetry', { qos: command.qos }, (error) => {
      if (error) consumer.send({ type: 'failed', message: `subscribe: ${errorText(error)}` });
      else consumer.send({ type: 'ready', clients: 1 });
    });
  });
});
