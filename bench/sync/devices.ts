/**
 * The simulated devices of `npm run bench:sync` (commands part), in their own process as real
 * devices are: `clients` MQTT clients (packages/sim CommandDevice), each answering the commands of
 * its share of the twins at once (`succeed`). Prints `ready` when all are subscribed; stops when
 * its standard input closes.
 *   node --conditions=source --import tsx bench/sync/devices.ts MQTT_URL TWIN_PREFIX TWINS CLIENTS
 */
import { CommandDevice } from '@doppel/sim';

const [mqttUrl, prefix, twinsText, clientsText] = process.argv.slice(2);
const twins = Number(twinsText);
const clients = Number(clientsText);
if (mqttUrl === undefined || prefix === undefined || !(twins > 0) || !(clients > 0)) {
  console.error('usage: devices.ts MQTT_URL TWIN_PREFIX TWINS CLIENTS');
  process.exit(2);
}
const twinId = (index: number): string => `${prefix}${String(index).padStart(4, '0')}`;
const devices = await Promise.all(
  Array.from({ length: clients }, (_, client) =>
    CommandDevice.start({
      mqttUrl,
      clientId: `bench-device-${client}`,
      twinIds: Array.from({ length: twins }, (_, index) => index)
        .filter((index) => index % clients === client)
        .map(twinId),
      behaviour: 'succeed',
      respond: (_name, request) => request,
    }),
  ),
);
process.stdout.write('ready\n');
const stop = async (): Promise<void> => {
  await Promise.all(devices.map((device) => device.stop()));
  const received = devices.reduce((sum, device) => sum + device.received.length, 0);
  process.stdout.write(`received ${received}\n`);
  process.exit(0);
};
process.stdin.on('end', () => void stop());
process.stdin.resume();
