/**
 * `npm run bench:sync`: freshness tracking at a million series (issue 6). The platform's
 * FreshnessTracker is driven in real time: every twin (10 series) sends all its paths in one
 * message at its declared cadence (1 s to 60 s, as buildings and plants mix them; the platform
 * hands the tracker one message's paths at once), the tracker's timer ticks every 100 ms as in
 * the platform, and 1 % of the twins with a 1 s or 10 s cadence fall silent at a random moment.
 * Reports the CPU the tracker spends per second of wall time (its observe() calls and its ticks,
 * timed around each batch; the driver's own bookkeeping is left out), the delay from each silent
 * series' deadline to its stale event (p50 / p99 / max), and the memory per series.
 * Then commands (commands.ts): 1,000 commands/s for 20 s through the real platform to simulated
 * devices in a child process, round trip p50 / p99. Then consistency rules (consistency.ts): the
 * resolver's CPU per input and per sweep at 10,000 twins. Writes bench/results/sync-<timestamp>.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { FreshnessTracker } from '../../packages/server/src/sync/freshness-tracker.js';
import { benchCommands } from './commands.js';
import { benchConsistency } from './consistency.js';

const { values } = parseArgs({
  options: {
    series: { type: 'string', default: '1000000' },
    'duration-s': { type: 'string', default: '75' },
    'paths-per-twin': { type: 'string', default: '10' },
    part: { type: 'string', default: 'both' },
    'command-rate': { type: 'string', default: '1000' },
    'command-duration-s': { type: 'string', default: '20' },
    'command-twins': { type: 'string', default: '200' },
    'device-clients': { type: 'string', default: '20' },
    'consistency-twins': { type: 'string', default: '10000' },
  },
});
const PART = values.part;
const SERIES = Number(values.series);
const DURATION_MS = Number(values['duration-s']) * 1_000;
const PATHS_PER_TWIN = Number(values['paths-per-twin']);
const STALE_FACTOR = 6;
const TICK_MS = 100;
/** The driver's own time slice: updates due within it are sent together. */
const SLICE_MS = 10;
/** Cadence mix: share of the series per cadence. */
const CADENCES: readonly [cadenceMs: number, share: number][] = [
  [1_000, 0.1],
  [10_000, 0.4],
  [30_000, 0.3],
  [60_000, 0.2],
];
const SILENT_SHARE = 0.01;
/** Silent series stop between these times after the start (their deadline then falls within the run). */
const SILENCE_FROM_MS = 2_000;
const SILENCE_TO_MS = 8_000;

const COMMANDS = {
  ratePerS: Number(values['command-rate']),
  durationS: Number(values['command-duration-s']),
  twins: Number(values['command-twins']),
  deviceClients: Number(values['device-clients']),
};
if (
  !(SERIES > 0) ||
  !(DURATION_MS >= 20_000) ||
  !(PATHS_PER_TWIN > 0) ||
  !['freshness', 'commands', 'consistency', 'both'].includes(PART ?? '') ||
  !(Number(values['consistency-twins']) > 0) ||
  !(COMMANDS.ratePerS > 0 && COMMANDS.durationS > 0 && COMMANDS.twins > 0 && COMMANDS.deviceClients > 0)
) {
  console.error(
    'usage: npm run bench:sync -- [--part freshness|commands|consistency|both] [--consistency-twins N] [--series N] [--duration-s S ≥ 20] [--paths-per-twin P]\n' +
      '         [--command-rate N/s] [--command-duration-s S] [--command-twins N] [--device-clients N]',
  );
  process.exit(2);
}

let seed = 7;
const random = (): number => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
}

function memoryMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  return (usage.heapUsed + usage.arrayBuffers) / 1_048_576;
}

async function freshness(): Promise<{ figures: Record<string, unknown>; problems: string[] }> {
  if ((globalThis as { gc?: () => void }).gc === undefined)
    throw new Error('run with --expose-gc (npm run bench:sync does)');
  const twins = Math.ceil(SERIES / PATHS_PER_TWIN);
  const twinIds = Array.from({ length: twins }, (_, index) => `twin-${index}`);
  const paths = Array.from({ length: PATHS_PER_TWIN }, (_, index) => `p${index}`);
  // Per twin: its cadence, and when it falls silent (never for most).
  const cadence = new Float64Array(twins);
  const silentAt = new Float64Array(twins).fill(Number.POSITIVE_INFINITY);
  for (let twin = 0; twin < twins; twin++) {
    let pick = random();
    let chosen = CADENCES[CADENCES.length - 1]?.[0] as number;
    for (const [cadenceMs, share] of CADENCES) {
      if (pick < share) {
        chosen = cadenceMs;
        break;
      }
      pick -= share;
    }
    cadence[twin] = chosen;
    if (chosen <= 10_000 && random() < SILENT_SHARE / 0.5) {
      silentAt[twin] = SILENCE_FROM_MS + random() * (SILENCE_TO_MS - SILENCE_FROM_MS);
    }
  }
  const twinIndex = (twinId: string): number => Number(twinId.slice(5));
  const memoryBefore = memoryMb();
  const startMs = Date.now();
  const tracker = new FreshnessTracker({
    staleFactor: STALE_FACTOR,
    tickMs: TICK_MS,
    startMs,
    declaredCadence: (twinId) => cadence[twinIndex(twinId)],
  });
  const delays: number[] = [];
  let falseStale = 0;
  tracker.onTransition((transition) => {
    if (transition.freshness !== 'stale') return;
    if (!Number.isFinite(silentAt[twinIndex(transition.twinId)] as number)) falseStale++;
    delays.push(Date.now() - transition.atMs);
  });

  // First message of every twin, spread over its first cadence (a fleet does not start in step).
  const slices = Math.ceil(60_000 / SLICE_MS) + 1;
  const buckets: number[][] = Array.from({ length: slices }, () => []);
  let loadMs = performance.now();
  for (let twin = 0; twin < twins; twin++) {
    tracker.observePaths(twinIds[twin] as string, paths, startMs, 'gw');
    const firstMs = random() * (cadence[twin] as number);
    (buckets[Math.floor(firstMs / SLICE_MS) % slices] as number[]).push(twin);
  }
  loadMs = performance.now() - loadMs;
  const memoryPerSeries = ((memoryMb() - memoryBefore) * 1_048_576) / SERIES;
  console.log(
    `${SERIES.toLocaleString('en')} series (${twins.toLocaleString('en')} twins × ${PATHS_PER_TWIN} paths) registered in ${loadMs.toFixed(0)} ms; ` +
      `${memoryPerSeries.toFixed(0)} bytes per series (tracker, heap + typed arrays)`,
  );
  const expectedSilent = silentAt.reduce((count, at) => count + (Number.isFinite(at) ? PATHS_PER_TWIN : 0), 0);
  const updatesPerSecond = CADENCES.reduce((sum, [cadenceMs, share]) => sum + (SERIES * share * 1_000) / cadenceMs, 0);
  console.log(
    `running ${DURATION_MS / 1_000} s in real time: ~${Math.round(updatesPerSecond).toLocaleString('en')} updates/s, ` +
      `${expectedSilent.toLocaleString('en')} series (${(expectedSilent / PATHS_PER_TWIN).toLocaleString('en')} twins) falling silent…`,
  );

  let observeMs = 0;
  let tickMs = 0;
  let updates = 0;
  let ticks = 0;
  let lateSlices = 0;
  const batch = new Int32Array(twins);
  const cpuBefore = process.cpuUsage();
  const runStarted = Date.now();
  let slice = 0;
  await new Promise<void>((resolve) => {
    const driver = setInterval(() => {
      const nowMs = Date.now();
      const elapsed = nowMs - runStarted;
      // Every slice whose time has come (the driver may wake late).
      const target = Math.floor(elapsed / SLICE_MS);
      if (target - slice > 1) lateSlices++;
      let size = 0;
      for (; slice <= target; slice++) {
        const bucket = buckets[slice % slices] as number[];
        for (const twin of bucket) {
          if (elapsed >= (silentAt[twin] as number)) continue; // fell silent: no more messages, no re-queue
          batch[size++] = twin;
          (buckets[(slice + (cadence[twin] as number) / SLICE_MS) % slices] as number[]).push(twin);
        }
        bucket.length = 0;
      }
      const started = performance.now();
      for (let at = 0; at < size; at++)
        tracker.observePaths(twinIds[batch[at] as number] as string, paths, nowMs, 'gw');
      observeMs += performance.now() - started;
      updates += size * PATHS_PER_TWIN;
      if (elapsed >= DURATION_MS) {
        clearInterval(driver);
        clearInterval(ticker);
        resolve();
      }
    }, SLICE_MS);
    // The platform's timer (PlatformFreshness): advance every tick.
    const ticker = setInterval(() => {
      const started = performance.now();
      tracker.advance(Date.now());
      tickMs += performance.now() - started;
      ticks++;
    }, TICK_MS);
  });
  const wallS = (Date.now() - runStarted) / 1_000;
  const cpu = process.cpuUsage(cpuBefore);
  const stats = tracker.stats();
  delays.sort((a, b) => a - b);
  const trackerCpuMsPerS = (observeMs + tickMs) / wallS;
  const figures = {
    series: SERIES,
    twins,
    updates,
    updatesPerSecond: updates / wallS,
    wallS,
    trackerCpuMsPerSecond: trackerCpuMsPerS,
    observeMsPerSecond: observeMs / wallS,
    tickMsPerSecond: tickMs / wallS,
    observeNsPerUpdate: (observeMs * 1e6) / updates,
    processCores: (cpu.user + cpu.system) / 1_000 / (wallS * 1_000),
    ticks,
    lateDriverWakeups: lateSlices,
    memoryBytesPerSeries: memoryPerSeries,
    silentSeries: expectedSilent,
    staleEvents: delays.length,
    falseStale,
    staleAtEnd: stats.stale,
    delayMs: { p50: percentile(delays, 0.5), p99: percentile(delays, 0.99), max: delays[delays.length - 1] ?? NaN },
  };
  console.log(`
updates                 ${updates.toLocaleString('en')} (${Math.round(figures.updatesPerSecond).toLocaleString('en')}/s) over ${wallS.toFixed(1)} s
tracker CPU             ${trackerCpuMsPerS.toFixed(1)} ms per second (${(trackerCpuMsPerS / 10).toFixed(2)} % of a core): observe ${figures.observeMsPerSecond.toFixed(1)} ms/s (${figures.observeNsPerUpdate.toFixed(0)} ns per update), ticks ${figures.tickMsPerSecond.toFixed(2)} ms/s
whole process           ${figures.processCores.toFixed(2)} cores (tracker + this driver + GC)
stale events            ${delays.length.toLocaleString('en')} of ${expectedSilent.toLocaleString('en')} silent series (${falseStale} for a series that kept updating)
deadline → stale event  p50 ${figures.delayMs.p50} ms, p99 ${figures.delayMs.p99} ms, max ${figures.delayMs.max} ms (tick ${TICK_MS} ms)
memory                  ${memoryPerSeries.toFixed(0)} bytes per series`);
  const problems = [
    delays.length !== expectedSilent ? `${expectedSilent - delays.length} silent series never turned stale` : '',
    falseStale > 0 ? `${falseStale} series turned stale while updating` : '',
  ].filter((problem) => problem !== '');
  return { figures, problems };
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const result: Record<string, unknown> = { startedAt };
  const problems: string[] = [];
  if (PART === 'both' || PART === 'freshness') {
    console.log('== freshness');
    const part = await freshness();
    result.freshness = part.figures;
    problems.push(...part.problems);
  }
  if (PART === 'both' || PART === 'consistency') {
    console.log('\n== consistency rules');
    result.consistency = benchConsistency({ twins: Number(values['consistency-twins']), seconds: 60 });
  }
  if (PART === 'both' || PART === 'commands') {
    console.log('\n== commands');
    const phases = await benchCommands(COMMANDS);
    result.commands = { options: COMMANDS, phases };
    for (const phase of phases) {
      if (phase.succeeded !== phase.sent)
        problems.push(`${phase.path}: ${phase.sent - phase.succeeded} commands did not succeed`);
    }
    console.log(
      `  peer (published, not measured here): Eclipse Ditto, about 600–3,000 live commands/s on a multi-node cluster`,
    );
  }
  for (const problem of problems) console.log(`FAIL  ${problem}`);
  await mkdir(new URL('../results/', import.meta.url), { recursive: true });
  const file = new URL(`../results/sync-${startedAt.replaceAll(':', '-').replace('.', '-')}.json`, import.meta.url);
  await writeFile(file, JSON.stringify({ ...result, problems }, null, 2));
  console.log(`\nfull figures: ${file.pathname}`);
  if (problems.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
