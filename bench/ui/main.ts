/**
 * `npm run bench:ui`: frame times of a floor plan with 5,000 markers whose values change every
 * second (issue 7), in headless Chromium (Debian's, software rendering) against the real platform.
 * A plan of a 200 × 100 m hall holds 5,000 sensors; an MQTT client publishes a new temperature for
 * every one of them each second (some outside their comfort band, so colours change too). The page
 * records the interval between animation frames for `--duration-s` seconds, and how many marker
 * updates it painted. Reports frame-time p50 / p95 / p99 / max, long frames (> 50 ms), painted
 * updates per second, the JS bundle sizes and the plan's load time. Writes bench/results/ui-*.json.
 */
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import { createJsonLogger, resolveConfig, startPlatform } from '../../packages/server/src/index.js';
import { launchBrowser } from '../../test/support/browser.js';

const { values } = parseArgs({
  options: {
    markers: { type: 'string', default: '5000' },
    'duration-s': { type: 'string', default: '20' },
  },
});
const MARKERS = Number(values.markers);
const DURATION_S = Number(values['duration-s']);
if (!(MARKERS > 0 && MARKERS <= 20_000 && DURATION_S >= 5 && DURATION_S <= 300)) {
  console.error('usage: npm run bench:ui -- [--markers N ≤ 20000] [--duration-s 5…300]');
  process.exit(2);
}
const WEB_DIR = fileURLToPath(new URL('../../packages/web/dist', import.meta.url));
const MODEL = {
  '@context': ['dtmi:dtdl:context;3', 'dtmi:dtdl:extension:quantitativeTypes;1'],
  '@id': 'dtmi:bench:Sensor;1',
  '@type': 'Interface',
  contents: [
    { '@type': ['Telemetry', 'Temperature'], name: 'temperature', schema: 'double', unit: 'degreeCelsius' },
    { '@type': 'Relationship', name: 'contains' },
  ],
};

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
}

async function api(base: string, method: string, path: string, body?: unknown, contentType = 'application/json') {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': contentType },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : ((await response.json()) as unknown);
}

async function bundleSizes(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const name of await readdir(join(WEB_DIR, 'assets'))) {
    if (name.endsWith('.js') || name.endsWith('.css')) out[name] = (await stat(join(WEB_DIR, 'assets', name))).size;
  }
  return out;
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'doppel-bench-ui-'));
  const config = resolveConfig({
    dataDir,
    demo: false,
    simulator: false,
    history: false,
    httpPort: 0,
    mqttPort: 0,
    webDir: WEB_DIR,
  });
  const platform = await startPlatform(
    config,
    createJsonLogger('warn', () => undefined),
  );
  const base = `http://127.0.0.1:${platform.httpPort}`;
  const browser = await launchBrowser();
  let publisher: mqtt.MqttClient | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    await api(base, 'POST', '/models', [MODEL]);
    const ids = Array.from({ length: MARKERS }, (_, i) => `s-${String(i).padStart(5, '0')}`);
    const lines = [
      JSON.stringify({ Section: 'Header' }),
      JSON.stringify({ fileVersion: '1.0.0', author: 'bench', organization: 'doppel' }),
      JSON.stringify({ Section: 'Twins' }),
      JSON.stringify({ $dtId: 'hall', $metadata: { $model: MODEL['@id'] } }),
      ...ids.map((id) => JSON.stringify({ $dtId: id, $metadata: { $model: MODEL['@id'] } })),
    ];
    await api(base, 'POST', '/graph/import', `${lines.join('\n')}\n`, 'application/x-ndjson');
    const columns = Math.ceil(Math.sqrt(MARKERS * 2));
    const width = 200;
    const height = 100;
    const step = width / columns;
    const grid = [...Array(11).keys()].map(
      (i) => `<line x1="${i * 20}" y1="0" x2="${i * 20}" y2="100" stroke="#ccd" stroke-width="0.2"/>`,
    );
    await api(base, 'PUT', '/plans/hall', {
      name: 'Bench hall',
      width,
      height,
      background: {
        kind: 'svg',
        svg: `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}"><rect width="${width}" height="${height}" fill="#f6f4ee" stroke="#222" stroke-width="0.6"/>${grid.join('')}</svg>`,
      },
      placements: ids.map((twinId, i) => ({
        twinId,
        x: step / 2 + (i % columns) * step,
        y: step / 2 + Math.floor(i / columns) * step,
      })),
    });

    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    const loadStarted = Date.now();
    await page.goto(`${base}/#/plans/hall`);
    await page.waitForFunction(
      `(() => { const c = document.querySelector('[data-testid="plan-markers"]'); return c?.dataset.markers === '${MARKERS}' && Number(c.dataset.paints) > 0; })()`,
      undefined,
      {
        timeout: 60_000,
      },
    );
    const planLoadMs = Date.now() - loadStarted;

    // Every sensor gets a new value each second, in 10 slices of 100 ms (as devices would spread).
    publisher = await mqtt.connectAsync(`mqtt://127.0.0.1:${platform.mqttPort}`, { clientId: 'bench-ui' });
    let round = 0;
    let published = 0;
    const client = publisher;
    timer = setInterval(() => {
      const slice = round % 10;
      for (let i = slice; i < MARKERS; i += 10) {
        // Mostly comfortable, every 7th slowly crossing the warning and alarm bands.
        const value = i % 7 === 0 ? 24 + ((round / 10 + i) % 9) : 21 + Math.sin(round / 10 + i) * 1.5;
        void client.publish(
          `twins/${ids[i] as string}/telemetry`,
          JSON.stringify({ temperature: Math.round(value * 100) / 100 }),
          { qos: 0 },
        );
        published++;
      }
      round++;
    }, 100);
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // every marker has a value

    const measured = await page.evaluate<{
      frames: number[];
      paints: number;
      updates: number;
    }>(`new Promise((resolve) => {
      const frames = [];
      const canvas = document.querySelector('[data-testid="plan-markers"]');
      const counts = () => [Number(canvas.dataset.paints), Number(canvas.dataset.updates)];
      const [paints0, updates0] = counts();
      const end = performance.now() + ${DURATION_S * 1000};
      let last = performance.now();
      const frame = (now) => {
        frames.push(now - last);
        last = now;
        if (now < end) requestAnimationFrame(frame);
        else { const [paints, updates] = counts(); resolve({ frames, paints: paints - paints0, updates: updates - updates0 }); }
      };
      requestAnimationFrame(frame);
    })`);
    const sorted = measured.frames.slice(1).sort((a, b) => a - b);
    const figures = {
      markers: MARKERS,
      durationS: DURATION_S,
      planLoadMs,
      publishedPerSecond: published / ((round * 100) / 1_000),
      frames: sorted.length,
      framesPerSecond: sorted.length / DURATION_S,
      frameMs: {
        p50: percentile(sorted, 0.5),
        p95: percentile(sorted, 0.95),
        p99: percentile(sorted, 0.99),
        max: sorted[sorted.length - 1] ?? NaN,
      },
      longFrames: sorted.filter((ms) => ms > 50).length,
      markerRedrawsPerSecond: measured.paints / DURATION_S,
      valueUpdatesPerSecond: measured.updates / DURATION_S,
      bundleBytes: await bundleSizes(),
    };
    console.log(`
floor plan with ${MARKERS.toLocaleString('en')} markers, every value new each second (${Math.round(figures.publishedPerSecond).toLocaleString('en')} msg/s over MQTT)
plan load               ${planLoadMs} ms (page open → all markers drawn)
frames                  ${figures.framesPerSecond.toFixed(1)} per second over ${DURATION_S} s
frame time              p50 ${figures.frameMs.p50.toFixed(1)} ms, p95 ${figures.frameMs.p95.toFixed(1)} ms, p99 ${figures.frameMs.p99.toFixed(1)} ms, max ${figures.frameMs.max.toFixed(1)} ms; ${figures.longFrames} frames over 50 ms
painted                 ${figures.markerRedrawsPerSecond.toFixed(1)} redraws of the marker canvas per second, ${Math.round(figures.valueUpdatesPerSecond).toLocaleString('en')} marker value updates per second
bundle                  ${Object.entries(figures.bundleBytes)
      .map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(1)} KiB`)
      .join(', ')}`);
    await mkdir(new URL('../results/', import.meta.url), { recursive: true });
    const file = new URL(
      `../results/ui-${new Date().toISOString().replaceAll(':', '-').replace('.', '-')}.json`,
      import.meta.url,
    );
    await writeFile(file, JSON.stringify(figures, null, 2));
    console.log(`\nfull figures: ${file.pathname}`);
  } finally {
    if (timer !== undefined) clearInterval(timer);
    await publisher?.endAsync();
    await browser.close();
    await platform.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
