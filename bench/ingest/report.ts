/** The bench's output: a table on stdout and the full figures as JSON in bench/results/. */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Options } from './options.js';
import type { StepResult } from './run.js';
import { format } from './run.js';
import type { TargetName } from './target.js';
import type { Workload, WorkloadName } from './workloads.js';
import { printTable as printTextTable } from '../shared/print-table.js';

export interface TargetResult {
  readonly latencyScope: string;
  readonly steps: readonly StepResult[];
  /** Set when the target could not be measured (e.g. the platform did not start). */
  readonly error?: string;
}

export interface WorkloadResult {
  readonly workload: WorkloadName;
  readonly description: string;
  readonly targets: Partial<Record<TargetName, TargetResult>>;
}

/** The step that stands for a target: the single one, or the highest sustained step of a sweep. */
export function headline(workload: WorkloadName, result: TargetResult | undefined): StepResult | undefined {
  if (result === undefined) return undefined;
  if (workload !== 'max') return result.steps[0];
  return result.steps.filter((step) => step.sustained).at(-1);
}

function verdict(workload: Workload, step: StepResult | undefined): string {
  if (step === undefined) return 'FAIL (no sustained step)';
  const checks: string[] = [];
  if (!step.sustained) checks.push(step.problems.join('; '));
  const p99 = step.latency?.p99Ms;
  if (workload.targets.p99MsMax !== undefined && !(p99 !== undefined && p99 <= workload.targets.p99MsMax)) {
    checks.push(`p99 > ${workload.targets.p99MsMax} ms`);
  }
  const min = workload.targets.pointsPerSecondMin;
  if (min !== undefined && step.deliveredPointsPerSecond < min) checks.push(`< ${format(min)} pts/s`);
  return checks.length === 0 ? 'PASS' : `FAIL (${checks.join('; ')})`;
}

/** A sweep whose every step held only gives a lower bound: say so rather than overstate. */
function ceiling(workload: Workload, target: TargetResult): string {
  const allHeld =
    target.steps.length === workload.ratesPointsPerSecond.length && target.steps.every((step) => step.sustained);
  return allHeld ? ' (every step held: the true maximum is higher; raise --max-rates)' : '';
}

const ms = (value: number | undefined): string => (value === undefined ? '–' : value.toFixed(1));
const ratio = (ours: number | undefined, peer: number | undefined): string =>
  ours === undefined || peer === undefined || peer === 0 ? '–' : `${(ours / peer).toFixed(2)}×`;

const COLUMNS = [
  'workload',
  'target',
  'offered pts/s',
  'delivered pts/s',
  'loss',
  'dead-l.',
  'p50 ms',
  'p99 ms',
  'server cores',
  'other cores',
  'verdict',
] as const;
type Row = Partial<Record<(typeof COLUMNS)[number], string>>;

function stepRow(workload: Workload, name: TargetName, step: StepResult): Row {
  const judged = name === 'doppel' && workload.name !== 'max';
  return {
    workload: workload.name,
    target: name,
    'offered pts/s': format(step.offeredPointsPerSecond),
    'delivered pts/s': format(step.deliveredPointsPerSecond),
    loss: String(step.lossPoints),
    'dead-l.': String(step.deadLetteredPoints),
    'p50 ms': ms(step.latency?.p50Ms),
    'p99 ms': ms(step.latency?.p99Ms),
    'server cores': step.cores.server.toFixed(2),
    'other cores': step.cores.other.toFixed(2),
    verdict: judged ? verdict(workload, step) : step.sustained ? 'sustained' : 'not sustained',
  };
}

export function printTable(results: readonly WorkloadResult[], workloads: Record<WorkloadName, Workload>): void {
  const rows: Row[] = [];
  for (const result of results) {
    const workload = workloads[result.workload];
    for (const [name, target] of Object.entries(result.targets) as [TargetName, TargetResult][]) {
      if (target.error !== undefined) {
        rows.push({ workload: result.workload, target: name, verdict: `ERROR: ${target.error.split('\n')[0] ?? ''}` });
        continue;
      }
      const steps = result.workload === 'max' ? target.steps : target.steps.slice(0, 1);
      for (const step of steps) rows.push(stepRow(workload, name, step));
      if (result.workload === 'max') {
        const best = headline('max', target);
        const judged = name === 'doppel' ? `; ${verdict(workload, best)}` : '';
        rows.push({
          workload: 'max',
          target: name,
          'delivered pts/s': `= ${format(best?.deliveredPointsPerSecond ?? 0)}`,
          verdict: `highest sustained${ceiling(workload, target)}${judged}`,
        });
      }
    }
  }
  printTextTable(
    COLUMNS.map((column) => column),
    rows.map((row) => COLUMNS.map((column) => row[column] ?? '')),
  );
  for (const result of results) {
    const ours = headline(result.workload, result.targets.doppel);
    const peer = headline(result.workload, result.targets.mosquitto);
    if (ours === undefined || peer === undefined) continue;
    console.log(
      `${result.workload.padEnd(8)} ours / mosquitto: delivered points/s ${ratio(ours.deliveredPointsPerSecond, peer.deliveredPointsPerSecond)}, ` +
        `p99 ${ratio(ours.latency?.p99Ms, peer.latency?.p99Ms)} (lower is better)`,
    );
  }
  for (const result of results) {
    for (const [name, target] of Object.entries(result.targets) as [TargetName, TargetResult][]) {
      if (target.error === undefined) console.log(`latency ${result.workload}/${name}: ${target.latencyScope}`);
    }
  }
}

export async function writeJson(
  results: readonly WorkloadResult[],
  options: Options,
  startedAt: Date,
): Promise<string> {
  const dir = fileURLToPath(new URL('../results/', import.meta.url));
  await mkdir(dir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const file = `${dir}ingest-${stamp}.json`;
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version };
  await writeFile(
    file,
    `${JSON.stringify({ startedAt: startedAt.toISOString(), machine, options, results }, null, 2)}\n`,
  );
  return file;
}
