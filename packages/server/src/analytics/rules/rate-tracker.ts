/** Samples kept per series at most: a rate over a minute of 1 Hz data, with room to spare. */
const SAMPLES_MAX = 256;

/**
 * Recent samples of the series that rate-of-change conditions read, and nothing else: only the
 * paths a rule asks a rate of are recorded, each for the longest window a rule asks for.
 */
export class RateTracker {
  private windows = new Map<string, number>();
  private readonly series = new Map<string, { ts: number[]; values: number[] }>();

  /** The paths to record and how far back (ms); forgets the series of paths no longer read. */
  setWindows(windows: ReadonlyMap<string, number>): void {
    this.windows = new Map(windows);
    for (const key of this.series.keys()) {
      if (!this.windows.has(key.slice(key.indexOf('\u0000') + 1))) this.series.delete(key);
    }
  }

  wants(path: string): boolean {
    return this.windows.has(path);
  }

  record(twinId: string, path: string, ts: number, value: unknown): void {
    const windowMs = this.windows.get(path);
    if (windowMs === undefined || typeof value !== 'number' || !Number.isFinite(value)) return;
    const key = `${twinId}\u0000${path}`;
    let samples = this.series.get(key);
    if (samples === undefined) this.series.set(key, (samples = { ts: [], values: [] }));
    const last = samples.ts[samples.ts.length - 1];
    if (last !== undefined && ts <= last) return; // late or repeated: the rate is over arrival order of time
    samples.ts.push(ts);
    samples.values.push(value);
    // Keep one sample older than the window, so that the whole window is spanned.
    let drop = 0;
    while (drop + 1 < samples.ts.length && (samples.ts[drop + 1] as number) <= ts - windowMs) drop++;
    drop = Math.max(drop, samples.ts.length - SAMPLES_MAX);
    if (drop > 0) {
      samples.ts.splice(0, drop);
      samples.values.splice(0, drop);
    }
  }

  /** Change per minute between the newest sample and the oldest within `windowMs` of it. */
  rateOf(twinId: string, path: string, windowMs: number): number | undefined {
    const samples = this.series.get(`${twinId}\u0000${path}`);
    if (samples === undefined || samples.ts.length < 2) return undefined;
    const newest = samples.ts.length - 1;
    const newestTs = samples.ts[newest] as number;
    let oldest = newest - 1;
    while (oldest > 0 && (samples.ts[oldest - 1] as number) >= newestTs - windowMs) oldest--;
    const spanMs = newestTs - (samples.ts[oldest] as number);
    if (spanMs <= 0) return undefined;
    return (((samples.values[newest] as number) - (samples.values[oldest] as number)) / spanMs) * 60_000;
  }

  forgetTwin(twinId: string): void {
    for (const key of this.series.keys()) if (key.startsWith(`${twinId}\u0000`)) this.series.delete(key);
  }
}
