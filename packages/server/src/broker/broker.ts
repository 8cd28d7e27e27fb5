import type { SessionEvent } from '../sync/source-sessions.js';

/** An MQTT session began or ended, or a client pinged (sync/source-sessions.ts). */
export type { SessionEvent };

/** A publish received from a device or gateway, before ingest. */
export interface InboundPublish {
  readonly clientId: string;
  readonly topic: string;
  readonly payload: Uint8Array;
  readonly qos: 0 | 1 | 2;
}

/**
 * Called for every PUBLISH from a client. The broker acknowledges (PUBACK) and reads further
 * packets from that client's socket only after the returned promise settles, so a slow or
 * saturated ingest pauses the client's socket instead of buffering (invariants 2 and 3).
 * A rejection closes the client's connection without an acknowledgement; it will resend.
 */
export type InboundHandler = (publish: InboundPublish) => Promise<void> | undefined;

export interface BrokerStats {
  readonly clients: number;
  readonly port: number;
}

/**
 * The MQTT broker port (DESIGN.md 5): embedded aedes by default, an external broker at scale.
 */
export interface Broker {
  /** Starts listening; resolves with the bound port. */
  start(onInbound: InboundHandler): Promise<number>;
  /** Session events of the clients (connect, clean or unclean disconnect, ping, subscribe). */
  onSession(listener: (event: SessionEvent) => void): void;
  /** Connected clients whose subscriptions match `topic` (who would receive a publish now). */
  subscribers(topic: string): Promise<readonly string[]>;
  /** Publishes from the platform itself (commands to devices). */
  publish(topic: string, payload: Uint8Array | string, options?: { qos?: 0 | 1; retain?: boolean }): Promise<void>;
  stats(): BrokerStats;
  stop(): Promise<void>;
}
