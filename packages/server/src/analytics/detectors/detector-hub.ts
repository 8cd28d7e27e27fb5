import type { IngestEntry } from '../../ingest/ingest-types.js';
import type { DetectorEvent } from './detector-event.js';
import { SeriesDetector } from './series-detector.js';

export interface DetectorHubOptions {
  /** Series watched at most (about 2.8 KiB each); further series are counted, not watched. */
  readonly seriesMax: number;
  /**
   * A series is looked at most this often (its latest sample then): a 10 Hz vibration costs what a
   * 1 Hz temperature does, so detectors stay cheap on every series.
   */
  readonly minIntervalMs: number;
}

export const DEFAULT_DETECTOR_HUB_OPTIONS: DetectorHubOptions = { seriesMax: 100_000, minIntervalMs: 1_000 };

/** An event of the detectors of one series. */
export interface SeriesAnomaly {
  readonly twinId: string;
  readonly path: string;
  readonly event: DetectorEvent;
}

interface Watched {
  readonly detector: SeriesDetector;
  lastMs: number;
}

/**
 * Streaming detectors on every numeric telemetry series, by default (docs/alerts.md "Anomaly
 * detection"): one SeriesDetector per twin and path, created at the series' first number, fed by
 * ingest's applied entries in log order (as the rule engine is), at most once per
 * `minIntervalMs` per series. Values written by the platform itself (`derived`) are not judged.
 */
export class DetectorHub {
  private readonly series = new Map<string, Map<string, Watched>>();
  private count = 0;
  /** Series not watched because `seriesMax` was reached. */
  unwatched = 0;
  samples = 0;

  constructor(
    private readonly options: DetectorHubOptions,
    private readonly onAnomaly: (anomaly: SeriesAnomaly) => void,
  ) {}

  get seriesCount(): number {
    return this.count;
  }

  observe(entry: IngestEntry): void {
    if (entry.kind !== 'telemetry' || entry.transport === 'derived') return;
    let paths = this.series.get(entry.twinId);
    for (const row of entry.rows) {
      for (const path in row.values) {
        const value = row.values[path];
        if (typeof value !== 'number') continue;
        let watched = paths?.get(path);
        if (watched === undefined) {
          if (this.count >= this.options.seriesMax) {
            this.unwatched++;
            continue;
          }
          if (paths === undefined) this.series.set(entry.twinId, (paths = new Map()));
          watched = { detector: new SeriesDetector(), lastMs: Number.NEGATIVE_INFINITY };
          paths.set(path, watched);
          this.count++;
        }
        if (row.ts - watched.lastMs < this.options.minIntervalMs) continue;
        watched.lastMs = row.ts;
        this.samples++;
        for (const event of watched.detector.observe(row.ts, value))
          this.onAnomaly({ twinId: entry.twinId, path, event });
      }
    }
  }

  /** Each watched path of a twin: its latest robust |z| (undefined while learning) and counters. */
  scoresOf(twinId: string): { path: string; score: number | undefined; observed: number }[] {
    return [...(this.series.get(twinId) ?? [])].map(([path, { detector }]) => ({
      path,
      score: detector.lastScore,
      observed: detector.counters.observed,
    }));
  }

  forgetTwin(twinId: string): void {
    this.count -= this.series.get(twinId)?.size ?? 0;
    this.series.delete(twinId);
  }
}
