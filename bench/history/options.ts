/** Command-line options of `npm run bench:history -- …`. */
import { parseArgs } from 'node:util';

export type Variant = 10_000 | 100_000;

export interface Options {
  /** Series of the live (1 s) data set: 10 fields per asset, so 1,000 or 10,000 assets. */
  readonly variants: readonly Variant[];
  /** Span of the live data at 1 s for the 10k-series variant, seconds. */
  readonly durationS: number;
  /** Span of the live data for the 100k-series variant (default: the same point count as 10k). */
  readonly durationS100k: number;
  /** Assets that carry the 90-day archive (a0000…), written in phase 2 (the backfill). */
  readonly historyAssets: number;
  readonly runs: number;
  readonly warmupRuns: number;
  readonly skipInflux: boolean;
  /**
   * Where the history consumer takes the rows from: `tap` (default), the entries ingest decoded,
   * handed over once durable, as in the platform; `log`, every record read back from the log and
   * decoded again (what a catch-up after a restart does).
   */
  readonly historySource: 'tap' | 'log';
  readonly skipDoppel: boolean;
  readonly timeoutS: number;
}

export const USAGE = `usage: npm run bench:history -- [options]
  --series 10000|100000|both  live data set: 1,000 or 10,000 assets × 10 fields (default both)
  --duration-s N       span of the live 1 s data of the 10k variant, seconds (default 3780 → 37.8 M points:
                       an hour that closes, rewritten ordered by twin, and the minutes after it):
                       phase 1, the headline write rate and bytes per point, into an empty store
  --duration-s-100k N  span for the 100k variant (default duration-s / 10: the same point count;
                       3780 closes an hour at 100k series: 378 M points, needs ~16 GB of RAM)
  --history-assets N   assets with the 90-day archive at 60 s cadence (default 10 → 12.8 M points):
                       phase 2, the backfill written after the live part (with a0005's 1 s day)
  --runs N             timed runs per query (default 50)
  --warmup-runs N      untimed runs before them, after one first run (default 5)
  --skip-influx        do not measure the InfluxDB peer (no ratios, no oracle)
  --skip-doppel        measure only InfluxDB (checks the harness)
  --history-source tap|log  tap (default): the consumer takes the rows ingest decoded, as in the
                       platform; log: it reads every record back and decodes it (a catch-up)
  --timeout-s N        hard limit for the whole run (default 1800)
  --help`;

export class UsageError extends Error {}

export function parseOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      series: { type: 'string', default: 'both' },
      'duration-s': { type: 'string', default: '3780' },
      'duration-s-100k': { type: 'string' },
      'history-assets': { type: 'string', default: '10' },
      runs: { type: 'string', default: '50' },
      'warmup-runs': { type: 'string', default: '5' },
      'skip-influx': { type: 'boolean', default: false },
      'history-source': { type: 'string', default: 'tap' },
      'skip-doppel': { type: 'boolean', default: false },
      'timeout-s': { type: 'string', default: '1800' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) throw new UsageError('');
  const variants: Record<string, readonly Variant[]> = {
    '10000': [10_000],
    '100000': [100_000],
    both: [10_000, 100_000],
  };
  const chosen = variants[values.series];
  if (chosen === undefined) throw new UsageError(`--series must be 10000, 100000 or both, not "${values.series}"`);
  const durationS = integer('--duration-s', values['duration-s'], 7_200);
  return {
    variants: chosen,
    durationS,
    durationS100k:
      values['duration-s-100k'] === undefined
        ? Math.max(1, Math.round(durationS / 10))
        : integer('--duration-s-100k', values['duration-s-100k'], 3_780),
    historyAssets: integer('--history-assets', values['history-assets'], 100),
    runs: integer('--runs', values.runs, 1_000),
    warmupRuns: integer('--warmup-runs', values['warmup-runs'], 100),
    skipInflux: values['skip-influx'],
    historySource: historySource(values['history-source']),
    skipDoppel: values['skip-doppel'],
    timeoutS: integer('--timeout-s', values['timeout-s'], 7_200),
  };
}

function historySource(text: string): 'tap' | 'log' {
  if (text === 'tap' || text === 'log') return text;
  throw new UsageError(`--history-source must be tap or log, not "${text}"`);
}

/** Bounded so that a typo cannot turn a benchmark into an hour-long load test. */
function integer(name: string, text: string, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0 || value > max) {
    throw new UsageError(`${name} must be an integer in [1, ${max}], not "${text}"`);
  }
  return value;
}
