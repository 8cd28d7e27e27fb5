/**
 * The detectors part of `npm run bench:analytics`: one SeriesDetector per series (robust z-score
 * on a time-of-day baseline, spikes, stuck values, drift) for 100,000 series at 1 Hz. Time is
 * simulated (samples carry their own timestamps), so the figure is the CPU per second of data:
 * the share of a core that running them in real time takes. Memory per series from the
 * detectors' own estimate and from the heap.
 */
import { SeriesDetector } from '../../packages/server/src/analytics/detectors/series-detector.js';

export interface DetectorFigures {
  readonly series: number;
  readonly simulatedS: number;
  readonly samples: number;
  readonly cpuMsPerDataS: number;
  /** Share of one core to run them in real time at 1 Hz. */
  readonly coreShare: number;
  readonly nsPerSample: number;
  readonly events: number;
  readonly bytesPerSeriesEstimate: number;
  readonly heapBytesPerSeries: number;
}

export function benchDetectors(series: number, simulatedS: number): DetectorFigures {
  globalThis.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const detectors = Array.from({ length: series }, () => new SeriesDetector());
  globalThis.gc?.();
  const heapBytesPerSeries = (process.memoryUsage().heapUsed - heap0) / series;
  // Room-like signals: a daily swing with its own phase, noise; a random walk of state.
  const phase = Float64Array.from({ length: series }, (_, i) => (i * 2.399963) % (2 * Math.PI));
  const t0 = Date.parse('2026-11-25T00:00:00Z');
  let events = 0;
  let seed = 1;
  const noise = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648 - 0.5;
  };
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (let s = 0; s < simulatedS; s++) {
    const ts = t0 + s * 1_000;
    const day = (2 * Math.PI * s) / 86_400;
    for (let i = 0; i < series; i++) {
      const value = 21 + 2 * Math.sin(day + (phase[i] as number)) + 0.3 * noise();
      events += (detectors[i] as SeriesDetector).observe(ts, value).length;
    }
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1_000;
  const wallMs = performance.now() - wall0;
  const samples = series * simulatedS;
  return {
    series,
    simulatedS,
    samples,
    cpuMsPerDataS: cpuMs / simulatedS,
    coreShare: cpuMs / simulatedS / 1_000,
    nsPerSample: (wallMs * 1e6) / samples,
    events,
    bytesPerSeriesEstimate: detectors[0]?.memoryBytesEstimate() ?? NaN,
    heapBytesPerSeries,
  };
}
