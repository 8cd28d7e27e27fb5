import type { Logger } from '@doppel/core';
import type { QuerySubscribeFrame, ServerFrame } from '@doppel/protocol';

/** Runs a query's text to its rows, or throws an error with a `code` (QueryError, DoppelError). */
export type QueryRunner = (text: string) => Promise<readonly unknown[]>;

/** A client as live queries see it: somewhere to send frames. */
export interface QueryClient {
  readonly id: number;
  send(frame: ServerFrame): void;
}

export interface LiveQueriesOptions {
  /** Live queries one client may hold. */
  readonly perClientMax: number;
  /** Default least time between two re-runs of a query, ms. */
  readonly intervalMs: number;
}

interface Subscription {
  readonly id: string;
  readonly client: QueryClient;
  readonly text: string;
  /** The rows of the last run, by their JSON (a row's identity is its content). */
  rows: Map<string, unknown>;
  /** The change counter the last run saw. */
  seen: number;
  running: boolean;
  readonly timer: ReturnType<typeof setInterval>;
}

/**
 * Live queries over the WebSocket (`query.subscribe`): a query's result kept up to date as twins
 * change. Every change to the graph or to live state bumps one counter (cheap on the ingest path);
 * each subscription checks it every `intervalMs` and, when it moved, runs its query again and sends
 * the rows that entered and left the result. The cost is that of the query at most once per
 * interval per subscription, whatever the rate of changes; queries run under the query API's
 * limits (2 s, 1,000 rows).
 */
export class LiveQueries {
  private version = 0;
  private nextId = 1;
  private readonly byClient = new Map<number, Map<string, Subscription>>();

  constructor(
    private readonly run: QueryRunner,
    private readonly options: LiveQueriesOptions,
    private readonly logger: Logger,
  ) {}

  /** Something in the graph or the live state changed. */
  changed(): void {
    this.version++;
  }

  get subscriptionCount(): number {
    let count = 0;
    for (const subscriptions of this.byClient.values()) count += subscriptions.size;
    return count;
  }

  async subscribe(client: QueryClient, frame: QuerySubscribeFrame): Promise<void> {
    const requestId = frame.requestId === undefined ? {} : { requestId: frame.requestId };
    const subscriptions = this.byClient.get(client.id) ?? new Map<string, Subscription>();
    if (subscriptions.size >= this.options.perClientMax) {
      client.send({
        type: 'error',
        code: 'live.subscription-limit',
        message: `at most ${this.options.perClientMax} live queries per client`,
        ...requestId,
      });
      return;
    }
    const seen = this.version;
    let rows: readonly unknown[];
    try {
      rows = await this.run(frame.query);
    } catch (error) {
      client.send({ type: 'error', ...codeAndMessage(error), ...requestId });
      return;
    }
    const id = `q${this.nextId++}`;
    const subscription: Subscription = {
      id,
      client,
      text: frame.query,
      rows: keyed(rows),
      seen,
      running: false,
      timer: setInterval(() => void this.refresh(subscription), frame.intervalMs ?? this.options.intervalMs),
    };
    subscription.timer.unref();
    subscriptions.set(id, subscription);
    this.byClient.set(client.id, subscriptions);
    client.send({ type: 'query.result', subscriptionId: id, rows, ...requestId });
  }

  unsubscribe(client: QueryClient, subscriptionId: string, requestId: string | undefined): void {
    const subscription = this.byClient.get(client.id)?.get(subscriptionId);
    if (subscription === undefined) {
      client.send({
        type: 'error',
        code: 'live.frame-invalid',
        message: `no live query "${subscriptionId}" on this connection`,
        ...(requestId === undefined ? {} : { requestId }),
      });
      return;
    }
    this.stop(subscription);
  }

  /** The client went away: its live queries end. */
  drop(client: QueryClient): void {
    for (const subscription of [...(this.byClient.get(client.id)?.values() ?? [])]) this.stop(subscription);
  }

  closeAll(): void {
    for (const subscriptions of [...this.byClient.values()]) for (const s of [...subscriptions.values()]) this.stop(s);
  }

  private stop(subscription: Subscription): void {
    clearInterval(subscription.timer);
    const subscriptions = this.byClient.get(subscription.client.id);
    subscriptions?.delete(subscription.id);
    if (subscriptions?.size === 0) this.byClient.delete(subscription.client.id);
  }

  private async refresh(subscription: Subscription): Promise<void> {
    if (subscription.running || subscription.seen === this.version) return;
    subscription.running = true;
    const seen = this.version;
    try {
      const now = keyed(await this.run(subscription.text));
      subscription.seen = seen;
      const added = [...now].filter(([key]) => !subscription.rows.has(key)).map(([, row]) => row);
      const removed = [...subscription.rows].filter(([key]) => !now.has(key)).map(([, row]) => row);
      subscription.rows = now;
      if (added.length > 0 || removed.length > 0) {
        subscription.client.send({ type: 'query.changed', subscriptionId: subscription.id, added, removed });
      }
    } catch (error) {
      // The query was valid when subscribed; a timeout or a model deleted since ends it.
      subscription.client.send({ type: 'error', ...codeAndMessage(error) });
      this.logger.warn('live query stopped', { subscription: subscription.id, error: (error as Error).message });
      this.stop(subscription);
    } finally {
      subscription.running = false;
    }
  }
}

function keyed(rows: readonly unknown[]): Map<string, unknown> {
  return new Map(rows.map((row) => [JSON.stringify(row), row]));
}

function codeAndMessage(error: unknown): { code: string; message: string } {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return {
    code: typeof code === 'string' ? code : 'internal.error',
    message: typeof message === 'string' ? message : String(error),
  };
}
