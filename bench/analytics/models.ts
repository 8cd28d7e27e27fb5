/**
 * The models part of `npm run bench:analytics`: what models in production cost per second of data.
 * - an asset anomaly model (extended isolation forest, 3 inputs) scoring rows: µs per row;
 * - an ONNX binding (onnxruntime-node, a linear model over a window of 10 samples of 2 inputs) on
 *   10,000 twins at 1 Hz, batched as the platform runs it: CPU per second of data (onnxruntime's
 *   threads included), batches and rows per batch;
 * - drift monitoring of 2 inputs on those twins: ns per value.
 * Time is simulated (rows carry their timestamps); each simulated second ends when the runner is idle.
 */
import {
  trainIsolationForest,
  scoreRow,
} from '../../packages/server/src/analytics/isolation-forest/isolation-forest.js';
import { DriftMonitor } from '../../packages/server/src/analytics/drift/drift-monitor.js';
import { ReferenceDistribution } from '../../packages/server/src/analytics/drift/reference-distribution.js';
import { OnnxBindingRunner } from '../../packages/server/src/analytics/onnx/binding-runner.js';
import { OnnxModel } from '../../packages/server/src/analytics/onnx/onnx-model.js';
import { windowMeanModel } from '../../packages/server/src/analytics/onnx/onnx-writer.js';
import { gaussian, mulberry32 } from '../../packages/server/src/analytics/seeded-random.js';

export interface ModelFigures {
  readonly forestMicrosPerRow: number;
  readonly onnx: {
    readonly twins: number;
    readonly simulatedS: number;
    readonly inferences: number;
    readonly batches: number;
    readonly rowsPerBatch: number;
    readonly cpuMsPerDataS: number;
    readonly coreShare: number;
    readonly errors: number;
    readonly dropped: number;
  };
  readonly driftNsPerValue: number;
}

export async function benchModels(twins: number, simulatedS: number): Promise<ModelFigures> {
  const random = mulberry32(7);
  // Asset model: a pump on its curve, 2,000 training rows.
  const rows = Array.from({ length: 2_000 }, () => {
    const s = 0.5 + 0.4 * random();
    return [16 * s + 0.2 * gaussian(random), 0.4 + 3.1 * s * s + 0.05 * gaussian(random), 2.2 * s ** 3];
  });
  const forest = trainIsolationForest(rows, { extension: 'full' });
  const scored = 200_000;
  const t0 = performance.now();
  let sink = 0;
  for (let i = 0; i < scored; i++) sink += scoreRow(forest, rows[i % rows.length] as number[]) ?? 0;
  const forestMicrosPerRow = ((performance.now() - t0) * 1_000) / scored;
  if (!(sink > 0)) throw new Error('no scores');

  // ONNX binding on `twins` twins at 1 Hz.
  const model = await OnnxModel.load(windowMeanModel({ inputSize: 2, weights: [0.4, 0.01], bias: 0, window: 10 }));
  let outputs = 0;
  let errors = 0;
  const runner = new OnnxBindingRunner({
    model,
    inputs: ['current', 'speed'],
    window: 10,
    everyMs: 1_000,
    onOutput: () => outputs++,
    onError: () => errors++,
  });
  const ids = Array.from({ length: twins }, (_, i) => `motor-${i}`);
  const values = { current: 0, speed: 0 };
  const start = Date.parse('2026-11-25T00:00:00Z');
  const cpu0 = process.cpuUsage();
  for (let s = 0; s < simulatedS; s++) {
    const ts = start + s * 1_000;
    for (let i = 0; i < twins; i++) {
      values.current = 10 + (i % 7) + random();
      values.speed = 1_400 + (s % 11) * 10;
      runner.observe(ids[i] as string, ts, values);
    }
    await runner.idle();
  }
  const cpu = process.cpuUsage(cpu0);
  const counters = runner.counters;
  await runner.close();
  await model.close();
  const cpuMs = (cpu.user + cpu.system) / 1_000;

  // Drift: 2 inputs per twin against a reference.
  const reference = ReferenceDistribution.fromSample(Array.from({ length: 1_000 }, () => gaussian(random)));
  const monitor = new DriftMonitor({}, () => undefined);
  for (const id of ids) monitor.watch(id, { current: reference, speed: reference });
  const driftValues = twins * 60;
  const d0 = performance.now();
  for (let k = 0; k < driftValues; k++) {
    const id = ids[k % twins] as string;
    monitor.observe(id, 'current', gaussian(random), k);
  }
  const driftNsPerValue = ((performance.now() - d0) * 1e6) / driftValues;

  return {
    forestMicrosPerRow,
    onnx: {
      twins,
      simulatedS,
      inferences: counters.inferences,
      batches: counters.batches,
      rowsPerBatch: counters.batches === 0 ? 0 : counters.inferences / counters.batches,
      cpuMsPerDataS: cpuMs / simulatedS,
      coreShare: cpuMs / simulatedS / 1_000,
      errors: errors + counters.errors,
      dropped: counters.dropped,
    },
    driftNsPerValue,
  };
}
