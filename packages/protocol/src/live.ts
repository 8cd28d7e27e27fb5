import type { AlertEventKind, AlertView } from './alerts.js';
import type { CommandView, PathState } from './rest.js';

/**
 * The WebSocket protocol of `/api/v1/live`: JSON text frames, each a discriminated union on
 * `type`. The server opens with `hello`, which carries the protocol version; a client that does
 * not know the version should close. Commands from the client are imperative (`subscribe`),
 * events from the server past tense or nouns (`twin.updated`, `lagging`).
 *
 * Version 1.
 */
export const LIVE_PROTOCOL_VERSION = 1;

// ---------- client → server ----------

export interface SubscribeFrame {
  readonly type: 'subscribe';
  /** Echoed in the `subscribed` answer so that a client can match it. */
  readonly requestId?: string;
  readonly twins?: readonly string[];
  /** All twins whose model is one of these DTMIs. */
  readonly models?: readonly string[];
  /** Coalescing window per twin in ms for this client (default 100, 0 = every update). */
  readonly coalesceMs?: number;
  /** Send the current state of each subscribed twin at once (default true). */
  readonly snapshot?: boolean;
  /**
   * Deliver twin changes (and snapshots) as `twins.updated` frames holding up to
   * TWINS_PER_BATCH_MAX twins each, instead of one `twin.updated` frame per twin (default false).
   * A page showing thousands of changing twins then handles a few frames a second, not thousands.
   * Applies to the whole connection, like `coalesceMs`.
   */
  readonly batch?: boolean;
  /**
   * Every alert of the platform as it changes (`alert.updated`), not only those of the subscribed
   * twins (which come anyway). For an alert list. Applies to the connection.
   */
  readonly alerts?: boolean;
}

export interface UnsubscribeFrame {
  readonly type: 'unsubscribe';
  readonly requestId?: string;
  readonly twins?: readonly string[];
  readonly models?: readonly string[];
}

export interface PingFrame {
  readonly type: 'ping';
  readonly requestId?: string;
}

/**
 * A live query: the server answers with `query.result`, then, whenever the graph or live state
 * changed, re-runs the query at most every `intervalMs` and sends what entered and left the
 * result (`query.changed`).
 */
export interface QuerySubscribeFrame {
  readonly type: 'query.subscribe';
  readonly requestId?: string;
  /** A twin query (docs/query.md), without EXPLAIN. */
  readonly query: string;
  /** Least time between two re-runs, ms (default 1000, from 250 to 60000). */
  readonly intervalMs?: number;
}

export interface QueryUnsubscribeFrame {
  readonly type: 'query.unsubscribe';
  readonly requestId?: string;
  readonly subscriptionId: string;
}

/**
 * Invokes a DTDL Command of a twin (as `POST /api/v1/digitaltwins/{id}/commands/{name}`): the
 * server answers with `command.updated` frames, one per status, until a final one.
 */
export interface CommandInvokeFrame {
  readonly type: 'command.invoke';
  readonly requestId?: string;
  readonly twinId: string;
  readonly name: string;
  readonly request?: unknown;
  readonly timeoutMs?: number;
  readonly ttlMs?: number;
}

/** Sets a writable property to a desired value; answered like `command.invoke`. */
export interface DesiredSetFrame {
  readonly type: 'desired.set';
  readonly requestId?: string;
  readonly twinId: string;
  readonly name: string;
  readonly value: unknown;
  readonly tolerance?: number;
  readonly timeoutMs?: number;
  readonly ttlMs?: number;
}

export type ClientFrame =
  | SubscribeFrame
  | UnsubscribeFrame
  | PingFrame
  | QuerySubscribeFrame
  | QueryUnsubscribeFrame
  | CommandInvokeFrame
  | DesiredSetFrame;

// ---------- server → client ----------

export interface HelloFrame {
  readonly type: 'hello';
  readonly protocolVersion: number;
  readonly serverTimeMs: number;
  readonly coalesceMs: number;
}

export interface SubscribedFrame {
  readonly type: 'subscribed';
  readonly requestId?: string;
  readonly twins: number;
  readonly models: number;
  /** Twin ids in the request that do not exist (yet); the subscription still holds. */
  readonly unknownTwins: readonly string[];
}

/**
 * The paths of one twin that changed since the last frame for it (coalesced). A path carries
 * `freshness` (with `staleReason`, `staleAtMs`) only when it is stale, and `quality` only when it is
 * not good: without them it is fresh (or not judged yet) and good.
 */
export interface TwinUpdatedFrame {
  readonly type: 'twin.updated';
  readonly twinId: string;
  readonly model: string;
  readonly paths: Readonly<Record<string, PathState>>;
  /** True when this frame is the initial snapshot of a subscription. */
  readonly snapshot?: boolean;
}

/** Twins per `twins.updated` frame: bounds the frame size (a flush of more is split). */
export const TWINS_PER_BATCH_MAX = 500;

/** One twin's changed paths, as in `twin.updated`. */
export interface TwinUpdate {
  readonly twinId: string;
  readonly model: string;
  readonly paths: Readonly<Record<string, PathState>>;
}

/**
 * The changes of several twins from one flush, for clients that subscribed with `batch: true`:
 * each entry means what a `twin.updated` frame would (at most one entry per twin per frame).
 */
export interface TwinsUpdatedFrame {
  readonly type: 'twins.updated';
  readonly twins: readonly TwinUpdate[];
  /** True when these entries are the initial snapshot of a subscription. */
  readonly snapshot?: boolean;
}

/** The client could not keep up: `droppedFrames` frames were dropped since the last notice. */
export interface LaggingFrame {
  readonly type: 'lagging';
  readonly droppedFrames: number;
  readonly bufferedBytes: number;
}

export interface PongFrame {
  readonly type: 'pong';
  readonly requestId?: string;
  readonly serverTimeMs: number;
}

export interface ErrorFrame {
  readonly type: 'error';
  readonly requestId?: string;
  readonly code: string;
  readonly message: string;
}

/** The first answer of a live query: its whole result. */
export interface QueryResultFrame {
  readonly type: 'query.result';
  readonly requestId?: string;
  readonly subscriptionId: string;
  readonly rows: readonly unknown[];
}

/**
 * What a re-run changed: rows that entered and rows that left the result (a row whose values
 * changed leaves in its old form and enters in its new one).
 */
export interface QueryChangedFrame {
  readonly type: 'query.changed';
  readonly subscriptionId: string;
  readonly added: readonly unknown[];
  readonly removed: readonly unknown[];
}

/**
 * A command or desired value changed status: sent to the client that asked (with its
 * `requestId`) and to the subscribers of the twin, so that a UI shows it pending until the
 * device confirms, and rolls back an optimistic value when it fails or times out.
 */
export interface CommandUpdatedFrame {
  readonly type: 'command.updated';
  readonly requestId?: string;
  readonly command: CommandView;
}

/**
 * A discrepancy rule found sources of a twin contradicting each other (`raised`; a maintenance
 * work order was opened) or no longer does (`cleared`): sent to the twin's subscribers.
 */
export interface DiscrepancyFrame {
  readonly type: 'discrepancy.raised' | 'discrepancy.cleared';
  readonly rule: string;
  readonly twinId: string;
  readonly sinceMs: number;
  /** The rule's query row: the values that contradict each other. */
  readonly row: unknown;
}

/**
 * A subscribed twin's freshness roll-up changed (docs/sync.md "Rolled up through the graph"): it is
 * `degraded` while a critical series of its own or of a twin below it (through `contains`) is
 * stale, `fresh` again when the last one is. `cause` names the series that turned it (absent when
 * the graph itself changed).
 */
export interface TwinFreshnessFrame {
  readonly type: 'twin.freshness';
  readonly twinId: string;
  readonly status: 'fresh' | 'degraded';
  readonly staleCriticalCount: number;
  readonly atMs: number;
  readonly cause?: { readonly twinId: string; readonly path: string };
}

/** An alert of a subscribed twin (or any, with `alerts: true`) was raised, repeated, acknowledged or cleared. */
export interface AlertUpdatedFrame {
  readonly type: 'alert.updated';
  readonly event: AlertEventKind;
  readonly alert: AlertView;
}

export type ServerFrame =
  | AlertUpdatedFrame
  | TwinFreshnessFrame
  | DiscrepancyFrame
  | CommandUpdatedFrame
  | HelloFrame
  | SubscribedFrame
  | TwinUpdatedFrame
  | TwinsUpdatedFrame
  | LaggingFrame
  | PongFrame
  | ErrorFrame
  | QueryResultFrame
  | QueryChangedFrame;

// ---------- validation of client frames ----------

export type FrameParseResult =
  { readonly ok: true; readonly frame: ClientFrame } | { readonly ok: false; readonly message: string };

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** Validates a client frame; the message says what to fix. */
export function parseClientFrame(text: string): FrameParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, message: 'frame is not valid JSON' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, message: 'frame must be a JSON object with a "type"' };
  }
  const frame = data as Record<string, unknown>;
  if (frame.requestId !== undefined && typeof frame.requestId !== 'string') {
    return { ok: false, message: '"requestId" must be a string' };
  }
  switch (frame.type) {
    case 'subscribe':
    case 'unsubscribe': {
      for (const key of ['twins', 'models'] as const) {
        if (frame[key] !== undefined && !isStringArray(frame[key])) {
          return { ok: false, message: `"${key}" must be an array of strings` };
        }
      }
      if (frame.type === 'subscribe') {
        const coalesceMs = frame.coalesceMs;
        if (
          coalesceMs !== undefined &&
          (typeof coalesceMs !== 'number' || !Number.isFinite(coalesceMs) || coalesceMs < 0 || coalesceMs > 60_000)
        ) {
          return { ok: false, message: '"coalesceMs" must be a number of milliseconds from 0 to 60000' };
        }
        for (const key of ['snapshot', 'batch', 'alerts'] as const) {
          if (frame[key] !== undefined && typeof frame[key] !== 'boolean') {
            return { ok: false, message: `"${key}" must be a boolean` };
          }
        }
      }
      return { ok: true, frame: frame as unknown as ClientFrame };
    }
    case 'ping':
      return { ok: true, frame: frame as unknown as PingFrame };
    case 'query.subscribe': {
      if (typeof frame.query !== 'string' || frame.query.trim() === '') {
        return { ok: false, message: '"query" must be the text of a twin query' };
      }
      const intervalMs = frame.intervalMs;
      if (
        intervalMs !== undefined &&
        (typeof intervalMs !== 'number' || !Number.isFinite(intervalMs) || intervalMs < 250 || intervalMs > 60_000)
      ) {
        return { ok: false, message: '"intervalMs" must be a number of milliseconds from 250 to 60000' };
      }
      return { ok: true, frame: frame as unknown as QuerySubscribeFrame };
    }
    case 'command.invoke':
    case 'desired.set': {
      if (typeof frame.twinId !== 'string' || typeof frame.name !== 'string') {
        return { ok: false, message: '"twinId" and "name" must be strings' };
      }
      if (frame.type === 'desired.set' && !('value' in frame)) return { ok: false, message: '"value" is missing' };
      for (const key of ['timeoutMs', 'ttlMs', 'tolerance'] as const) {
        if (frame[key] !== undefined && (typeof frame[key] !== 'number' || !Number.isFinite(frame[key]))) {
          return { ok: false, message: `"${key}" must be a number` };
        }
      }
      return { ok: true, frame: frame as unknown as CommandInvokeFrame | DesiredSetFrame };
    }
    case 'query.unsubscribe':
      if (typeof frame.subscriptionId !== 'string') {
        return { ok: false, message: '"subscriptionId" must be the id a query.result gave' };
      }
      return { ok: true, frame: frame as unknown as QueryUnsubscribeFrame };
    default:
      return {
        ok: false,
        message: `unknown frame type ${JSON.stringify(frame.type)}; expected subscribe, unsubscribe, ping, query.subscribe, query.unsubscribe, command.invoke or desired.set`,
      };
  }
}
