import type {
  AlertUpdatedFrame,
  ClientFrame,
  CommandUpdatedFrame,
  HelloFrame,
  TwinUpdatedFrame,
} from '@doppel/protocol';
import { LIVE_PROTOCOL_VERSION } from '@doppel/protocol';
import { createValueStore } from '../shared/value-store';
import type { ValueStore } from '../shared/value-store';
import { backoffDelayMs, DEFAULT_BACKOFF } from './backoff';
import type { BackoffPolicy } from './backoff';
import type { ConnectionStatus } from './connection-status';
import { parseServerFrame } from './parse-server-frame';
import { SubscriptionSet } from './subscription-set';

/** WebSocket readyState values, spelled out so that tests can run without a global WebSocket. */
const SOCKET_OPEN = 1;

export interface LiveClientOptions {
  readonly url: string;
  readonly onTwinUpdated: (frame: TwinUpdatedFrame) => void;
  readonly onHello?: (frame: HelloFrame) => void;
  /** A command or desired value of a subscribed twin changed status (sent by REST or by anyone). */
  readonly onCommandUpdated?: (frame: CommandUpdatedFrame) => void;
  /** An alert of a subscribed twin (or any alert, with `alerts: true`) changed. */
  readonly onAlertUpdated?: (frame: AlertUpdatedFrame) => void;
  /** Every alert of the platform, not only those of the subscribed twins (an alert list). */
  readonly allAlerts?: boolean;
  /** Twins that nobody wants live any more: their cached values go stale from now on. */
  readonly onReleased?: (twinIds: readonly string[]) => void;
  readonly createSocket?: (url: string) => WebSocket;
  readonly backoff?: BackoffPolicy;
  readonly limits?: Partial<LiveClientLimits>;
}

export interface LiveClientLimits {
  /** Coalescing window asked of the server per twin. */
  readonly coalesceMs: number;
  /** Twins subscribed at once by this page; more wait for room. */
  readonly twinsMax: number;
  /** Twin ids per subscribe/unsubscribe frame, well below the server's frame size limit. */
  readonly twinsPerFrameMax: number;
  /** A ping is sent after this long without any frame from the server … */
  readonly pingAfterIdleMs: number;
  /** … and the socket is dropped and reopened after this long (a half-open TCP connection). */
  readonly deadAfterIdleMs: number;
}

export const DEFAULT_LIVE_LIMITS: LiveClientLimits = {
  coalesceMs: 100,
  twinsMax: 5_000,
  twinsPerFrameMax: 1_000,
  pingAfterIdleMs: 15_000,
  deadAfterIdleMs: 40_000,
};

export interface LiveClient {
  readonly status: Pick<ValueStore<ConnectionStatus>, 'get' | 'subscribe'>;
  /** Frames dropped by the server because this page could not keep up (from `lagging`). */
  readonly droppedFrames: Pick<ValueStore<number>, 'get' | 'subscribe'>;
  start(): void;
  stop(): void;
  /** Wants these twins live until the returned function is called (reference-counted). */
  retain(twinIds: readonly string[]): () => void;
  /** Drops the connection and reconnects at once (e.g. when the browser comes back online). */
  reconnectNow(): void;
}

/**
 * The `/api/v1/live` WebSocket: connects, checks the server's `hello`, (re)subscribes to every
 * wanted twin after each connect, reconnects with backoff and jitter, and detects dead sockets by
 * idle time. Subscription changes are batched per microtask into one frame each way.
 */
export function createLiveClient(options: LiveClientOptions): LiveClient {
  const limits = { ...DEFAULT_LIVE_LIMITS, ...options.limits };
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url));
  const status = createValueStore<ConnectionStatus>({ state: 'stopped' });
  const droppedFrames = createValueStore(0);
  const subscriptions = new SubscriptionSet(limits.twinsMax);

  let socket: WebSocket | null = null;
  let helloSeen = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let idleTimer: ReturnType<typeof setInterval> | undefined;
  let lastFrameAtMs = 0;
  let flushQueued = false;
  let running = false;

  const send = (frame: ClientFrame): void => socket?.send(JSON.stringify(frame));

  function flush(): void {
    flushQueued = false;
    if (socket === null || !helloSeen) return;
    const { subscribe, unsubscribe } = subscriptions.diff();
    for (let i = 0; i < unsubscribe.length; i += limits.twinsPerFrameMax) {
      send({ type: 'unsubscribe', twins: unsubscribe.slice(i, i + limits.twinsPerFrameMax) });
    }
    for (let i = 0; i < subscribe.length; i += limits.twinsPerFrameMax) {
      const twins = subscribe.slice(i, i + limits.twinsPerFrameMax);
      send({ type: 'subscribe', twins, coalesceMs: limits.coalesceMs, snapshot: true, batch: true });
    }
  }

  function queueFlush(): void {
    if (flushQueued) return;
    flushQueued = true;
    queueMicrotask(flush);
  }

  function connect(): void {
    retryTimer = undefined;
    helloSeen = false;
    subscriptions.forgetSent();
    if (status.get().state !== 'reconnecting') status.set({ state: 'connecting' });
    const ws = createSocket(options.url);
    socket = ws;
    lastFrameAtMs = Date.now();
    ws.onmessage = (event) => {
      if (socket !== ws) return;
      lastFrameAtMs = Date.now();
      if (typeof event.data === 'string') handleFrame(event.data);
    };
    ws.onclose = (event) => {
      if (socket !== ws) return;
      scheduleReconnect(event.reason || `connection closed (${event.code})`);
    };
    // An error is always followed by close; the close handler reconnects.
    ws.onerror = () => undefined;
  }

  function handleFrame(text: string): void {
    const frame = parseServerFrame(text);
    if (frame === null) return;
    switch (frame.type) {
      case 'hello':
        if (frame.protocolVersion !== LIVE_PROTOCOL_VERSION) {
          const reason = `server speaks live protocol ${frame.protocolVersion}, this page ${LIVE_PROTOCOL_VERSION}: reload the page`;
          disconnect();
          status.set({ state: 'incompatible', reason });
          return;
        }
        helloSeen = true;
        attempt = 0;
        status.set({ state: 'live', sinceMs: Date.now() });
        options.onHello?.(frame);
        if (options.allAlerts === true) send({ type: 'subscribe', alerts: true, snapshot: false });
        flush();
        return;
      case 'twin.updated':
        // Frames for twins released meanwhile are late: their unsubscribe is in flight.
        if (subscriptions.isWanted(frame.twinId)) options.onTwinUpdated(frame);
        return;
      case 'twins.updated':
        // Many twins in one frame (this client subscribes with batch: true): one frame a flush
        // instead of one per twin, so a plan of thousands of changing twins costs a few frames.
        for (const update of frame.twins) {
          if (!subscriptions.isWanted(update.twinId)) continue;
          options.onTwinUpdated({
            type: 'twin.updated',
            ...update,
            ...(frame.snapshot === true ? { snapshot: true } : {}),
          });
        }
        return;
      case 'command.updated':
        options.onCommandUpdated?.(frame);
        return;
      case 'alert.updated':
        options.onAlertUpdated?.(frame);
        return;
      case 'lagging':
        droppedFrames.set(droppedFrames.get() + frame.droppedFrames);
        return;
      case 'error':
      case 'subscribed':
      case 'pong':
      case 'query.result': // this client holds no live queries (yet)
      case 'query.changed':
      case 'discrepancy.raised':
      case 'discrepancy.cleared':
      case 'twin.freshness': // the UI shows staleness per value; the roll-up is not drawn (yet)
        return;
    }
  }

  function disconnect(): void {
    const ws = socket;
    socket = null;
    helloSeen = false;
    if (ws !== null && ws.readyState <= SOCKET_OPEN) ws.close(1000, 'client closing');
  }

  function scheduleReconnect(reason: string): void {
    disconnect();
    if (!running) return;
    const delayMs = backoffDelayMs(backoff, attempt);
    attempt += 1;
    status.set({ state: 'reconnecting', attempt, retryAtMs: Date.now() + delayMs, reason });
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, delayMs);
  }

  function checkIdle(): void {
    if (socket === null || socket.readyState !== SOCKET_OPEN) return;
    const idleMs = Date.now() - lastFrameAtMs;
    if (idleMs >= limits.deadAfterIdleMs) scheduleReconnect('no answer from the server');
    else if (idleMs >= limits.pingAfterIdleMs && helloSeen) send({ type: 'ping' });
  }

  return {
    status,
    droppedFrames,
    start() {
      if (running) return;
      running = true;
      idleTimer = setInterval(checkIdle, limits.pingAfterIdleMs / 3);
      connect();
    },
    stop() {
      running = false;
      clearTimeout(retryTimer);
      clearInterval(idleTimer);
      disconnect();
      status.set({ state: 'stopped' });
    },
    retain(twinIds) {
      const ids = [...twinIds];
      subscriptions.retain(ids);
      queueFlush();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const dropped = subscriptions.release(ids);
        if (dropped.length > 0) {
          options.onReleased?.(dropped);
          queueFlush();
        }
      };
    },
    reconnectNow() {
      if (!running || status.get().state === 'live') return;
      clearTimeout(retryTimer);
      attempt = 0;
      disconnect();
      connect();
    },
  };
}
