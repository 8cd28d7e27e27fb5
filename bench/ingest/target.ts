/**
 * What a run measures against: Doppel (broker → ingest → state → WebSocket) or the Mosquitto
 * peer (broker → one subscriber). Both take the same publishers on their MQTT port.
 */
import type { Worker } from './children.js';

export type TargetName = 'doppel' | 'mosquitto';

export interface DeliveredCounters {
  /** Points at the far end: applied to twin state (Doppel) or received by the subscriber (Mosquitto). */
  readonly points: number;
  /** Points the broker side took in (Doppel's ingest counter); NaN where there is none. */
  readonly receivedPoints: number;
  readonly deadLetteredPoints: number;
  /** Points accepted but not yet applied; NaN where there is none. */
  readonly queuedPoints: number;
}

export interface Target {
  readonly name: TargetName;
  readonly mqttPort: number;
  /** The server process whose CPU is reported (the platform, or mosquitto). */
  readonly serverPid: number | undefined;
  /** The process timing deliveries: the WebSocket live client or the MQTT subscriber. */
  readonly consumer: Worker;
  /** What the latency figures cover, said beside them. */
  readonly latencyScope: string;
  delivered(): Promise<DeliveredCounters>;
  /** The server's own detailed counters, recorded with each step (Doppel's /metrics); empty for a peer. */
  serverCounters(): Promise<Record<string, number>>;
  /** Stops the server and the consumer and removes temporary files; safe to call twice. */
  close(): Promise<void>;
}
