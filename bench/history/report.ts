/** The bench's output: a table, ratios and verdicts on stdout; every figure as JSON in bench/results/. */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Agreement } from './compare.js';
import type { QuerySpec } from './dataset.js';
import type { EngineResult } from './engine.js';
import type { Options, Variant } from './options.js';
import { printTable } from '../shared/print-table.js';

/** DESIGN.md 7 and the targets. */
export const TARGETS = { writeRatioMin: 2, bytesPerPointMax: 2, queryP50MsMax: 5 } as const;

export interface VariantResult {
  readonly variant: Variant;
  readonly dataset: string;
  /** Every point written (both phases). */
  readonly points: number;
  /** Phase 1, what the engines' `write` and `size` figures are of: the live part into an empty store. */
  readonly headline: PhaseSummary;
  /** Phase 2, the engines' `backfill` figures (notes, not the headline). */
  readonly backfill: PhaseSummary;
  readonly queries: readonly QuerySpec[];
  readonly engines: readonly EngineResult[];
  readonly agreements: readonly Agreement[];
  readonly verdicts: readonly Verdict[];
}

export interface PhaseSummary {
  readonly label: string;
  readonly points: number;
}

export interface Verdict {
  readonly target: string;
  readonly figure: string;
  readonly pass: boolean | undefined;
}

const COLUMNS = ['series', 'engine', 'write pts/s', 'cores', 'other cores', 'B/pt', 'B/pt dir'] as const;
const BACKFILL_COLUMNS = [
  'series',
  'engine',
  'backfill pts/s',
  'cores',
  'other cores',
  'B/pt whole store',
  'B/pt dir whole store',
] as const;

export function verdictsOf(
  queries: readonly QuerySpec[],
  ours: EngineResult | undefined,
  peer: EngineResult | undefined,
  agreements: readonly Agreement[],
): Verdict[] {
  const verdicts: Verdict[] = [];
  const oursRate = ours?.write?.pointsPerSecond;
  const peerRate = peer?.write?.pointsPerSecond;
  const writeRatio = oursRate !== undefined && peerRate !== undefined ? oursRate / peerRate : undefined;
  verdicts.push({
    target: `write ≥ ${TARGETS.writeRatioMin}× InfluxDB (headline: live part)`,
    figure: writeRatio === undefined ? 'not measured' : `${writeRatio.toFixed(2)}×`,
    pass: writeRatio === undefined ? undefined : writeRatio >= TARGETS.writeRatioMin,
  });
  const bytes = ours?.size?.bytesPerPoint;
  verdicts.push({
    target: `≤ ${TARGETS.bytesPerPointMax} bytes per point (headline: live part)`,
    figure: bytes === undefined ? 'not measured' : `${bytes.toFixed(2)} B/pt`,
    pass: bytes === undefined ? undefined : bytes <= TARGETS.bytesPerPointMax,
  });
  for (const query of queries) {
    const p50 = ours?.queries.find((figures) => figures.name === query.name)?.latency.p50Ms;
    verdicts.push({
      target: `${query.name} p50 ≤ ${TARGETS.queryP50MsMax} ms`,
      figure: p50 === undefined ? 'not measured' : `${p50.toFixed(2)} ms`,
      pass: p50 === undefined ? undefined : p50 <= TARGETS.queryP50MsMax,
    });
  }
  for (const agreement of agreements) {
    verdicts.push({
      target: `${agreement.query} agrees with InfluxDB${agreement.checked ? '' : ' (informative)'}`,
      figure: agreement.agrees
        ? `${agreement.rows.ours} rows identical`
        : `${agreement.mismatches} mismatches, ${agreement.rows.ours} vs ${agreement.rows.influxdb} rows; first: ${agreement.firstMismatch ?? '–'}`,
      pass: agreement.checked ? agreement.agrees : undefined,
    });
  }
  return verdicts;
}

export function printResults(results: readonly VariantResult[]): void {
  const queryNames = results[0]?.queries.map((query) => query.name) ?? [];
  const header = [...COLUMNS, ...queryNames.map((name) => `${name} p50/p99 ms`)];
  const rows: string[][] = [];
  const backfillRows: string[][] = [];
  for (const result of results) {
    for (const engine of result.engines) {
      if (engine.error !== undefined) {
        rows.push([series(result.variant), engine.engine, `ERROR: ${engine.error.split('\n')[0] ?? ''}`]);
        continue;
      }
      rows.push([
        series(result.variant),
        engine.engine,
        millions(engine.write?.pointsPerSecond),
        engine.write?.cores.toFixed(2) ?? '–',
        engine.write?.otherCores.toFixed(2) ?? '–',
        engine.size?.bytesPerPoint.toFixed(2) ?? '–',
        engine.size?.dirBytesPerPoint.toFixed(2) ?? '–',
        ...queryNames.map((name) => {
          const latency = engine.queries.find((query) => query.name === name)?.latency;
          return latency === undefined ? '–' : `${latency.p50Ms.toFixed(2)} / ${latency.p99Ms.toFixed(2)}`;
        }),
      ]);
      backfillRows.push([
        series(result.variant),
        engine.engine,
        millions(engine.backfill?.write.pointsPerSecond),
        engine.backfill?.write.cores.toFixed(2) ?? '–',
        engine.backfill?.write.otherCores.toFixed(2) ?? '–',
        engine.backfill?.size.bytesPerPoint.toFixed(2) ?? '–',
        engine.backfill?.size.dirBytesPerPoint.toFixed(2) ?? '–',
      ]);
    }
    const ours = result.engines.find((engine) => engine.engine === 'doppel');
    const peer = result.engines.find((engine) => engine.engine === 'influxdb');
    if (ours?.error === undefined && peer?.error === undefined && ours !== undefined && peer !== undefined) {
      rows.push([
        series(result.variant),
        'ours/influx',
        ratio(ours.write?.pointsPerSecond, peer.write?.pointsPerSecond),
        '',
        '',
        ratio(ours.size?.bytesPerPoint, peer.size?.bytesPerPoint),
        ratio(ours.size?.dirBytesPerPoint, peer.size?.dirBytesPerPoint),
        ...queryNames.map((name) => {
          const a = ours.queries.find((query) => query.name === name)?.latency;
          const b = peer.queries.find((query) => query.name === name)?.latency;
          return `${ratio(a?.p50Ms, b?.p50Ms)} / ${ratio(a?.p99Ms, b?.p99Ms)}`;
        }),
      ]);
      backfillRows.push([
        series(result.variant),
        'ours/influx',
        ratio(ours.backfill?.write.pointsPerSecond, peer.backfill?.write.pointsPerSecond),
        '',
        '',
        ratio(ours.backfill?.size.bytesPerPoint, peer.backfill?.size.bytesPerPoint),
        ratio(ours.backfill?.size.dirBytesPerPoint, peer.backfill?.size.dirBytesPerPoint),
      ]);
    }
  }
  console.log(
    '\nHeadline (the targets and ratios): write pts/s and B/pt of the live part alone (1 s cadence, one row per ' +
      'log entry / MQTT message), written first into an empty store; queries after both phases.',
  );
  printTable(header, rows);
  console.log(
    'B/pt: Doppel = DuckDB blocks holding data after checkpoint (raw + rollups); InfluxDB = TSM files after full compaction. ' +
      'B/pt dir = whole data directory (InfluxDB: data + wal; Doppel: the file with its free blocks, and WAL). ' +
      'Ratios: write higher is better, the rest lower is better.',
  );
  console.log(
    'Latency: Doppel in process (store.query); InfluxDB over loopback HTTP + JSON.parse, as a client sees it. ' +
      'p50/p99 (nearest rank) over the timed runs, after one first run and the warm-up runs.',
  );
  console.log(
    '\nBackfill (notes, not the headline): archive (60 s) + day (1 s) in entries of 60 rows, written after the ' +
      'live part; B/pt = the whole store afterwards over every point written (both phases).',
  );
  printTable(BACKFILL_COLUMNS, backfillRows);
  const busy = results.some((result) =>
    result.engines.some(
      (engine) => (engine.write?.otherCores ?? 0) > 0.2 || (engine.backfill?.write.otherCores ?? 0) > 0.2,
    ),
  );
  if (busy) {
    console.log(
      'WARNING: "other cores" > 0.2: something else loaded the machine during a write window; that figure ' +
        'measures contention, not the engine. Run again on a quiet machine before trusting or comparing it.',
    );
  }
  for (const result of results) {
    console.log(`\n${series(result.variant)} series: verdicts`);
    for (const verdict of result.verdicts) {
      const mark = verdict.pass === undefined ? '–   ' : verdict.pass ? 'PASS' : 'FAIL';
      console.log(`  ${mark}  ${verdict.target.padEnd(48)} ${verdict.figure}`);
    }
  }
}

export async function writeJson(results: readonly VariantResult[], options: Options, startedAt: Date): Promise<string> {
  const dir = fileURLToPath(new URL('../results/', import.meta.url));
  await mkdir(dir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const file = `${dir}history-${stamp}.json`;
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version };
  // Answers are large and already compared: the JSON keeps the comparison, not the arrays.
  const slim = results.map((result) => ({
    ...result,
    engines: result.engines.map(({ answers: _answers, ...engine }) => engine),
  }));
  await writeFile(
    file,
    `${JSON.stringify({ startedAt: startedAt.toISOString(), machine, targets: TARGETS, options, results: slim }, null, 2)}\n`,
  );
  return file;
}

const series = (variant: Variant): string => `${variant / 1_000}k`;
const millions = (value: number | undefined): string => (value === undefined ? '–' : `${(value / 1e6).toFixed(2)} M`);
const ratio = (ours: number | undefined, peer: number | undefined): string =>
  ours === undefined || peer === undefined || peer === 0 ? '–' : `${(ours / peer).toFixed(2)}×`;
