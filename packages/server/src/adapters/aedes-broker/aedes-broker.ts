import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { Aedes } from 'aedes';
import type { Logger } from '@doppel/core';
import type { Broker, BrokerStats, InboundHandler, SessionEvent } from '../../broker/broker.js';
import { SubscriptionIndex } from '../../broker/subscription-index.js';
import { enableMqtt5 } from './mqtt5-shim.js';

export interface AedesBrokerOptions {
  readonly host: string;
  readonly port: number;
  /** Disconnects clients whose socket cannot be written for this long (slow or frozen readers). */
  readonly drainTimeoutMs: number;
  /** Most concurrent connections; more are refused at TCP accept. */
  readonly connectionsMax: number;
  readonly logger: Logger;
}

/**
 * The embedded broker: aedes in the platform's process, consumed in-process through its
 * `authorizePublish` hook. Measured (perf-baseline.md §3): in-process consumption relays
 * ~150k msg/s, where forwarding to an external subscriber collapses near 40k.
 *
 * Why `authorizePublish` and not `published`: aedes writes a QoS 1 PUBACK *before* it runs the
 * `published` hook, so only `authorizePublish` can hold the PUBACK until the data is durable. It
 * also holds the client's next socket read (aedes reads the next chunk only when every packet of
 * the current one is handled), which is how a saturated pipeline pauses sockets.
 */
export class AedesBroker implements Broker {
  private aedes: Aedes | undefined;
  private server: Server | undefined;
  private boundPort = 0;
  private readonly sockets = new Set<Socket>();
  private readonly sessionListeners: ((event: SessionEvent) => void)[] = [];
  /** Mirrors aedes's subscriptions (its own index is not public), for subscribers(). */
  private readonly subscriptions = new SubscriptionIndex();

  constructor(private readonly options: AedesBrokerOptions) {}

  async start(onInbound: InboundHandler): Promise<number> {
    const { logger } = this.options;
    const aedes = await Aedes.createBroker({
      drainTimeout: this.options.drainTimeoutMs,
      // Client ids longer than 23 characters are fine in MQTT 3.1.1 (only 3.1 limits them).
      maxClientsIdLength: 256,
      authorizePublish: (client, packet, callback) => {
        // Platform-originated publishes (client null) and $SYS are not ingest.
        if (client === null || packet.topic.startsWith('$')) return callback(null);
        let pending: Promise<void> | undefined;
        try {
          pending = onInbound({
            clientId: client.id,
            topic: packet.topic,
            payload: packet.payload as Uint8Array,
            qos: packet.qos,
          });
        } catch (error) {
          return callback(error as Error);
        }
        if (pending === undefined) return callback(null);
        pending.then(
          () => callback(null),
          (error: unknown) => callback(error as Error),
        );
      },
    });
    const emit = (event: SessionEvent): void => {
      for (const listener of this.sessionListeners) listener(event);
    };
    aedes.on('client', (client) => {
      this.subscriptions.connected(client.id, (client as unknown as { clean?: boolean }).clean !== false);
      emit({ type: 'connected', clientId: client.id });
    });
    aedes.on('subscribe', (subscriptions, client) => {
      this.subscriptions.subscribed(
        client.id,
        subscriptions.map((subscription) => subscription.topic),
      );
      emit({ type: 'subscribed', clientId: client.id });
    });
    aedes.on('unsubscribe', (filters, client) => this.subscriptions.unsubscribed(client.id, filters));
    // aedes sets `_disconnected` only when the client sent DISCONNECT: anything else (a dropped
    // socket, a keep-alive timeout, a taken-over session) is unclean, and its will is published.
    aedes.on('clientDisconnect', (client) => {
      this.subscriptions.disconnected(client.id);
      emit({
        type: 'disconnected',
        clientId: client.id,
        clean: (client as unknown as { _disconnected?: boolean })._disconnected === true,
      });
    });
    aedes.on('ping', (_packet, client) => emit({ type: 'ping', clientId: client.id }));
    aedes.on('clientError', (client, error) => {
      logger.debug('mqtt client error', { clientId: client.id, error: error.message });
    });
    aedes.on('connectionError', (client, error) => {
      logger.debug('mqtt connection error', { clientId: client?.id, error: error.message });
    });
    this.aedes = aedes;
    const server = createServer((socket) => {
      if (this.sockets.size >= this.options.connectionsMax) {
        logger.warn('mqtt: connection refused, connectionsMax reached', {
          connectionsMax: this.options.connectionsMax,
        });
        socket.destroy();
        return;
      }
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.setNoDelay(true);
      enableMqtt5(aedes.handle(socket), socket);
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    this.boundPort = typeof address === 'object' && address !== null ? address.port : this.options.port;
    return this.boundPort;
  }

  onSession(listener: (event: SessionEvent) => void): void {
    this.sessionListeners.push(listener);
  }

  subscribers(topic: string): Promise<readonly string[]> {
    return Promise.resolve(this.subscriptions.subscribers(topic));
  }

  publish(topic: string, payload: Uint8Array | string, options: { qos?: 0 | 1; retain?: boolean } = {}): Promise<void> {
    const aedes = this.aedes;
    if (aedes === undefined) return Promise.reject(new Error('broker is not started'));
    return new Promise((resolve, reject) => {
      aedes.publish(
        {
          cmd: 'publish',
          topic,
          payload: typeof payload === 'string' ? Buffer.from(payload) : Buffer.from(payload),
          qos: options.qos ?? 0,
          retain: options.retain ?? false,
          dup: false,
        },
        (error?: Error) => (error ? reject(error) : resolve()),
      );
    });
  }

  stats(): BrokerStats {
    return { clients: this.aedes?.connectedClients ?? 0, port: this.boundPort };
  }

  async stop(): Promise<void> {
    const server = this.server;
    for (const socket of this.sockets) socket.destroy();
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
    const aedes = this.aedes;
    if (aedes !== undefined) await new Promise<void>((resolve) => aedes.close(() => resolve()));
    this.server = undefined;
    this.aedes = undefined;
  }
}
