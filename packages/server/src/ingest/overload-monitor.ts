import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Logger } from '@doppel/core';

/**
 * The event-loop-lag alarm: when the p99 event-loop delay over the last second exceeds the
 * threshold, the process is overloaded and ingest is treated as saturated (sockets paused, HTTP
 * 503) until it recovers. This is what keeps a QoS 0 flood from queueing without bound.
 */
export class OverloadMonitor {
  private readonly histogram = monitorEventLoopDelay({ resolution: 10 });
  private timer: NodeJS.Timeout | undefined;
  private alarmed = false;
  lastP99Ms = 0;
  alarms = 0;

  constructor(
    private readonly thresholdMs: number,
    private readonly onChange: (overloaded: boolean) => void,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.histogram.enable();
    this.timer = setInterval(() => this.check(), 1_000);
    this.timer.unref();
  }

  private check(): void {
    this.lastP99Ms = this.histogram.percentile(99) / 1e6;
    this.histogram.reset();
    const overloaded = this.lastP99Ms > this.thresholdMs;
    if (overloaded === this.alarmed) return;
    this.alarmed = overloaded;
    if (overloaded) {
      this.alarms++;
      this.logger.warn('event loop lagging: ingest paused', {
        p99Ms: Math.round(this.lastP99Ms),
        thresholdMs: this.thresholdMs,
      });
    } else {
      this.logger.info('event loop recovered: ingest resumed', { p99Ms: Math.round(this.lastP99Ms) });
    }
    this.onChange(overloaded);
  }

  get overloaded(): boolean {
    return this.alarmed;
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.histogram.disable();
  }
}
