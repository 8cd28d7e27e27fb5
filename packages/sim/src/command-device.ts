import { commandResponseTopic, commandTopic, TOPIC_ROOT } from '@doppel/protocol';
import type { MqttClient } from 'mqtt';
import { connect } from 'mqtt';

/*
 * A simulated device that answers Doppel's commands, for tests and benchmarks.
 *
 * Wire contract (MQTT, JSON payloads):
 * - The platform publishes a command to `twins/{twinId}/commands/{name}` (QoS 1):
 *     {"correlationId": "<id>", "name": "<command name>", "request": <any JSON value or absent>,
 *      "idempotent": <boolean>, "expiresMs": <epoch ms>}
 * - The device answers on `twins/{twinId}/commands/{name}/response`:
 *     {"correlationId": "<id>", "status": "acknowledged" | "succeeded" | "failed",
 *      "response"?: <JSON value>, "error"?: "<text>"}
 *   `acknowledged` is optional and means "received, working on it"; `succeeded` and `failed` are
 *   final.
 *
 * The device acts at most once per correlation id, as DTDL's non-idempotent contract requires:
 * a redelivered command (same correlationId) is answered again with the answer already sent for
 * it, and is not executed again.
 */

/**
 * How the device treats a command:
 * - `succeed`: answers `succeeded` at once, `response` = `respond(name, request)`.
 * - `ack-then-succeed`: answers `acknowledged` at once, then `succeeded` after `delayMs`.
 * - `reject`: answers `failed` at once, with an error text.
 * - `late`: answers `succeeded` after `delayMs`.
 * - `twice`: sends the same `succeeded` answer twice.
 * - `ignore`: never answers and does not execute (a redelivery is judged afresh).
 */
export type CommandBehaviour = 'succeed' | 'ack-then-succeed' | 'reject' | 'late' | 'twice' | 'ignore';

export interface CommandDeviceOptions {
  /** e.g. `mqtt://127.0.0.1:1883`. */
  readonly mqttUrl: string;
  readonly clientId: string;
  /** The twins whose commands this device answers; `['+']` answers every twin's. */
  readonly twinIds: readonly string[];
  /** One behaviour for every command, or chosen per command (when it is first received). */
  readonly behaviour: CommandBehaviour | ((twinId: string, name: string, request: unknown) => CommandBehaviour);
  /** Wait of `late` and `ack-then-succeed` before the final answer; default 100 ms. */
  readonly delayMs?: number;
  /** Computes the `response` of a succeeded command; default `{ ok: true }`. If it throws, the command fails. */
  readonly respond?: (name: string, request: unknown) => unknown;
  /** MQTT clean session; default true. With false the broker keeps the subscription and queues commands while the device is away. */
  readonly cleanSession?: boolean;
  /** QoS of the command subscription; default 1. */
  readonly subscribeQos?: 0 | 1;
}

/** A command message as received (redeliveries included). */
export interface ReceivedCommand {
  readonly twinId: string;
  readonly name: string;
  readonly correlationId: string;
  readonly request: unknown;
  readonly idempotent: boolean;
  readonly expiresMs: number;
  /** Wall-clock time of receipt, epoch ms. */
  readonly atMs: number;
}

export type CommandAnswerStatus = 'acknowledged' | 'succeeded' | 'failed';

/** The payload the device publishes on the response topic. */
export interface CommandAnswer {
  readonly correlationId: string;
  readonly status: CommandAnswerStatus;
  readonly response?: unknown;
  readonly error?: string;
}

/** Defaults and timings of the command device. */
export const COMMAND_DEVICE_DEFAULTS = {
  delayMs: 100,
  connectTimeoutMs: 5_000,
  reconnectPeriodMs: 500,
  stopTimeoutMs: 2_000, // then the connection is closed without waiting for acknowledgements
  rejectError: 'rejected by the simulated device',
} as const;

interface Handled {
  executions: number;
  /** The latest answer sent for the correlation id; a redelivery is answered with it. */
  answer: CommandAnswer | undefined;
}

export class CommandDevice {
  /** Every command message received, duplicates included, in order of receipt. */
  readonly received: ReceivedCommand[] = [];
  private malformedCount = 0;
  private readonly handled = new Map<string, Handled>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly client: MqttClient,
    private readonly options: CommandDeviceOptions,
  ) {}

  /** Connects, subscribes to the commands of `twinIds` and resolves once the subscription is granted. */
  static async start(options: CommandDeviceOptions): Promise<CommandDevice> {
    if (options.twinIds.length === 0) throw new Error('CommandDevice needs at least one twin id');
    for (const twinId of options.twinIds) {
      if (twinId === '' || (twinId !== '+' && /[/+#]/.test(twinId))) {
        throw new Error(`"${twinId}" is not a twin id a command topic can name`);
      }
    }
    const client = connect(options.mqttUrl, {
      clientId: options.clientId,
      clean: options.cleanSession ?? true,
      connectTimeout: COMMAND_DEVICE_DEFAULTS.connectTimeoutMs,
      reconnectPeriod: COMMAND_DEVICE_DEFAULTS.reconnectPeriodMs,
    });
    const device = new CommandDevice(client, options);
    // Listen before the CONNACK: a kept session (cleanSession false) delivers queued commands at once.
    client.on('message', (topic, payload) => device.onMessage(topic, payload));
    // An 'error' event without a listener would throw; mqtt.js reconnects on its own.
    client.on('error', () => {});
    try {
      await whenConnected(client);
    } catch (error) {
      await client.endAsync(true);
      throw error;
    }
    try {
      const qos = options.subscribeQos ?? 1;
      const filters = options.twinIds.includes('+') ? ['+'] : [...new Set(options.twinIds)];
      const granted = await client.subscribeAsync(
        filters.map((twinId) => commandTopic(twinId, '+')),
        { qos },
      );
      const refused = granted.filter((grant) => grant.qos === 128);
      if (refused.length > 0) throw new Error(`subscription refused: ${refused.map((g) => g.topic).join(', ')}`);
    } catch (error) {
      await client.endAsync(true);
      throw error;
    }
    return device;
  }

  /** Command messages whose topic or payload did not follow the wire contract; they are ignored. */
  get malformed(): number {
    return this.malformedCount;
  }

  /** How many times the device executed the command of this correlation id: 0 or 1. */
  executions(correlationId: string): number {
    return this.handled.get(correlationId)?.executions ?? 0;
  }

  /** Cancels pending answers and disconnects cleanly (DISCONNECT sent). */
  stop(): Promise<void> {
    this.closing ??= (async () => {
      this.clearTimers();
      let timer: NodeJS.Timeout | undefined;
      const forced = new Promise<void>((resolve) => {
        timer = setTimeout(() => this.client.end(true, () => resolve()), COMMAND_DEVICE_DEFAULTS.stopTimeoutMs);
      });
      await Promise.race([this.client.endAsync(), forced]);
      clearTimeout(timer);
    })();
    return this.closing;
  }

  /** Cancels pending answers and destroys the socket without DISCONNECT, as a dead device would. */
  drop(): Promise<void> {
    this.closing ??= (async () => {
      this.clearTimers();
      await this.client.endAsync(true);
    })();
    return this.closing;
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private onMessage(topic: string, payload: Buffer): void {
    if (this.closing !== undefined) return;
    const command = parseCommand(topic, payload);
    if (command === undefined) {
      this.malformedCount++;
      return;
    }
    this.received.push(command);
    const { twinId, name, correlationId, request } = command;

    const handled = this.handled.get(correlationId);
    if (handled !== undefined) {
      // A redelivery: answer again with what was sent, never execute again.
      if (handled.answer !== undefined) this.send(twinId, name, handled.answer);
      return;
    }

    const { behaviour } = this.options;
    const chosen = typeof behaviour === 'function' ? behaviour(twinId, name, request) : behaviour;
    if (chosen === 'ignore') return;
    const record: Handled = { executions: 1, answer: undefined };
    this.handled.set(correlationId, record);
    const answer = (next: CommandAnswer, times = 1): void => {
      record.answer = next;
      for (let i = 0; i < times; i++) this.send(twinId, name, next);
    };
    const delayMs = this.options.delayMs ?? COMMAND_DEVICE_DEFAULTS.delayMs;

    switch (chosen) {
      case 'succeed':
        answer(this.execute(correlationId, name, request));
        break;
      case 'twice':
        answer(this.execute(correlationId, name, request), 2);
        break;
      case 'ack-then-succeed': {
        const final = this.execute(correlationId, name, request);
        answer({ correlationId, status: 'acknowledged' });
        this.later(delayMs, () => answer(final));
        break;
      }
      case 'late': {
        const final = this.execute(correlationId, name, request);
        this.later(delayMs, () => answer(final));
        break;
      }
      case 'reject':
        answer({ correlationId, status: 'failed', error: `${name}: ${COMMAND_DEVICE_DEFAULTS.rejectError}` });
        break;
    }
  }

  private execute(correlationId: string, name: string, request: unknown): CommandAnswer {
    if (this.options.respond === undefined) return { correlationId, status: 'succeeded', response: { ok: true } };
    try {
      const response = this.options.respond(name, request);
      return response === undefined
        ? { correlationId, status: 'succeeded' }
        : { correlationId, status: 'succeeded', response };
    } catch (error) {
      return { correlationId, status: 'failed', error: error instanceof Error ? error.message : String(error) };
    }
  }

  private later(delayMs: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, delayMs);
    this.timers.add(timer);
  }

  private send(twinId: string, name: string, answer: CommandAnswer): void {
    // Errors are not reported: a lost answer is what the platform must cope with anyway.
    this.client.publish(commandResponseTopic(twinId, name), JSON.stringify(answer), { qos: 1 }, () => {});
  }
}

/** The command of a message, or undefined if its topic or payload breaks the wire contract. */
function parseCommand(topic: string, payload: Buffer): ReceivedCommand | undefined {
  const levels = topic.split('/');
  if (levels.length !== 4 || levels[0] !== TOPIC_ROOT || levels[2] !== 'commands') return undefined;
  const twinId = levels[1] ?? '';
  const topicName = levels[3] ?? '';
  let body: unknown;
  try {
    body = JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { correlationId, name, request, idempotent, expiresMs } = body as Record<string, unknown>;
  if (typeof correlationId !== 'string' || correlationId === '') return undefined;
  if (typeof name !== 'string' || name !== topicName) return undefined;
  if (typeof idempotent !== 'boolean') return undefined;
  if (typeof expiresMs !== 'number' || !Number.isFinite(expiresMs)) return undefined;
  return { twinId, name, correlationId, request, idempotent, expiresMs, atMs: Date.now() };
}

/** Resolves on the first CONNACK; rejects on an error or a closed socket before it, or after the connect timeout. */
function whenConnected(client: MqttClient): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: Error): void => {
      clearTimeout(timeout);
      client.off('connect', onConnect);
      client.off('error', onError);
      client.off('close', onClose);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onConnect = (): void => settle();
    const onError = (error: Error): void => settle(error);
    const onClose = (): void => settle(new Error(`MQTT client ${client.options.clientId ?? ''} could not connect`));
    const timeout = setTimeout(
      () =>
        settle(
          new Error(
            `MQTT client ${client.options.clientId ?? ''} did not connect within ${COMMAND_DEVICE_DEFAULTS.connectTimeoutMs} ms`,
          ),
        ),
      COMMAND_DEVICE_DEFAULTS.connectTimeoutMs,
    );
    client.on('connect', onConnect);
    client.on('error', onError);
    client.on('close', onClose);
  });
}
