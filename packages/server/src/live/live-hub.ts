import type { Logger } from '@doppel/core';
import type {
  AlertUpdatedFrame,
  ClientFrame,
  CommandInvokeFrame,
  CommandView,
  DesiredSetFrame,
  DiscrepancyFrame,
  TwinFreshnessFrame,
  PathState,
  TwinUpdate,
} from '@doppel/protocol';
import { DoppelError } from '@doppel/core';
import { LIVE_PROTOCOL_VERSION, TERMINAL_COMMAND_STATUSES, parseClientFrame } from '@doppel/protocol';
import type { LiveClientLimits, LiveSocket } from './live-client.js';
import { LiveClient } from './live-client.js';
import type { LiveQueries } from './live-queries.js';

export interface LiveHubOptions extends LiveClientLimits {
  readonly coalesceMs: number;
  readonly subscriptionsPerClientMax: number;
  readonly clientsMax: number;
}

/** What the hub reads of the platform: a twin's model and its current state. */
export interface LiveSource {
  modelOf(twinId: string): string | undefined;
  stateOf(twinId: string): Record<string, PathState> | undefined;
}

/**
 * Fan-out of twin state changes to WebSocket clients (`/api/v1/live`). Subscriptions are indexed
 * by twin and by model, so a change costs work proportional to its subscribers, not to the
 * number of clients.
 */
/** Commands and desired values from WebSocket clients (sync/commands); `requestedBy` names the client. */
export type LiveCommands = (frame: CommandInvokeFrame | DesiredSetFrame, requestedBy: string) => Promise<CommandView>;

export class LiveHub {
  private readonly clients = new Set<LiveClient>();
  /** Who asked for a command over the WebSocket, with their requestId: they get its updates. */
  private readonly commandAskers = new Map<string, { client: LiveClient; requestId?: string }>();
  private commands: LiveCommands | undefined;
  private readonly byTwin = new Map<string, Set<LiveClient>>();
  private readonly byModel = new Map<string, Set<LiveClient>>();
  private nextId = 1;
  private droppedFramesOfClosed = 0;

  constructor(
    private readonly source: LiveSource,
    private readonly options: LiveHubOptions,
    private readonly logger: Logger,
    /** Live queries (`query.subscribe`); absent, such frames are refused. */
    private readonly queries?: LiveQueries,
  ) {}

  get clientCount(): number {
    return this.clients.size;
  }

  get droppedFrames(): number {
    let dropped = this.droppedFramesOfClosed;
    for (const client of this.clients) dropped += client.droppedFrames;
    return dropped;
  }

  /** Registers a connection; returns the handlers the transport calls, or undefined if full. */
  connect(socket: LiveSocket): { onMessage(text: string): void; onClose(): void } | undefined {
    if (this.clients.size >= this.options.clientsMax) {
      socket.close(1013, 'too many live clients');
      return undefined;
    }
    const client = new LiveClient(this.nextId++, socket, this.options, this.options.coalesceMs, (twinId) => {
      const model = this.source.modelOf(twinId);
      const paths = this.source.stateOf(twinId);
      return model === undefined || paths === undefined ? undefined : { model, paths };
    });
    this.clients.add(client);
    client.send({
      type: 'hello',
      protocolVersion: LIVE_PROTOCOL_VERSION,
      serverTimeMs: Date.now(),
      coalesceMs: this.options.coalesceMs,
    });
    return {
      onMessage: (text) => this.handle(client, text),
      onClose: () => this.disconnect(client),
    };
  }

  /** Lets clients invoke commands and set desired values (`command.invoke`, `desired.set`). */
  setCommands(commands: LiveCommands): void {
    this.commands = commands;
  }

  /**
   * A command changed status: to the client that asked and to the twin's subscribers (by twin or
   * by its model), not coalesced (a command has a handful of statuses).
   */
  publishCommand(view: CommandView, model: string | undefined, ancestors: readonly string[] = []): void {
    const asker = this.commandAskers.get(view.id);
    const recipients = this.recipients(view.twinId, model, ancestors);
    if (asker !== undefined && this.clients.has(asker.client)) recipients.add(asker.client);
    for (const client of recipients) {
      const requestId = client === asker?.client ? asker.requestId : undefined;
      client.send({ type: 'command.updated', command: view, ...(requestId === undefined ? {} : { requestId }) });
    }
    if (TERMINAL_COMMAND_STATUSES.includes(view.status)) {
      this.commandAskers.delete(view.id);
    }
  }

  /** A discrepancy raised or cleared on a twin: to its subscribers (by twin or by its model). */
  publishDiscrepancy(frame: DiscrepancyFrame, model: string | undefined, ancestors: readonly string[] = []): void {
    for (const client of this.recipients(frame.twinId, model, ancestors)) client.send(frame);
  }

  /** An alert changed: to its twin's subscribers and to the clients that want every alert. */
  publishAlert(frame: AlertUpdatedFrame, model: string | undefined, ancestors: readonly string[] = []): void {
    const recipients = this.recipients(frame.alert.twinId, model, ancestors);
    for (const client of this.clients) if (client.alerts) recipients.add(client);
    for (const client of recipients) client.send(frame);
  }

  /** A twin's freshness roll-up changed: to its subscribers. */
  publishRollup(frame: TwinFreshnessFrame, model: string | undefined, ancestors: readonly string[] = []): void {
    for (const client of this.recipients(frame.twinId, model, ancestors)) client.send(frame);
  }

  /** The clients subscribed to a twin, by its id or by its model or a model it extends. */
  private recipients(twinId: string, model: string | undefined, ancestors: readonly string[]): Set<LiveClient> {
    const recipients = new Set<LiveClient>(this.byTwin.get(twinId));
    if (model !== undefined) {
      for (const id of [model, ...ancestors]) this.byModel.get(id)?.forEach((client) => recipients.add(client));
    }
    return recipients;
  }

  /** Whether any client wants changes of this twin: lets callers skip building them. */
  wants(twinId: string, model: string, ancestors: readonly string[] = []): boolean {
    return this.byTwin.has(twinId) || this.byModel.has(model) || ancestors.some((id) => this.byModel.has(id));
  }

  /**
   * Called for every applied change. `ancestors` are the models `model` extends: a client
   * subscribed to a base model (e.g. all Sensors) gets the twins of every model derived from it.
   */
  publish(
    twinId: string,
    model: string,
    paths: Iterable<[string, PathState]>,
    ancestors: readonly string[] = [],
  ): void {
    const recipients = this.recipients(twinId, model, ancestors);
    if (recipients.size === 0) return;
    const changes = [...paths];
    for (const client of recipients) client.enqueue(twinId, model, changes);
  }

  private handle(client: LiveClient, text: string): void {
    const parsed = parseClientFrame(text);
    if (!parsed.ok) {
      client.send({ type: 'error', code: 'live.frame-invalid', message: parsed.message });
      return;
    }
    const frame: ClientFrame = parsed.frame;
    switch (frame.type) {
      case 'ping':
        client.send({
          type: 'pong',
          serverTimeMs: Date.now(),
          ...(frame.requestId === undefined ? {} : { requestId: frame.requestId }),
        });
        return;
      case 'subscribe': {
        const twins = frame.twins ?? [];
        const models = frame.models ?? [];
        const requestId = frame.requestId === undefined ? {} : { requestId: frame.requestId };
        const added =
          new Set(twins.filter((id) => !client.twins.has(id))).size +
          new Set(models.filter((id) => !client.models.has(id))).size;
        if (client.subscriptionCount + added > this.options.subscriptionsPerClientMax) {
          client.send({
            type: 'error',
            code: 'live.subscription-limit',
            message: `at most ${this.options.subscriptionsPerClientMax} subscriptions per client`,
            ...requestId,
          });
          return;
        }
        if (frame.coalesceMs !== undefined) client.coalesceMs = frame.coalesceMs;
        if (frame.batch !== undefined) client.batch = frame.batch;
        if (frame.alerts !== undefined) client.alerts = frame.alerts;
        const unknownTwins: string[] = [];
        for (const twinId of twins) {
          client.twins.add(twinId);
          addTo(this.byTwin, twinId, client);
          if (this.source.modelOf(twinId) === undefined) unknownTwins.push(twinId);
        }
        for (const model of models) {
          client.models.add(model);
          addTo(this.byModel, model, client);
        }
        client.send({
          type: 'subscribed',
          twins: client.twins.size,
          models: client.models.size,
          unknownTwins,
          ...requestId,
        });
        if (frame.snapshot !== false) this.sendSnapshots(client, twins);
        return;
      }
      case 'query.subscribe':
      case 'query.unsubscribe':
        if (this.queries === undefined) {
          client.send({ type: 'error', code: 'live.frame-invalid', message: 'live queries are not available here' });
        } else if (frame.type === 'query.subscribe') void this.queries.subscribe(client, frame);
        else this.queries.unsubscribe(client, frame.subscriptionId, frame.requestId);
        return;
      case 'command.invoke':
      case 'desired.set':
        void this.invoke(client, frame);
        return;
      case 'unsubscribe':
        for (const twinId of frame.twins ?? []) {
          client.twins.delete(twinId);
          removeFrom(this.byTwin, twinId, client);
        }
        for (const model of frame.models ?? []) {
          client.models.delete(model);
          removeFrom(this.byModel, model, client);
        }
        client.send({
          type: 'subscribed',
          twins: client.twins.size,
          models: client.models.size,
          unknownTwins: [],
          ...(frame.requestId === undefined ? {} : { requestId: frame.requestId }),
        });
        return;
    }
  }

  private async invoke(client: LiveClient, frame: CommandInvokeFrame | DesiredSetFrame): Promise<void> {
    const requestId = frame.requestId === undefined ? {} : { requestId: frame.requestId };
    if (this.commands === undefined) {
      client.send({
        type: 'error',
        code: 'live.frame-invalid',
        message: 'commands are not available here',
        ...requestId,
      });
      return;
    }
    try {
      // Its first statuses (pending, and sent if the device is connected) are announced while it
      // is created, before its id is known here: the asker gets the command as it is now, then
      // every later status. (A device's answer needs a network round trip, so it cannot arrive
      // before this continuation runs.)
      const view = await this.commands(frame, `live-client-${client.id}`);
      this.commandAskers.set(view.id, { client, ...requestId });
      client.send({ type: 'command.updated', command: view, ...requestId });
    } catch (error) {
      const code = error instanceof DoppelError ? error.code : 'internal';
      client.send({ type: 'error', code, message: (error as Error).message, ...requestId });
    }
  }

  private sendSnapshots(client: LiveClient, twins: readonly string[]): void {
    const updates: TwinUpdate[] = [];
    for (const twinId of twins) {
      const model = this.source.modelOf(twinId);
      const paths = this.source.stateOf(twinId);
      if (model !== undefined && paths !== undefined) updates.push({ twinId, model, paths });
    }
    client.sendUpdates(updates, true);
  }

  private disconnect(client: LiveClient): void {
    this.queries?.drop(client);
    client.close();
    this.droppedFramesOfClosed += client.droppedFrames;
    this.clients.delete(client);
    for (const twinId of client.twins) removeFrom(this.byTwin, twinId, client);
    for (const model of client.models) removeFrom(this.byModel, model, client);
    this.logger.debug('live client disconnected', { client: client.id });
  }

  closeAll(): void {
    for (const client of [...this.clients]) this.disconnect(client);
  }
}

function addTo(index: Map<string, Set<LiveClient>>, key: string, client: LiveClient): void {
  let set = index.get(key);
  if (set === undefined) index.set(key, (set = new Set()));
  set.add(client);
}

function removeFrom(index: Map<string, Set<LiveClient>>, key: string, client: LiveClient): void {
  const set = index.get(key);
  if (set === undefined) return;
  set.delete(client);
  if (set.size === 0) index.delete(key);
}
