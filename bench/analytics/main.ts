/**
 * `npm run bench:analytics` (issue 8):
 * - rules: 10,000 alert rules over 100,000 twins at the factory workload (40,000 points/s) through
 *   the real platform, the platform's CPU without and with the rules, and publish → alert frame
 *   latency (rules.ts);
 * - detectors: the streaming detectors on 100,000 series at 1 Hz, CPU per second of data
 *   (detectors.ts);
 * - quality: precision and recall of each detector on labelled synthetic data (quality.ts);
 * - models: an asset anomaly model's scoring, an ONNX binding on 10,000 twins at 1 Hz, drift (models.ts).
 * `--part rules|detectors|quality|models|all`. Writes bench/results/analytics-<timestamp>.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { benchDetectors } from './detectors.js';
import { benchModels } from './models.js';
import { bearingQuality, forestQuality, streamingQuality } from './quality.js';
import { benchRules } from './rules.js';

const { values } = parseArgs({
  options: {
    part: { type: 'string', default: 'all' },
    twins: { type: 'string', default: '100000' },
    rules: { type: 'string', default: '10000' },
    rate: { type: 'string', default: '40000' },
    'duration-s': { type: 'string', default: '20' },
    series: { type: 'string', default: '100000' },
    'simulated-s': { type: 'string', default: '120' },
    'model-twins': { type: 'string', default: '10000' },
  },
});
const part = values.part;
const wants = (name: string): boolean => part === 'all' || part === name;
const results: Record<string, unknown> = {};
const pct = (share: number): string => `${(share * 100).toFixed(1)} %`;

if (wants('quality')) {
  const streaming = streamingQuality(10);
  const bearing = bearingQuality(20, 120);
  const forest = forestQuality('none');
  const extended = forestQuality('full');
  results.quality = { streaming, bearing, forest, extended };
  console.log('\ndetection quality on labelled synthetic data (precision / recall, TP FP FN)');
  for (const [kind, s] of Object.entries(streaming))
    console.log(
      `  ${kind.padEnd(22)} ${s.precision.toFixed(2)} / ${s.recall.toFixed(2)}   ${s.truePositives} ${s.falsePositives} ${s.falseNegatives}   (10 seeds × a week at 1/min)`,
    );
  const lead = bearing.leadTimeLife.length === 0 ? NaN : Math.min(...bearing.leadTimeLife);
  console.log(
    `  ${'bearing wear'.padEnd(22)} ${bearing.precision.toFixed(2)} / ${bearing.recall.toFixed(2)}   ${bearing.truePositives} ${bearing.falsePositives} ${bearing.falseNegatives}   (20 bearings; worn flagged at least ${pct(lead)} of life before failure)`,
  );
  console.log(
    `  ${'isolation forest'.padEnd(22)} ${forest.precision.toFixed(2)} / ${forest.recall.toFixed(2)}   ${forest.truePositives} ${forest.falsePositives} ${forest.falseNegatives}   (5,000 rows, 1 % off the pump curve)`,
  );
  console.log(
    `  ${'extended forest'.padEnd(22)} ${extended.precision.toFixed(2)} / ${extended.recall.toFixed(2)}   ${extended.truePositives} ${extended.falsePositives} ${extended.falseNegatives}   (5,000 rows, 1 % off the pump curve)`,
  );
}

if (wants('detectors')) {
  const figures = benchDetectors(Number(values.series), Number(values['simulated-s']));
  results.detectors = figures;
  console.log(
    `\nstreaming detectors: ${figures.series.toLocaleString('en')} series at 1 Hz (${figures.simulatedS} s of data)`,
  );
  console.log(
    `  CPU ${figures.cpuMsPerDataS.toFixed(0)} ms per second of data = ${pct(figures.coreShare)} of a core; ${figures.nsPerSample.toFixed(0)} ns per sample`,
  );
  console.log(
    `  memory ${figures.bytesPerSeriesEstimate} B per series (estimate), ${figures.heapBytesPerSeries.toFixed(0)} B per series (heap); ${figures.events} events`,
  );
}

if (wants('models')) {
  const figures = await benchModels(Number(values['model-twins']), 30);
  results.models = figures;
  const { onnx } = figures;
  console.log('\nmodels in production');
  console.log(
    `  asset anomaly model (extended forest, 100 trees, 3 inputs): ${figures.forestMicrosPerRow.toFixed(1)} µs per row`,
  );
  console.log(
    `  ONNX binding, ${onnx.twins.toLocaleString('en')} twins at 1 Hz (window 10 × 2 inputs): CPU ${onnx.cpuMsPerDataS.toFixed(0)} ms per second of data = ${pct(onnx.coreShare)} of a core; ${onnx.inferences.toLocaleString('en')} inferences in ${onnx.batches} batches (${onnx.rowsPerBatch.toFixed(0)} rows each), ${onnx.errors} errors, ${onnx.dropped} dropped`,
  );
  console.log(`  drift monitoring: ${figures.driftNsPerValue.toFixed(0)} ns per value`);
}

if (wants('rules')) {
  const phases = await benchRules({
    twins: Number(values.twins),
    rules: Number(values.rules),
    pointsPerS: Number(values.rate),
    durationS: Number(values['duration-s']),
  });
  results.rules = phases;
  console.log(
    `\nalert rules: ${Number(values.twins).toLocaleString('en')} twins, factory workload (${Number(values.rate).toLocaleString('en')} points/s)`,
  );
  for (const phase of phases) {
    const latency =
      phase.latencyMs === null
        ? ''
        : `; alert latency p50 ${phase.latencyMs.p50} ms, p99 ${phase.latencyMs.p99} ms, max ${phase.latencyMs.max} ms (${phase.alerted}/${phase.spikes} spikes)`;
    console.log(
      `  ${String(phase.rules).padStart(6)} rules (loaded and first evaluated in ${phase.loadMs} ms, ${phase.watches} pairs remembered): ${Math.round(phase.publishedPointsPerS).toLocaleString('en')} points/s published (${phase.shortfallMessages} messages short), platform ${pct(phase.platformCores)} of a core, ${Math.round(phase.evaluationsPerS).toLocaleString('en')} rule evaluations/s${latency}`,
    );
  }
  const [without, withRules] = phases;
  if (without !== undefined && withRules !== undefined)
    console.log(`  added by the rules: ${pct(withRules.platformCores - without.platformCores)} of a core`);
}

await mkdir(new URL('../results/', import.meta.url), { recursive: true });
const file = new URL(
  `../results/analytics-${new Date().toISOString().replaceAll(':', '-').replace('.', '-')}.json`,
  import.meta.url,
);
await writeFile(file, JSON.stringify(results, null, 2));
console.log(`\nfull figures: ${file.pathname}`);
process.exit(0);
