/**
 * `npm run bench:ingest`: the ingest benchmark of DESIGN.md 7. For each reference workload it
 * starts a fresh platform child process, loads it with real MQTT clients in separate publisher
 * processes, times publish → WebSocket, and then measures the Mosquitto peer with the same
 * publishers at the same rates in the same run. See bench/README.md for the method.
 */
import { endAllChildren, killAllChildrenNow } from './children.js';
import { startMosquitto } from './mosquitto-target.js';
import type { Options } from './options.js';
import { USAGE, UsageError, parseOptions } from './options.js';
import { startPlatform } from './platform-target.js';
import type { TargetResult, WorkloadResult } from './report.js';
import { printTable, writeJson } from './report.js';
import type { RunSettings } from './run.js';
import { runSteps } from './run.js';
import type { Target, TargetName } from './target.js';
import type { Workload } from './workloads.js';
import { workloads as defineWorkloads } from './workloads.js';

const PUBLISHER_PROCESSES = 2;
/** One MQTT connection per ~10 twins, as a line gateway would hold (perf-baseline.md 3). */
const TWINS_PER_CLIENT = 10;
// Unacknowledged QoS 1 messages per connection, as in perf-baseline.md §3 ("each connection keeps
// 20 messages in flight"): a gateway's send window, the same for Doppel and Mosquitto.
const INFLIGHT_MAX = 20;
const DRAIN_TIMEOUT_S = 15;

const open = new Set<Target>();

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
  const deadlineMs = Date.now() + options.timeoutS * 1000;
  armHardLimits(options.timeoutS);

  const defined = defineWorkloads(options.liveSample, options.maxRates);
  const runId = `bench-${process.pid}-${Date.now().toString(36)}`;
  const results: WorkloadResult[] = [];
  const targetNames: TargetName[] = [
    ...(options.skipDoppel ? [] : (['doppel'] as const)),
    ...(options.skipMosquitto ? [] : (['mosquitto'] as const)),
  ];
  // A platform that did not start once will not start for the next workload either.
  let platformError: string | undefined;
  let failed = false;

  for (const name of options.workloads) {
    const workload = defined[name];
    console.log(`\n== ${name}: ${workload.description} (QoS ${options.qos})`);
    const targets: Partial<Record<TargetName, TargetResult>> = {};
    for (const targetName of targetNames) {
      if (targetName === 'doppel' && platformError !== undefined) {
        targets.doppel = { latencyScope: '', steps: [], error: `not run: ${platformError.split('\n')[0] ?? ''}` };
        continue;
      }
      const settings = settingsFor(workload, options, runId, deadlineMs);
      const result = await measure(targetName, workload, settings, options.platformMain);
      if (result.error !== undefined) {
        failed = true;
        if (targetName === 'doppel') platformError = result.error;
      }
      targets[targetName] = result;
    }
    results.push({ workload: name, description: workload.description, targets });
  }

  printTable(results, defined);
  const file = await writeJson(results, options, startedAt);
  console.log(`\nfull figures: ${file}`);
  return failed ? 1 : 0;
}

function settingsFor(workload: Workload, options: Options, runId: string, deadlineMs: number): RunSettings {
  const sweep = workload.name === 'max';
  return {
    runId,
    qos: options.qos,
    // A sweep step needs less warm-up: the processes and connections are already up.
    warmupS: sweep ? Math.min(options.warmupS, 2) : options.warmupS,
    measureS: sweep ? options.stepS : options.durationS,
    drainTimeoutS: DRAIN_TIMEOUT_S,
    publisherProcesses: PUBLISHER_PROCESSES,
    twinsPerClient: TWINS_PER_CLIENT,
    inflightMax: INFLIGHT_MAX,
    deadlineMs,
    stopAtFirstFailure: sweep,
  };
}

async function measure(
  name: TargetName,
  workload: Workload,
  settings: RunSettings,
  platformMain: string,
): Promise<TargetResult> {
  let target: Target | undefined;
  try {
    target =
      name === 'doppel'
        ? await startPlatform(workload, platformMain, settings.deadlineMs)
        : await startMosquitto(settings.runId, settings.qos, settings.deadlineMs);
    open.add(target);
    const steps = await runSteps(target, workload, settings);
    return { latencyScope: target.latencyScope, steps };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`${name} ${workload.name}: ${message}`);
    return { latencyScope: '', steps: [], error: message };
  } finally {
    if (target !== undefined) {
      await target.close();
      open.delete(target);
    }
  }
}

/** The run stops by itself: after `timeoutS`, on SIGINT/SIGTERM, and children die with us. */
function armHardLimits(timeoutS: number): void {
  const abort = (reason: string, code: number): void => {
    console.error(`\nbench:ingest: ${reason}; stopping children and removing temporary files`);
    const cleanup = Promise.all([...open].map((target) => target.close())).then(() => endAllChildren());
    const force = setTimeout(() => process.exit(code), 20_000);
    force.unref();
    void cleanup.finally(() => process.exit(code));
  };
  setTimeout(() => abort(`overall timeout of ${timeoutS} s reached`, 3), timeoutS * 1000).unref();
  process.once('SIGINT', () => abort('interrupted', 130));
  process.once('SIGTERM', () => abort('terminated', 143));
  process.on('exit', killAllChildrenNow);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    killAllChildrenNow();
    process.exit(1);
  },
);
