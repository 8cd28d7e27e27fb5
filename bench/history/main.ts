/**
 * `npm run bench:history`: the history benchmark of DESIGN.md 7. For each variant (10k and 100k
 * series) it writes the same deterministic sensor data through Doppel's history path (event log →
 * history consumer → DuckDB store) and into a private InfluxDB 1.x, one engine after the other so
 * that they never share the CPU, in two phases each: the live part at 1 s into an empty store
 * (the headline write rate and bytes per point), then the backfill the long queries read (notes).
 * Then it times the same four queries on both and checks that the answers agree. See
 * bench/README.md for the method.
 */
import type { Agreement } from './compare.js';
import { compareAnswers } from './compare.js';
import type { Dataset, QuerySpec } from './dataset.js';
import { datasetFor, queriesFor } from './dataset.js';
import { loadDoppel } from './doppel-engine.js';
import type { EngineLoad, EngineResult, PhaseFigures, QueryFigures } from './engine.js';
import { loadInflux } from './influx-engine.js';
import { influxVersion } from './influx-server.js';
import { armHardLimits, cleanUp, makeTempDir, removeTempDir } from './lifecycle.js';
import { timeQuery } from './measure.js';
import type { Options, Variant } from './options.js';
import { USAGE, UsageError, parseOptions } from './options.js';
import type { VariantResult } from './report.js';
import { printResults, verdictsOf, writeJson } from './report.js';

type Loader = (dataset: Dataset, tempDir: string, deadlineMs: number) => Promise<EngineLoad>;

async function main(): Promise<number> {
  const startedAt = new Date();
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof TypeError)) throw error;
    if (error.message) console.error(error.message);
    console.error(USAGE);
    return 2;
  }
  armHardLimits(options.timeoutS);
  const deadlineMs = Date.now() + options.timeoutS * 1_000;
  if (!options.skipInflux) console.log(`InfluxDB peer: ${await influxVersion()}`);

  const results: VariantResult[] = [];
  for (const variant of options.variants) results.push(await runVariant(variant, options, deadlineMs));

  printResults(results);
  const file = await writeJson(results, options, startedAt);
  console.log(`\nfull figures: ${file}`);
  const unmeasured = results.some((result) => result.engines.some((engine) => engine.error !== undefined));
  const disagreed = results.some((result) =>
    result.agreements.some((agreement) => agreement.checked && !agreement.agrees),
  );
  if (disagreed) console.error('\nFAIL: Doppel and InfluxDB disagree on a checked query (see above).');
  return unmeasured || disagreed ? 1 : 0;
}

async function runVariant(variant: Variant, options: Options, deadlineMs: number): Promise<VariantResult> {
  const liveSpanS = variant === 10_000 ? options.durationS : options.durationS100k;
  const dataset = datasetFor(variant, liveSpanS, options.historyAssets);
  const queries = queriesFor(dataset);
  console.log(`\n== ${variant.toLocaleString('en')} series: ${(dataset.points / 1e6).toFixed(2)} M points`);
  console.log(`  ${dataset.description}`);
  const engines: EngineResult[] = [];
  if (!options.skipDoppel) {
    const load: Loader = (data, tempDir, deadline) => loadDoppel(data, tempDir, deadline, options.historySource);
    engines.push(await measure('doppel', load, dataset, queries, options, deadlineMs));
  }
  if (!options.skipInflux) engines.push(await measure('influxdb', loadInflux, dataset, queries, options, deadlineMs));

  const ours = engines.find((engine) => engine.engine === 'doppel');
  const peer = engines.find((engine) => engine.engine === 'influxdb');
  const agreements: Agreement[] = [];
  for (const query of queries) {
    const a = ours?.answers[query.name];
    const b = peer?.answers[query.name];
    if (a === undefined || b === undefined) continue;
    const agreement = compareAnswers(query, a, b);
    agreements.push(agreement);
    console.log(`\n  ${query.label} [${query.name}]: ${agreement.agrees ? 'agree' : 'DISAGREE'}`);
    for (const line of agreement.sideBySide) console.log(`    ${line}`);
  }
  return {
    variant,
    dataset: dataset.description,
    points: dataset.points,
    headline: { label: dataset.headline.label, points: dataset.headline.points },
    backfill: { label: dataset.backfill.label, points: dataset.backfill.points },
    queries,
    engines,
    agreements,
    verdicts: verdictsOf(queries, ours, peer, agreements),
  };
}

/** Loads one engine in a fresh temporary folder, times the queries, then stops it and removes the folder. */
async function measure(
  name: EngineResult['engine'],
  load: Loader,
  dataset: Dataset,
  queries: readonly QuerySpec[],
  options: Options,
  deadlineMs: number,
): Promise<EngineResult> {
  const tempDir = await makeTempDir(name);
  let loaded: EngineLoad | undefined;
  try {
    loaded = await load(dataset, tempDir, deadlineMs);
    const { headline, backfill, engine } = loaded;
    printPhase(name, dataset.headline.label, headline, 'B/pt');
    printPhase(name, dataset.backfill.label, backfill, 'B/pt of the whole store over every point written');
    const figures: QueryFigures[] = [];
    const answers: EngineResult['answers'] = {};
    for (const query of queries) {
      const latency = await timeQuery(() => engine.run(query), options.warmupRuns, options.runs);
      figures.push({ name: query.name, points: await engine.run(query), latency });
      answers[query.name] = await engine.answer(query);
    }
    console.log(
      `    queries p50: ${figures.map((figure) => `${figure.name} ${figure.latency.p50Ms.toFixed(2)} ms (${figure.points} pts)`).join(', ')}`,
    );
    return { engine: name, write: headline.write, size: headline.size, backfill, queries: figures, answers };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`  ${name}: ${message}`);
    return { engine: name, queries: [], answers: {}, error: message };
  } finally {
    await loaded?.engine.close().catch((error: unknown) => console.error(`  ${name}: close failed: ${String(error)}`));
    await removeTempDir(tempDir);
  }
}

function printPhase(name: string, label: string, { write, size }: PhaseFigures, bytesLabel: string): void {
  console.log(
    `  ${name}, ${label}: wrote ${(write.points / 1e6).toFixed(2)} M points in ${write.seconds.toFixed(2)} s = ` +
      `${(write.pointsPerSecond / 1e6).toFixed(2)} M pts/s (${write.cores.toFixed(2)} cores, other load ${write.otherCores.toFixed(2)}); ` +
      `${size.bytesPerPoint.toFixed(2)} ${bytesLabel}`,
  );
  for (const note of [...write.notes, ...size.notes]) console.log(`    ${note}`);
}

main().then(
  async (code) => {
    await cleanUp();
    process.exit(code);
  },
  async (error: unknown) => {
    console.error(error);
    await cleanUp();
    process.exit(1);
  },
);
