/**
 * The cost of consistency rules (`npm run bench:sync -- --part consistency`): the platform's
 * ConsistencyResolver with one rule over N twins (2 inputs each, `priority`, with a tolerance and a
 * discrepancy delay), fed one entry per input per second of simulated time, as ingest hands them
 * over. Reports the CPU per observed input (resolution included), per sweep of all twins (the
 * once-a-second re-judgement by time), and how many resolved values it published. Each published
 * value then costs one ingest entry of one point (bench:ingest measures that path).
 */
import type { TwinId } from '@doppel/core';
import { ManualClock } from '@doppel/core';
import type { IngestEntry } from '../../packages/server/src/ingest/ingest-types.js';
import { ConsistencyResolver } from '../../packages/server/src/sync/consistency/consistency-resolver.js';

export interface ConsistencyOptions {
  readonly twins: number;
  readonly seconds: number;
}

export function benchConsistency(options: ConsistencyOptions): Record<string, number> {
  const clock = new ManualClock(Date.now());
  let published = 0;
  const resolver = new ConsistencyResolver({
    config: {
      rules: [
        {
          name: 'supply',
          model: 'dtmi:bench:Ahu;1',
          path: 'supplyTemp',
          policy: 'priority',
          tolerance: 0.5,
          discrepancyAfterMs: 60_000,
          inputs: [
            { path: 'bmsTemp', role: 'status' },
            { path: 'probeTemp', role: 'measurement' },
          ],
        },
      ],
      trust: {},
    },
    modelsOf: () => ['dtmi:bench:Ahu;1'],
    kindOf: () => 'telemetry',
    currentValues: () => undefined,
    sourceOnline: () => true,
    availability: () => 1,
    relatedOf: () => [],
    relatedFrom: () => [],
    qualityOf: (_twinId, _path, reported) => reported ?? 'good',
    staleAfterMs: (cadenceMs) => (cadenceMs <= 0 ? 0 : Math.max(5_000, 6 * cadenceMs)),
    clock,
    publish: () => published++,
  });
  const ids = Array.from({ length: options.twins }, (_, i) => `ahu-${i}` as TwinId);
  const entry = (twinId: TwinId, path: string, value: number, source: string): IngestEntry => ({
    twinId,
    kind: 'telemetry',
    source,
    transport: 'mqtt',
    receivedMs: clock.nowMs(),
    rows: [{ ts: clock.nowMs(), values: { [path]: value } }],
    points: 1,
  });
  let observeMs = 0;
  let sweepMs = 0;
  let inputs = 0;
  for (let second = 0; second < options.seconds; second++) {
    clock.advance(1_000);
    // Built before timing: the resolver's cost alone is measured.
    const batch = ids.flatMap((id, i) => [
      entry(id, 'bmsTemp', 20 + ((second + i) % 7) * 0.1, `bms-${i % 50}`),
      entry(id, 'probeTemp', 20 + ((second + i) % 5) * 0.1, `probe-${i}`),
    ]);
    const started = performance.now();
    for (const one of batch) resolver.observe(one);
    observeMs += performance.now() - started;
    inputs += batch.length;
    const sweepStarted = performance.now();
    resolver.sweep();
    resolver.disagreements();
    sweepMs += performance.now() - sweepStarted;
  }
  const figures = {
    twins: options.twins,
    simulatedSeconds: options.seconds,
    inputs,
    published,
    observeNsPerInput: (observeMs * 1e6) / inputs,
    sweepMsPerSecond: sweepMs / options.seconds,
    coreShareAt1Hz: (observeMs + sweepMs) / (options.seconds * 1_000),
  };
  console.log(`  ${options.twins.toLocaleString('en')} twins × 2 inputs at 1 Hz, ${options.seconds} s simulated
  observe + resolve       ${figures.observeNsPerInput.toFixed(0)} ns per input (${inputs.toLocaleString('en')} inputs, ${published.toLocaleString('en')} resolved values published)
  sweep + disagreements   ${figures.sweepMsPerSecond.toFixed(2)} ms per second
  total                   ${(figures.coreShareAt1Hz * 100).toFixed(2)} % of a core`);
  return figures;
}
