import mqttPacket from 'mqtt-packet';
import type { Socket } from 'node:net';

/**
 * MQTT 5 for aedes, which implements MQTT 3.1.1 only (its CONNECT handler refuses protocol
 * version 5). Its parser and writer (mqtt-packet) do speak 5, so the shim:
 * - on an MQTT 5 CONNECT, tells aedes the session is 3.1.1 (so it is accepted) while keeping the
 *   parser in 5 mode for the rest of the connection;
 * - encodes every packet aedes writes to that connection as MQTT 5 (reason codes where 3.1.1 had
 *   return codes).
 * What MQTT 5 adds on top of 3.1.1 (session expiry, topic aliases, user properties on delivery,
 * shared subscriptions) is not implemented: the broker behaves as a 3.1.1 broker speaking 5's
 * wire format, which is what devices that merely default to 5 (mosquitto_pub -V mqttv5, mqtt.js
 * protocolVersion 5) need.
 */
const v5Connections = new WeakSet<object>();

/** CONNACK return codes of 3.1.1 mapped to MQTT 5 reason codes [MQTT-3.2.2.2]. */
const CONNACK_REASONS: Record<number, number> = { 0: 0x00, 1: 0x84, 2: 0x85, 3: 0x88, 4: 0x86, 5: 0x87 };
const V5 = { protocolVersion: 5 } as const;

type WriteToStream = (packet: Record<string, unknown>, stream: object, opts?: object) => boolean;
let installed = false;

function installWriter(): void {
  if (installed) return;
  installed = true;
  const packets = mqttPacket as unknown as { writeToStream: WriteToStream };
  const original = packets.writeToStream;
  // aedes writes through this function (lib/write.js); only MQTT 5 connections are affected.
  packets.writeToStream = (packet, stream, opts) => {
    if (opts !== undefined || !v5Connections.has(stream)) return original(packet, stream, opts);
    if (packet.cmd === 'connack' && packet.reasonCode === undefined) {
      packet = { ...packet, reasonCode: CONNACK_REASONS[Number(packet.returnCode ?? 0)] ?? 0x80 };
    }
    return original(packet, stream, V5);
  };
}

interface AedesClientInternals {
  _parser?: {
    settings: Record<string, unknown>;
    prependListener(event: 'packet', fn: (packet: Record<string, unknown>) => void): void;
  };
}

/** Call with the aedes Client right after `aedes.handle(socket)`. */
export function enableMqtt5(client: unknown, socket: Socket): void {
  installWriter();
  const parser = (client as AedesClientInternals)._parser;
  if (parser === undefined) return;
  parser.prependListener('packet', (packet) => {
    if (packet.cmd !== 'connect' || packet.protocolVersion !== 5) return;
    // The parser keeps the CONNECT packet as its settings; give it its own copy in 5 mode
    // before aedes sees the packet as 3.1.1.
    parser.settings = { ...packet };
    packet.protocolVersion = 4;
    v5Connections.add(socket);
  });
}
