import type { Clock, EpochMs, Limits, Logger } from '@doppel/core';
import { randomUUID } from 'node:crypto';
import { DoppelError } from '@doppel/core';
import type { ValueValidator } from '@doppel/dtdl';
import { compileSchemaValidator } from '@doppel/dtdl';
import type { CommandStatus, CommandView } from '@doppel/protocol';
import { TERMINAL_COMMAND_STATUSES } from '@doppel/protocol';
import type { Broker } from '../../broker/broker.js';
import type { DeadLetterStore } from '../../deadletters/dead-letter-store.js';
import type { ModelCatalog } from '../../graph/model-catalog.js';
import type { TwinGraph } from '../../graph/twin-graph.js';
import type { TwinStateStore } from '../../state/twin-state-store.js';
import { TimerWheel } from '../timer-wheel.js';
import { encodeRequest, isDefaultResponseTopic, parseAnswer } from './command-envelope.js';
import type { CheckedRequest } from './command-requests.js';
import { checkDesired, checkInvocation } from './command-requests.js';
import type { CommandFilter, CommandPage, CommandStore } from './command-store.js';
import { converges } from './desired-convergence.js';

/** The platform's limits that apply here (@doppel/core DEFAULT_LIMITS documents them). */
export type CommandLimits = Pick<
  Limits,
  'commandsPendingMax' | 'commandTimeoutMsDefault' | 'commandTtlMsDefault' | 'commandRetentionMs'
>;

const TIMEOUT_MS_RANGE = [100, 3_600_000] as const;
const TTL_MS_RANGE = [0, 7 * 86_400_000] as const;
const TICK_MS = 50;
/** An idempotent command still unanswered is sent again to a client that (re)connects after this long. */
const RESEND_AFTER_MS = 1_000;

export interface InvokeOptions {
  readonly request?: unknown;
  readonly timeoutMs?: number;
  readonly ttlMs?: number;
  readonly requestedBy: string;
}

export interface DesiredOptions {
  readonly value: unknown;
  /** For numbers: how close the reported value must come (default 0: equal). */
  readonly tolerance?: number;
  readonly timeoutMs?: number;
  readonly ttlMs?: number;
  readonly requestedBy: string;
}

/** What the service keeps of an unfinished command besides its view. */
interface Tracked {
  view: CommandView;
  /** Wheel id of its deadline. */
  readonly timer: number;
  /** Desired values: how close the reported value must come. */
  readonly tolerance: number;
  /** Commands with a response schema: checks the device's answer. */
  readonly validateResponse: ValueValidator | undefined;
}

const isTerminal = (status: CommandStatus): boolean => TERMINAL_COMMAND_STATUSES.includes(status);

/**
 * Commands and desired values, closed-loop (DESIGN.md 2: API → command log → broker → device →
 * acknowledgement → twin state; docs/sync.md):
 *
 * - `pending`: saved, waiting for a connected MQTT client subscribed to its topic (a device that
 *   is offline gets it when it connects and subscribes, within `ttlMs`, else `expired`);
 * - `sent`: published once (QoS 1). A command is never published again unless its DTDL Command
 *   is co-typed `Idempotent`: then it is re-sent when its device reconnects before answering.
 *   Without it, the device gets it at most once from the platform, and the envelope's
 *   correlationId lets it drop a duplicate the network made;
 * - `acknowledged`: the device said it has the command and is working on it (optional: a quick
 *   command goes straight to its answer; MQTT's own PUBACK is not visible to the platform with
 *   the embedded broker);
 * - `succeeded` / `failed`: the device's answer (a desired value also succeeds when the twin's
 *   reported value converges to it); `timed-out`: no answer within `timeoutMs` of sending.
 *
 * Every status is saved (CommandStore) before it is acted on or announced, so the store is the
 * audit trail and a restart resumes what was unfinished. Answers that match no command, or that
 * are malformed, become dead letters; answers after the final one are counted, not applied.
 */
export class CommandService {
  private readonly tracked = new Map<string, Tracked>();
  /** Unfinished desired values by twin: what a state change of that twin may complete. */
  private readonly desiredByTwin = new Map<string, Set<string>>();
  private readonly wheel: TimerWheel;
  private readonly timerIds = new Map<number, string>();
  private nextTimer = 1;
  /** Per command: the transition in progress (transitions of one command never overlap). */
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly listeners = new Set<(view: CommandView) => void>();
  private readonly waiters = new Map<string, Set<(view: CommandView) => void>>();
  private interval: NodeJS.Timeout | undefined;
  private pruner: NodeJS.Timeout | undefined;
  private unsubscribeState: (() => void) | undefined;
  /** Responses and acknowledgements that arrived for no known command (dead-lettered). */
  unknownAnswers = 0;

  constructor(
    private readonly options: {
      readonly store: CommandStore;
      readonly broker: Broker;
      readonly graph: TwinGraph;
      readonly models: ModelCatalog;
      readonly state: TwinStateStore;
      readonly deadLetters: DeadLetterStore;
      readonly clock: Clock;
      readonly logger: Logger;
      readonly limits: CommandLimits;
    },
  ) {
    this.wheel = new TimerWheel(TICK_MS, options.clock.nowMs());
  }

  /** Resumes unfinished commands (after a restart) and starts the deadline timer. */
  async start(): Promise<void> {
    for (const view of await this.options.store.unfinished()) this.track(view);
    // Runs for every applied entry: only the twin's own unfinished desired values are looked at.
    this.unsubscribeState = this.options.state.onChange((twinId, changed, paths) => {
      const desired = this.desiredByTwin.get(twinId);
      if (desired === undefined) return;
      for (const id of desired) {
        const tracked = this.tracked.get(id);
        if (tracked === undefined) continue;
        const { view } = tracked;
        if (!changed.includes(view.name)) continue;
        const reported = paths.get(view.name);
        if (reported === undefined || reported.sourceTimeMs < view.createdMs) continue;
        if (converges(reported.value, view.request, tracked.tolerance)) {
          void this.transition(view.id, (current) =>
            isTerminal(current.status) ? undefined : { status: 'succeeded', response: reported.value },
          );
        }
      }
    });
    this.interval = setInterval(() => this.advance(), TICK_MS);
    this.interval.unref();
    // The audit trail is kept for commandRetentionMs, then pruned (hourly).
    this.pruner = setInterval(() => void this.prune(), 3_600_000);
    this.pruner.unref();
    // Devices connected now may take what is pending.
    for (const tracked of [...this.tracked.values()]) void this.deliver(tracked.view.id);
  }

  /** Deletes finished commands older than the retention; returns how many. */
  async prune(): Promise<number> {
    const beforeMs = this.options.clock.nowMs() - this.options.limits.commandRetentionMs;
    const pruned = await this.options.store.prune(beforeMs).catch((error: unknown) => {
      this.options.logger.error('command: pruning old commands failed', { error: (error as Error).message });
      return 0;
    });
    if (pruned > 0) this.options.logger.info('command: old commands pruned', { pruned });
    return pruned;
  }

  async stop(): Promise<void> {
    if (this.interval !== undefined) clearInterval(this.interval);
    if (this.pruner !== undefined) clearInterval(this.pruner);
    this.unsubscribeState?.();
    await Promise.all([...this.chains.values()].map((chain) => chain.catch(() => undefined)));
  }

  /** Called with every command after each status change (saved). */
  onUpdate(listener: (view: CommandView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Invokes a DTDL Command of a twin. */
  async invoke(twinId: string, name: string, options: InvokeOptions): Promise<CommandView> {
    const twin = this.options.graph.requireTwin(twinId);
    const info = this.options.models.info(twin.modelId);
    return this.create(checkInvocation(info, twin.modelId, twinId, name, options.request), options);
  }

  /** Sets a writable property of a twin to a desired value; done when the reported value converges. */
  async setDesired(twinId: string, name: string, options: DesiredOptions): Promise<CommandView> {
    const twin = this.options.graph.requireTwin(twinId);
    const info = this.options.models.info(twin.modelId);
    return this.create(checkDesired(info, twin.modelId, twinId, name, options.value, options.tolerance), options);
  }

  /** Cancels a command that is still pending (never delivered). */
  async cancel(id: string): Promise<CommandView> {
    if (!this.tracked.has(id)) {
      const stored = await this.options.store.get(id);
      if (stored === undefined) throw new DoppelError('command.not-found', `no command ${id}`);
      throw new DoppelError('command.not-cancellable', `command ${id} is ${stored.status}`);
    }
    const result = await this.transition(id, (view) =>
      view.status === 'pending' ? { status: 'cancelled' } : undefined,
    );
    if (result.status !== 'cancelled') {
      throw new DoppelError('command.not-cancellable', `command ${id} is ${result.status}: it reached the device`);
    }
    return result;
  }

  async get(id: string): Promise<CommandView> {
    const view = this.tracked.get(id)?.view ?? (await this.options.store.get(id));
    if (view === undefined) throw new DoppelError('command.not-found', `no command ${id}`);
    return view;
  }

  list(filter: CommandFilter, limit: number, cursor: string | null): Promise<CommandPage> {
    return this.options.store.list(filter, limit, cursor);
  }

  /** Resolves with the command once it is in one of `statuses`, or as it is after `waitMs`. */
  async waitFor(id: string, statuses: readonly CommandStatus[], waitMs: number): Promise<CommandView> {
    const current = await this.get(id);
    if (statuses.includes(current.status) || waitMs <= 0) return current;
    return new Promise((resolve) => {
      let waiters = this.waiters.get(id);
      if (waiters === undefined) this.waiters.set(id, (waiters = new Set()));
      const done = (view: CommandView): void => {
        if (!statuses.includes(view.status)) return;
        finish(view);
      };
      const timer = setTimeout(() => void this.get(id).then(finish, () => finish(current)), waitMs);
      const finish = (view: CommandView): void => {
        clearTimeout(timer);
        waiters?.delete(done);
        resolve(view);
      };
      waiters.add(done);
    });
  }

  get unfinishedCount(): number {
    return this.tracked.size;
  }

  /**
   * A message the broker received: handles command answers (returns true); anything else is
   * ingest's (returns false).
   */
  handleMessage(topic: string, payload: Uint8Array, clientId: string): boolean {
    if (!topic.endsWith('/response')) return false;
    const answer = parseAnswer(payload);
    const tracked = answer.correlationId === undefined ? undefined : this.tracked.get(answer.correlationId);
    // Another application's topic that happens to end in /response is not ours unless it answers
    // one of our unfinished commands (a model's own commandTopic).
    if (tracked === undefined && !isDefaultResponseTopic(topic)) return false;
    if (!answer.ok) {
      void this.deadLetter('command.response-invalid', answer.message, topic, payload, clientId);
      return true;
    }
    if (tracked === undefined) {
      void this.lateOrUnknown(answer.correlationId, topic, payload, clientId);
      return true;
    }
    const id = tracked.view.id;
    const countRepeat = (): Promise<CommandView> => this.countLateAnswer(id);
    void this.transition(
      id,
      (view) => {
        if (answer.status === 'acknowledged') {
          return view.status === 'sent' || view.status === 'pending' ? { status: 'acknowledged' } : undefined;
        }
        if (answer.status === 'failed') {
          return {
            status: 'failed',
            ...(answer.error === undefined ? {} : { error: answer.error }),
            ...(answer.response === undefined ? {} : { response: answer.response }),
          };
        }
        const invalid = answer.response === undefined ? undefined : tracked.validateResponse?.(answer.response);
        if (invalid !== undefined) {
          void this.deadLetter(
            'command.response-invalid',
            `response of ${view.name}: ${invalid.message}`,
            topic,
            payload,
            clientId,
          );
          return {
            status: 'failed',
            error: `the device's response does not match the command's response schema: ${invalid.message}`,
            response: answer.response,
          };
        }
        return { status: 'succeeded', ...(answer.response === undefined ? {} : { response: answer.response }) };
      },
      countRepeat,
    );
    return true;
  }

  /** An MQTT client connected or subscribed: it may take pending commands (and idempotent re-sends). */
  clientReady(): void {
    for (const tracked of [...this.tracked.values()]) {
      const { view } = tracked;
      if (view.status === 'pending' || (view.idempotent && view.status === 'sent')) void this.deliver(view.id);
    }
  }

  private async create(
    checked: CheckedRequest,
    options: { readonly timeoutMs?: number; readonly ttlMs?: number; readonly requestedBy: string },
  ): Promise<CommandView> {
    const { limits } = this.options;
    const timeoutMs = inRange('timeoutMs', options.timeoutMs ?? limits.commandTimeoutMsDefault, TIMEOUT_MS_RANGE);
    const ttlMs = inRange('ttlMs', options.ttlMs ?? limits.commandTtlMsDefault, TTL_MS_RANGE);
    if (this.tracked.size >= limits.commandsPendingMax) {
      throw new DoppelError(
        'command.queue-full',
        `${this.tracked.size} commands are unfinished (limit ${limits.commandsPendingMax})`,
      );
    }
    const nowMs = this.options.clock.nowMs();
    const view: CommandView = {
      id: randomUUID(),
      ...checked.fields,
      status: 'pending',
      requestedBy: options.requestedBy,
      createdMs: nowMs,
      statusTimesMs: { pending: nowMs },
      expiresMs: nowMs + ttlMs,
      timeoutMs,
      duplicateResponses: 0,
    };
    await this.options.store.save(view);
    this.track(view, checked.tolerance, checked.validateResponse);
    this.announce(view);
    await this.deliver(view.id);
    return this.tracked.get(view.id)?.view ?? (await this.get(view.id));
  }

  private track(view: CommandView, tolerance = 0, validateResponse?: ValueValidator): void {
    const timer = this.nextTimer++;
    this.timerIds.set(timer, view.id);
    let validator = validateResponse;
    if (validator === undefined && view.kind === 'command') {
      // Resumed after a restart: the response schema comes from the twin's model again.
      const twin = this.options.graph.getTwin(view.twinId);
      const schema = twin && this.options.models.info(twin.modelId)?.commands.get(view.name)?.response?.schema;
      if (schema) validator = compileSchemaValidator(schema);
    }
    this.tracked.set(view.id, { view, timer, tolerance, validateResponse: validator });
    if (view.kind === 'desired') {
      let ids = this.desiredByTwin.get(view.twinId);
      if (ids === undefined) this.desiredByTwin.set(view.twinId, (ids = new Set()));
      ids.add(view.id);
    }
    this.wheel.schedule(timer, deadlineOf(view));
  }

  /** Publishes a pending command if a client that takes it is connected. */
  private async deliver(id: string): Promise<void> {
    const tracked = this.tracked.get(id);
    if (tracked === undefined) return;
    const subscribers = await this.options.broker.subscribers(tracked.view.topic);
    if (subscribers.length === 0) return;
    // Only the call that moves the command to `sent` publishes it (two deliveries may race).
    let claimed = false;
    const sent = await this.transition(id, (view) => {
      const nowMs = this.options.clock.nowMs();
      const resend =
        view.idempotent && view.status === 'sent' && nowMs - (view.statusTimesMs.sent ?? 0) >= RESEND_AFTER_MS;
      if (view.status !== 'pending' && !resend) return undefined;
      claimed = true;
      return { status: 'sent' };
    });
    if (!claimed) return;
    try {
      await this.options.broker.publish(
        sent.topic,
        encodeRequest({
          correlationId: sent.id,
          name: sent.name,
          ...(sent.request === undefined ? {} : { request: sent.request }),
          idempotent: sent.idempotent,
          expiresMs: sent.expiresMs,
        }),
        { qos: 1 },
      );
    } catch (error) {
      await this.transition(id, (view) =>
        isTerminal(view.status)
          ? undefined
          : { status: 'failed', error: `publish failed: ${(error as Error).message}` },
      );
    }
  }

  /**
   * Applies a change to a command: `change` sees the current view and returns what to change (or
   * undefined for nothing). Saved before it is announced; one command's changes never overlap.
   */
  private transition(
    id: string,
    change: (view: CommandView) => Partial<Pick<CommandView, 'status' | 'response' | 'error'>> | undefined,
    /** When the command finished meanwhile (an answer queued behind the final one): what to do instead. */
    finished: () => Promise<CommandView> = () => this.get(id),
  ): Promise<CommandView> {
    return this.serially(id, async (): Promise<CommandView> => {
      const tracked = this.tracked.get(id);
      if (tracked === undefined) return finished();
      const patch = change(tracked.view);
      if (patch === undefined) return tracked.view;
      const nowMs = this.options.clock.nowMs();
      const status = patch.status ?? tracked.view.status;
      const view: CommandView = {
        ...tracked.view,
        ...patch,
        // The latest time each status was reached: an idempotent re-send moves `sent`, and its timeout with it.
        statusTimesMs: { ...tracked.view.statusTimesMs, [status]: nowMs },
      };
      await this.options.store.save(view);
      tracked.view = view;
      if (isTerminal(view.status)) {
        this.tracked.delete(id);
        const desired = this.desiredByTwin.get(view.twinId);
        if (desired?.delete(id) === true && desired.size === 0) this.desiredByTwin.delete(view.twinId);
        this.timerIds.delete(tracked.timer);
      } else if (patch.status === 'sent') {
        this.wheel.schedule(tracked.timer, deadlineOf(view));
      }
      this.announce(view);
      return view;
    });
  }

  /** Runs `work` after whatever is in progress for command `id` (one command's changes never overlap). */
  private serially<T>(id: string, work: () => Promise<T>): Promise<T> {
    const next = (this.chains.get(id) ?? Promise.resolve()).then(work);
    const settled = next.catch((error: unknown) => {
      this.options.logger.error('command: saving a change failed', { id, error: (error as Error).message });
    });
    this.chains.set(id, settled);
    void settled.then(() => {
      if (this.chains.get(id) === settled) this.chains.delete(id);
    });
    return next;
  }

  private announce(view: CommandView): void {
    for (const listener of this.listeners) listener(view);
    for (const waiter of this.waiters.get(view.id) ?? []) waiter(view);
    if (isTerminal(view.status)) this.waiters.delete(view.id);
  }

  /** Expires and times out what is due by the clock; the service's timer calls it every 50 ms. */
  advance(): void {
    const nowMs = this.options.clock.nowMs();
    this.wheel.advance(nowMs, (timer) => {
      const id = this.timerIds.get(timer);
      const tracked = id === undefined ? undefined : this.tracked.get(id);
      if (id === undefined || tracked === undefined) return;
      const dueMs = deadlineOf(tracked.view);
      if (dueMs > nowMs) {
        this.wheel.schedule(timer, dueMs);
        return;
      }
      void this.transition(id, (view) => {
        if (view.status === 'pending' && nowMs >= view.expiresMs) return { status: 'expired' };
        if ((view.status === 'sent' || view.status === 'acknowledged') && nowMs >= deadlineOf(view)) {
          return { status: 'timed-out' };
        }
        return undefined;
      });
    });
  }

  /** An answer for a command that is not unfinished: a late or repeated answer, or an unknown one. */
  private async lateOrUnknown(
    correlationId: string,
    topic: string,
    payload: Uint8Array,
    clientId: string,
  ): Promise<void> {
    const stored = await this.options.store.get(correlationId);
    if (stored === undefined) {
      this.unknownAnswers++;
      await this.deadLetter('command.response-unknown', `no command ${correlationId}`, topic, payload, clientId);
      return;
    }
    await this.serially(correlationId, () => this.countLateAnswer(correlationId));
  }

  /** An answer after the final status: counted on the command (the audit shows it), never applied. */
  private async countLateAnswer(id: string): Promise<CommandView> {
    const stored = await this.get(id);
    const view = { ...stored, duplicateResponses: stored.duplicateResponses + 1 };
    await this.options.store.save(view);
    this.announce(view);
    return view;
  }

  private async deadLetter(
    reason: 'command.response-unknown' | 'command.response-invalid',
    message: string,
    topic: string,
    payload: Uint8Array,
    clientId: string,
  ): Promise<void> {
    const twinId = topic.split('/')[1] ?? null;
    await this.options.deadLetters
      .insert([
        {
          reason,
          message,
          transport: 'mqtt',
          topic,
          clientId,
          twinId: this.options.graph.getTwin(twinId ?? '') === undefined ? null : twinId,
          receivedMs: this.options.clock.nowMs() as EpochMs,
          points: 1,
          payload,
        },
      ])
      .catch((error: unknown) =>
        this.options.logger.error('command: storing a dead letter failed', { error: (error as Error).message }),
      );
  }
}

/** When an unfinished command must be looked at again: its TTL while pending, its timeout once sent. */
function deadlineOf(view: CommandView): number {
  if (view.status === 'pending') return view.expiresMs;
  return (view.statusTimesMs.sent ?? view.createdMs) + view.timeoutMs;
}

function inRange(name: string, value: number, [min, max]: readonly [number, number]): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new DoppelError('command.request-invalid', `"${name}" must be a whole number of ms from ${min} to ${max}`);
  }
  return value;
}
