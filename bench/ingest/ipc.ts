/**
 * The messages between the orchestrator (main.ts) and its child processes (publishers and
 * consumers) over Node's IPC channel. Each is a discriminated union on `type`, checked when it
 * arrives (STYLE.md 4): a child speaking another version fails loudly instead of skewing figures.
 */
import type { LatencySummary } from './latency.js';

// ---------- orchestrator → publisher ----------

export interface PublisherConfig {
  readonly type: 'configure';
  readonly brokerPort: number;
  /** Unique per run and process, so that two runs never steal each other's sessions. */
  readonly clientIdPrefix: string;
  readonly twinIds: readonly string[];
  readonly fields: readonly string[];
  readonly twinsPerClient: number;
  readonly qos: 0 | 1;
  /** Unacknowledged QoS 1 messages per client before it stops publishing (backpressure). */
  readonly inflightMax: number;
  /** Epoch ms after which the publisher exits by itself, whatever the orchestrator does. */
  readonly deadlineMs: number;
}

/** Offered rate of this process, in messages per second (0 = pause). */
export interface SetRate {
  readonly type: 'rate';
  readonly messagesPerSecond: number;
}

export interface ReportRequest {
  readonly type: 'report';
}

/** Stop publishing, wait for outstanding PUBACKs (bounded), disconnect and exit. */
export interface StopRequest {
  readonly type: 'stop';
}

export type PublisherCommand = PublisherConfig | SetRate | ReportRequest | StopRequest;

// ---------- orchestrator → consumer (WebSocket live client or MQTT subscriber) ----------

export interface LiveClientConfig {
  readonly type: 'configure-live';
  readonly httpPort: number;
  readonly twinIds: readonly string[];
  readonly deadlineMs: number;
}

export interface SubscriberConfig {
  readonly type: 'configure-subscriber';
  readonly brokerPort: number;
  readonly clientId: string;
  readonly qos: 0 | 1;
  readonly deadlineMs: number;
}

/** Start (and reset) the latency window. */
export interface RecordStart {
  readonly type: 'record-start';
}

/** End the latency window; the consumer answers with `consumer-report`. */
export interface RecordStop {
  readonly type: 'record-stop';
}

export type ConsumerCommand =
  LiveClientConfig | SubscriberConfig | RecordStart | RecordStop | ReportRequest | StopRequest;

// ---------- children → orchestrator ----------

export interface ChildReady {
  readonly type: 'ready';
  readonly clients: number;
}

export interface PublisherCounters {
  readonly type: 'publisher-counters';
  readonly publishedMessages: number;
  readonly publishedPoints: number;
  readonly ackedMessages: number;
  readonly ackedPoints: number;
  /** Tokens thrown away because the in-flight window was full for longer than the burst allowance. */
  readonly shortfallMessages: number;
  readonly inflight: number;
  readonly errors: number;
}

export interface ConsumerReport {
  readonly type: 'consumer-report';
  /** Messages (MQTT) or `twin.updated` frames (WebSocket) received since the start. */
  readonly messages: number;
  readonly points: number;
  /** Frames the server reported as dropped for this client (`lagging`), WebSocket only. */
  readonly droppedFrames: number;
  /** Latency of the last window, or null when no window was recorded. */
  readonly latency: LatencySummary | null;
}

export interface ChildFailed {
  readonly type: 'failed';
  readonly message: string;
}

export type ChildMessage = ChildReady | PublisherCounters | ConsumerReport | ChildFailed;

const childTypes: ReadonlySet<string> = new Set(['ready', 'publisher-counters', 'consumer-report', 'failed']);

/** Narrows an IPC message from a child; throws with what arrived when it is not one we know. */
export function asChildMessage(value: unknown): ChildMessage {
  if (typeof value === 'object' && value !== null && childTypes.has(String((value as { type?: unknown }).type))) {
    return value as ChildMessage;
  }
  throw new Error(`unexpected message from a child process: ${JSON.stringify(value)}`);
}

const publisherTypes: ReadonlySet<string> = new Set(['configure', 'rate', 'report', 'stop']);
const consumerTypes: ReadonlySet<string> = new Set([
  'configure-live',
  'configure-subscriber',
  'record-start',
  'record-stop',
  'report',
  'stop',
]);

export function asPublisherCommand(value: unknown): PublisherCommand {
  if (typeof value === 'object' && value !== null && publisherTypes.has(String((value as { type?: unknown }).type))) {
    return value as PublisherCommand;
  }
  throw new Error(`publisher: unexpected command ${JSON.stringify(value)}`);
}

export function asConsumerCommand(value: unknown): ConsumerCommand {
  if (typeof value === 'object' && value !== null && consumerTypes.has(String((value as { type?: unknown }).type))) {
    return value as ConsumerCommand;
  }
  throw new Error(`consumer: unexpected command ${JSON.stringify(value)}`);
}
