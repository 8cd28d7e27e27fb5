/**
 * Per-client ingress limits over one-second windows. A client over its budget is held back
 * (its socket stays paused) until the window ends; nothing it sent is dropped.
 * Bounded: entries of clients idle for a window are swept.
 */
export class ClientRateLimiter {
  private readonly windows = new Map<string, { startMs: number; messages: number; bytes: number }>();
  private lastSweepMs = 0;

  constructor(private readonly limits: { messagesPerSecondMax: number; bytesPerSecondMax: number }) {}

  /** Records a message; returns how long the client must wait before it is processed (0 = now). */
  delayMs(clientId: string, bytes: number, nowMs: number): number {
    if (nowMs - this.lastSweepMs > 5_000) this.sweep(nowMs);
    let window = this.windows.get(clientId);
    if (window === undefined || nowMs - window.startMs >= 1_000) {
      window = { startMs: nowMs, messages: 0, bytes: 0 };
      this.windows.set(clientId, window);
    }
    window.messages++;
    window.bytes += bytes;
    if (window.messages > this.limits.messagesPerSecondMax || window.bytes > this.limits.bytesPerSecondMax) {
      return window.startMs + 1_000 - nowMs;
    }
    return 0;
  }

  private sweep(nowMs: number): void {
    this.lastSweepMs = nowMs;
    for (const [clientId, window] of this.windows) {
      if (nowMs - window.startMs >= 1_000) this.windows.delete(clientId);
    }
  }
}
