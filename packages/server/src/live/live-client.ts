import type { PathState, ServerFrame, TwinUpdate } from '@doppel/protocol';
import { TWINS_PER_BATCH_MAX } from '@doppel/protocol';

/** What the hub needs of a WebSocket; `ws` satisfies it, tests fake it. */
export interface LiveSocket {
  send(text: string): void;
  readonly bufferedAmount: number;
  close(code?: number, reason?: string): void;
}

export interface LiveClientLimits {
  readonly bufferedBytesMax: number;
}

/**
 * One live connection: its subscriptions and the changes waiting to be sent, coalesced per twin
 * (at most one frame per twin per `coalesceMs`). Bounded: pending changes are keyed by twin and
 * path, so they never exceed the subscribed state; when the socket's buffer is over its limit the
 * frames of a flush are dropped (counted) and those twins are re-sent whole once it drains.
 */
export class LiveClient {
  readonly twins = new Set<string>();
  readonly models = new Set<string>();
  coalesceMs: number;
  /** Changes go out as `twins.updated` frames of many twins (the client asked, `batch: true`). */
  batch = false;
  /** Every alert of the platform, not only its twins' (the client asked, `alerts: true`). */
  alerts = false;
  droppedFrames = 0;
  sentFrames = 0;
  private droppedSinceNotice = 0;
  private readonly pending = new Map<string, { model: string; paths: Map<string, PathState> }>();
  /** Twins whose frames were dropped: the next flush sends their whole state. */
  private readonly resync = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private lastFlushMs = 0;

  constructor(
    readonly id: number,
    private readonly socket: LiveSocket,
    private readonly limits: LiveClientLimits,
    defaultCoalesceMs: number,
    /** Full current state of a twin, for resyncs after dropped frames. */
    private readonly stateOf: (twinId: string) => { model: string; paths: Record<string, PathState> } | undefined,
  ) {
    this.coalesceMs = defaultCoalesceMs;
  }

  get subscriptionCount(): number {
    return this.twins.size + this.models.size;
  }

  send(frame: ServerFrame): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** Queues changed paths of a twin and schedules a flush. */
  enqueue(twinId: string, model: string, paths: Iterable<[string, PathState]>): void {
    let entry = this.pending.get(twinId);
    if (entry === undefined) this.pending.set(twinId, (entry = { model, paths: new Map() }));
    for (const [path, state] of paths) entry.paths.set(path, state);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined || this.immediate !== undefined) return;
    const waitMs = this.lastFlushMs + this.coalesceMs - Date.now();
    // Leading edge: the first change after a quiet period goes out at once (on the next turn
    // of the loop, so that changes of the same tick share the frame).
    if (waitMs <= 0) this.immediate = setImmediate(() => this.flush());
    else this.timer = setTimeout(() => this.flush(), waitMs);
  }

  flush(): void {
    this.timer = undefined;
    this.immediate = undefined;
    this.lastFlushMs = Date.now();
    if (this.socket.bufferedAmount > this.limits.bufferedBytesMax) {
      for (const twinId of this.pending.keys()) this.resync.add(twinId);
      this.droppedFrames += this.pending.size;
      this.droppedSinceNotice += this.pending.size;
      this.pending.clear();
      // Try again later: the dropped twins are re-sent whole once the socket drains.
      this.timer = setTimeout(() => this.flush(), Math.max(this.coalesceMs, 50));
      return;
    }
    if (this.droppedSinceNotice > 0) {
      this.send({ type: 'lagging', droppedFrames: this.droppedSinceNotice, bufferedBytes: this.socket.bufferedAmount });
      this.droppedSinceNotice = 0;
    }
    const updates: TwinUpdate[] = [];
    for (const twinId of this.resync) {
      const state = this.stateOf(twinId);
      this.pending.delete(twinId);
      if (state !== undefined) updates.push({ twinId, model: state.model, paths: state.paths });
    }
    this.resync.clear();
    for (const [twinId, entry] of this.pending) {
      updates.push({ twinId, model: entry.model, paths: Object.fromEntries(entry.paths) });
    }
    this.pending.clear();
    this.sendUpdates(updates, false);
  }

  /** Sends twins' states: a frame each, or (batch) frames of up to TWINS_PER_BATCH_MAX twins. */
  sendUpdates(updates: readonly TwinUpdate[], snapshot: boolean): void {
    const flag = snapshot ? { snapshot: true } : {};
    if (!this.batch) {
      for (const update of updates) {
        this.send({ type: 'twin.updated', ...update, ...flag });
        this.sentFrames++;
      }
      return;
    }
    for (let start = 0; start < updates.length; start += TWINS_PER_BATCH_MAX) {
      this.send({ type: 'twins.updated', twins: updates.slice(start, start + TWINS_PER_BATCH_MAX), ...flag });
      this.sentFrames++;
    }
  }

  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    this.pending.clear();
    this.resync.clear();
  }
}
