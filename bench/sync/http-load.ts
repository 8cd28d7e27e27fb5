/**
 * The HTTP client of `npm run bench:sync` (commands part), in its own process so that the
 * platform's process measures the platform: `POST /api/v1/digitaltwins/{id}/commands/setPosition?waitMs=10000`
 * at a steady rate for a fixed time over a pool of keep-alive connections, each answer timed from send to
 * final status. Prints one JSON line: { sent, succeeded, failures, latenciesMs (sorted) }.
 *   node bench/sync/http-load.ts BASE_URL TWIN_PREFIX TWINS RATE_PER_S DURATION_S
 */
import { Agent, request } from 'node:http';

const [baseUrl, prefix, twinsText, rateText, durationText] = process.argv.slice(2);
const twins = Number(twinsText);
const ratePerS = Number(rateText);
const durationS = Number(durationText);
if (baseUrl === undefined || prefix === undefined || !(twins > 0) || !(ratePerS > 0) || !(durationS > 0)) {
  console.error('usage: http-load.ts BASE_URL TWIN_PREFIX TWINS RATE_PER_S DURATION_S');
  process.exit(2);
}
const SLICE_MS = 10;
const DRAIN_MS = 15_000;
const latencies: number[] = [];
const failures = new Map<string, number>();
const fail = (why: string): void => void failures.set(why, (failures.get(why) ?? 0) + 1);
let sent = 0;
const inFlight = new Set<Promise<void>>();

/**
 * Keep-alive connections, at most CONNECTIONS of them, as a real client pools them (fetch's
 * default pool opens a connection per concurrent request and exhausts the server's backlog).
 */
const CONNECTIONS = 64;
const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
const { hostname, port } = new URL(baseUrl);

function post(path: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        path,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function invoke(): Promise<void> {
  const index = sent++;
  const twinId = `${prefix}${String(index % twins).padStart(4, '0')}`;
  const t0 = performance.now();
  const response = await post(
    `/api/v1/digitaltwins/${twinId}/commands/setPosition?waitMs=10000`,
    JSON.stringify({ request: index, timeoutMs: 10_000 }),
  );
  const view = JSON.parse(response.text) as { status?: string; code?: string };
  if (view.status === 'succeeded') latencies.push(performance.now() - t0);
  else fail(view.status ?? `${response.status} ${view.code ?? ''}`);
}

const cpu0 = process.cpuUsage();
const wall0 = performance.now();
let due = 0;
for (let slice = 0; performance.now() - wall0 < durationS * 1_000; slice++) {
  due += (ratePerS * SLICE_MS) / 1_000;
  for (; due >= 1; due--) {
    const call = invoke().catch((error: unknown) =>
      fail((error as NodeJS.ErrnoException).code ?? (error as Error).message),
    );
    inFlight.add(call);
    void call.then(() => inFlight.delete(call));
  }
  const nextAt = wall0 + (slice + 1) * SLICE_MS;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextAt - performance.now())));
}
const deadline = performance.now() + DRAIN_MS;
while (inFlight.size > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
latencies.sort((a, b) => a - b);
// A pipe is written asynchronously: exit once the line is out.
process.stdout.write(
  `${JSON.stringify({ sent, succeeded: latencies.length, unanswered: inFlight.size, failures: Object.fromEntries(failures), latenciesMs: latencies, wallS: (performance.now() - wall0) / 1_000, cpuS: (process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1e6 })}\n`,
  () => process.exit(0),
);
