/** Command-line options of `npm run bench:ingest -- …`. */
import { parseArgs } from 'node:util';
import type { WorkloadName } from './workloads.js';

export interface Options {
  readonly workloads: readonly WorkloadName[];
  readonly durationS: number;
  readonly warmupS: number;
  readonly stepS: number;
  readonly maxRates: readonly number[];
  readonly qos: 0 | 1;
  readonly liveSample: number;
  readonly skipMosquitto: boolean;
  readonly skipDoppel: boolean;
  readonly timeoutS: number;
  /** The platform's entry point, relative to the repository root. */
  readonly platformMain: string;
}

export const USAGE = `usage: npm run bench:ingest -- [options]
  --workload factory|fleet|max|all   which reference workload(s) to run (default all)
  --duration-s N       measured window of factory and fleet, seconds (default 20)
  --warmup-s N         warm-up before each measured window, seconds (default 3)
  --step-s N           measured window of each max step, seconds (default 8)
  --max-rates A,B,…    offered points/s of the max steps (default 600000,…,1500000,2000000,2500000)
  --qos 0|1            MQTT QoS of the publishers (default 1: a PUBACK means durable)
  --live-sample N      twins timed over WebSocket for fleet and max (default 50; factory: all 340)
  --skip-mosquitto     do not measure the Mosquitto peer
  --skip-doppel        measure only the Mosquitto peer (to check the harness)
  --timeout-s N        hard limit for the whole run; children are killed after it (default 1500)
  --platform-main FILE the platform's entry, run with \`start --no-sim …\` (default packages/cli/src/main.ts)`;

export function parseOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      workload: { type: 'string', default: 'all' },
      'duration-s': { type: 'string', default: '20' },
      'warmup-s': { type: 'string', default: '3' },
      'step-s': { type: 'string', default: '8' },
      'max-rates': { type: 'string', default: '600000,800000,1000000,1200000,1500000,2000000,2500000' },
      qos: { type: 'string', default: '1' },
      'live-sample': { type: 'string', default: '50' },
      'skip-mosquitto': { type: 'boolean', default: false },
      'skip-doppel': { type: 'boolean', default: false },
      'timeout-s': { type: 'string', default: '1500' },
      'platform-main': { type: 'string', default: 'packages/cli/src/main.ts' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) throw new UsageError('');
  const all: WorkloadName[] = ['factory', 'fleet', 'max'];
  const workload = values.workload;
  if (workload !== 'all' && !all.includes(workload as WorkloadName)) {
    throw new UsageError(`--workload must be factory, fleet, max or all, not "${workload}"`);
  }
  const qos = values.qos === '0' ? 0 : values.qos === '1' ? 1 : undefined;
  if (qos === undefined) throw new UsageError(`--qos must be 0 or 1, not "${values.qos}"`);
  const maxRates = values['max-rates'].split(',').map((rate) => positive('--max-rates', rate, 10_000_000));
  return {
    workloads: workload === 'all' ? all : [workload as WorkloadName],
    durationS: positive('--duration-s', values['duration-s'], 600),
    warmupS: positive('--warmup-s', values['warmup-s'], 60),
    stepS: positive('--step-s', values['step-s'], 120),
    maxRates,
    qos,
    liveSample: positive('--live-sample', values['live-sample'], 500),
    skipMosquitto: values['skip-mosquitto'],
    skipDoppel: values['skip-doppel'],
    timeoutS: positive('--timeout-s', values['timeout-s'], 7200),
    platformMain: values['platform-main'],
  };
}

export class UsageError extends Error {}

/** Bounded so that a typo cannot turn a benchmark into an hour-long load test. */
function positive(name: string, text: string, max: number): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    throw new UsageError(`${name} must be a number in (0, ${max}], not "${text}"`);
  }
  return value;
}
