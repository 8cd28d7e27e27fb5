import type { Logger } from '@doppel/core';

export interface WebhookOptions {
  /** Attempts per notification, the first included. */
  readonly attemptsMax: number;
  /** Delay before the first retry; doubled each time, up to retryDelayMaxMs. */
  readonly retryDelayMs: number;
  readonly retryDelayMaxMs: number;
  readonly timeoutMs: number;
  /** Notifications waiting per channel at most; more are dropped (counted). */
  readonly queueMax: number;
}

export const DEFAULT_WEBHOOK_OPTIONS: WebhookOptions = {
  attemptsMax: 6,
  retryDelayMs: 1_000,
  retryDelayMaxMs: 60_000,
  timeoutMs: 5_000,
  queueMax: 1_000,
};

export interface ChannelCounters {
  delivered: number;
  retried: number;
  /** Gave up after every attempt, or refused by the receiver (4xx). */
  failed: number;
  /** Dropped because the queue was full. */
  dropped: number;
  lastError: string | null;
}

/**
 * Posts notifications to one webhook URL as JSON, one at a time and in order, retrying with
 * exponential backoff on network errors, timeouts, 5xx, 408 and 429. Another 4xx is the receiver
 * refusing the payload: retrying would not help, it counts as failed. Bounded: a queue of at most
 * `queueMax` notifications; while a receiver is down that long, new notifications are dropped and
 * counted (what is delivered stays in order).
 */
export class WebhookNotifier {
  readonly counters: ChannelCounters = { delivered: 0, retried: 0, failed: 0, dropped: 0, lastError: null };
  private readonly queue: string[] = [];
  private sending = false;
  private stopped = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly url: string,
    private readonly headers: Readonly<Record<string, string>>,
    private readonly options: WebhookOptions,
    private readonly logger: Logger,
    private readonly post: typeof fetch = fetch,
  ) {}

  get pending(): number {
    return this.queue.length;
  }

  send(payload: unknown): void {
    if (this.stopped) return;
    if (this.queue.length >= this.options.queueMax) {
      this.counters.dropped++;
      return;
    }
    this.queue.push(JSON.stringify(payload));
    if (!this.sending) void this.drain();
  }

  /** Stops retrying (the platform stops); what is queued is not sent. */
  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  private async drain(): Promise<void> {
    this.sending = true;
    while (this.queue.length > 0 && !this.stopped) {
      await this.deliver(this.queue[0] as string);
      this.queue.shift();
    }
    this.sending = false;
  }

  private async deliver(body: string): Promise<void> {
    let delayMs = this.options.retryDelayMs;
    for (let attempt = 1; attempt <= this.options.attemptsMax && !this.stopped; attempt++) {
      const outcome = await this.attempt(body);
      if (outcome === 'ok') {
        this.counters.delivered++;
        return;
      }
      if (outcome === 'refused') break;
      if (attempt < this.options.attemptsMax) {
        this.counters.retried++;
        await this.sleep(delayMs);
        delayMs = Math.min(delayMs * 2, this.options.retryDelayMaxMs);
      }
    }
    this.counters.failed++;
    this.logger.warn('webhook notification not delivered', { url: this.url, error: this.counters.lastError });
  }

  private async attempt(body: string): Promise<'ok' | 'retry' | 'refused'> {
    try {
      const response = await this.post(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.headers },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      await response.body?.cancel();
      if (response.ok) return 'ok';
      this.counters.lastError = `HTTP ${response.status}`;
      return response.status >= 500 || response.status === 408 || response.status === 429 ? 'retry' : 'refused';
    } catch (error) {
      this.counters.lastError = (error as Error).message;
      return 'retry';
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref();
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
