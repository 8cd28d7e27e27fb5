// Floor plans in a real browser against the real platform with the demo plant: live values on
// the markers when a device publishes over MQTT, a sensor turning grey when its publisher stops,
// the heat map, moving a marker in edit mode, and a phone-sized screen. Markers are drawn on a
// canvas: their colours are read from the screen's pixels at each marker's place.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import type { FloorPlan } from '@doppel/protocol';
import { launchBrowser } from '../support/browser.js';
import { colourCounts, decodePng } from '../support/pixels.js';
import { http } from '../support/http.js';
import type { TestPlatform } from '../support/in-process-platform.js';
import { startTestPlatform } from '../support/in-process-platform.js';
import { toolAvailable } from '../support/tools.js';

const WEB_DIR = fileURLToPath(new URL('../../packages/web/dist', import.meta.url));
const SHOTS = fileURLToPath(new URL('./screenshots', import.meta.url));

describe('floor plans', { skip: toolAvailable('chromium') ? false : 'chromium not installed' }, () => {
  let test: TestPlatform;
  let browser: Browser;
  let page: Page;
  let device: mqtt.MqttClient;

  /** Where a twin's marker is on the page: its placement through the plan's SVG transform. */
  const markerPoint = async (spaceId: string, twinId: string, on: Page = page): Promise<{ x: number; y: number }> => {
    const plan = (await http<FloorPlan>(test.baseUrl, 'GET', `/api/v1/plans/${spaceId}`)).body;
    const placement = plan.placements.find((candidate) => candidate.twinId === twinId);
    assert.ok(placement !== undefined, `${twinId} is placed on ${spaceId}`);
    return on.evaluate<{ x: number; y: number }>(`(() => {
      const matrix = document.querySelector('[data-testid="plan-canvas"]').getScreenCTM();
      const point = new DOMPoint(${placement.x}, ${placement.y}).matrixTransform(matrix);
      return { x: point.x, y: point.y };
    })()`);
  };

  /** What a marker shows, from the pixels of a 9 × 9 square at its centre. */
  const markerLook = async (spaceId: string, twinId: string): Promise<string> => {
    const { x, y } = await markerPoint(spaceId, twinId);
    const shot = await page.screenshot({ clip: { x: x - 4, y: y - 4, width: 9, height: 9 } });
    const counts = colourCounts(decodePng(shot));
    if (counts.green >= 40) return 'ok';
    if (counts.yellow >= 40) return 'warn';
    if (counts.red >= 40) return 'alarm';
    // Grey with light stripes, and no status colour at all.
    if (counts.grey >= 15 && counts.light >= 5 && counts.green + counts.yellow + counts.red === 0) return 'stale';
    return `other ${JSON.stringify(counts)}`;
  };

  const waitForLook = async (spaceId: string, twinId: string, look: string, timeoutMs: number): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    let seen = '';
    while (Date.now() < deadline) {
      seen = await markerLook(spaceId, twinId);
      if (seen === look) return;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    assert.fail(`${twinId} should look ${look}, it looks ${seen}`);
  };

  const markersDrawn = (on: Page, atLeast: number) =>
    on.waitForFunction(
      `(() => { const c = document.querySelector('[data-testid="plan-markers"]'); return Number(c?.dataset.markers) >= ${atLeast} && Number(c?.dataset.paints) > 0; })()`,
      undefined,
      { timeout: 10_000 },
    );

  before(async () => {
    assert.ok(existsSync(`${WEB_DIR}/index.html`), 'build the UI first: npm run build');
    test = await startTestPlatform({
      demo: true,
      webDir: WEB_DIR,
      // temp-2-05 reports every 200 ms: silent for 1.2 s, it is stale.
      freshness: { minStaleMs: 0, cadences: [{ twin: 'temp-2-05', path: 'temperature', cadenceMs: 200 }] },
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    device = await mqtt.connectAsync(test.mqttUrl, { clientId: 'e2e-plan-device' });
    await mkdir(SHOTS, { recursive: true });
  });

  after(async () => {
    await device?.endAsync();
    await browser?.close();
    await test?.stop();
  });

  it('shows a floor with its twins, whose values change live when a device publishes', async () => {
    await page.goto(`${test.baseUrl}/#/plans/floor-2`);
    await markersDrawn(page, 30); // the floor's sensors and machines
    await device.publishAsync('twins/temp-2-03/telemetry', JSON.stringify({ temperature: 21.25 }), { qos: 1 });
    await waitForLook('floor-2', 'temp-2-03', 'ok', 5_000);
    // Its value, in the tooltip (labels that would overlap are hidden until one zooms in).
    const point = await markerPoint('floor-2', 'temp-2-03');
    await page.mouse.move(point.x, point.y);
    await page.getByRole('status').filter({ hasText: 'temp-2-03' }).getByText('21.25 °C').waitFor({ timeout: 5_000 });
    await page.mouse.move(5, 5);
    // Too hot for a room: the marker turns red, without a reload.
    await device.publishAsync('twins/temp-2-03/telemetry', JSON.stringify({ temperature: 31.5 }), { qos: 1 });
    await waitForLook('floor-2', 'temp-2-03', 'alarm', 5_000);
    // An alarm is labelled first: its value is written right of the marker (dark text pixels).
    await page.waitForTimeout(1_500); // labels are re-placed at most once a second
    const label = colourCounts(
      decodePng(await page.screenshot({ clip: { x: point.x + 9, y: point.y - 7, width: 50, height: 14 } })),
    );
    assert.ok(label.dark >= 20, `a value label right of the alarm (${label.dark} text pixels)`);
    await page.screenshot({ path: `${SHOTS}/plan-floor-2.png` });
  });

  it('greys out a sensor whose publisher stopped', async () => {
    await device.publishAsync('twins/temp-2-05/telemetry', JSON.stringify({ temperature: 22 }), { qos: 1 });
    await waitForLook('floor-2', 'temp-2-05', 'ok', 5_000);
    // No more updates: the platform marks it stale and the marker turns to the grey hatch.
    await waitForLook('floor-2', 'temp-2-05', 'stale', 8_000);
  });

  it('fills rooms as a heat map of the chosen quantity', async () => {
    await page.getByLabel('Heat map').selectOption('temperature', { timeout: 8_000 });
    // room-2-03 shows its sensor's temperature (the plan is repainted at most 4 times a second).
    await page.waitForFunction(
      `document.querySelector('[data-testid="plan-canvas"] polygon[data-twin="room-2-03"]')?.dataset.heat === '31.50'`,
      undefined,
      { timeout: 5_000 },
    );
    const fill = await page.evaluate<string>(
      `document.querySelector('[data-testid="plan-canvas"] polygon[data-twin="room-2-03"]').style.fill`,
    );
    assert.notEqual(fill, 'transparent');
    await page.screenshot({ path: `${SHOTS}/plan-heat-map.png` });
    await page.getByLabel('Heat map').selectOption('');
  });

  it('moves a marker in edit mode and stores the placement', async () => {
    const before = (await http<FloorPlan>(test.baseUrl, 'GET', '/api/v1/plans/floor-2')).body.placements.find(
      (placement) => placement.twinId === 'hum-2-03',
    );
    assert.ok(before !== undefined);
    await page.getByRole('button', { name: 'Edit placements' }).click();
    const start = await markerPoint('floor-2', 'hum-2-03');
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(start.x + 40, start.y + 25, { steps: 8 });
    await page.mouse.up();
    const moved = await (async () => {
      for (let i = 0; i < 50; i++) {
        const plan = (await http<FloorPlan>(test.baseUrl, 'GET', '/api/v1/plans/floor-2')).body;
        const now = plan.placements.find((placement) => placement.twinId === 'hum-2-03');
        if (now !== undefined && (now.x !== before.x || now.y !== before.y)) return now;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return undefined;
    })();
    assert.ok(moved !== undefined, 'the new placement is stored');
    assert.ok(moved.x > before.x && moved.y > before.y, 'moved right and down, as dragged');
    await page.getByRole('button', { name: 'Done editing' }).click();
  });

  it('opens the detail of a twin clicked on the plan, with a link to the view', async () => {
    const point = await markerPoint('floor-2', 'temp-2-03');
    await page.mouse.click(point.x, point.y);
    await page.waitForURL(/#\/plans\/floor-2\?twin=temp-2-03$/);
    await page
      .getByRole('heading', { name: /temp-2-03|Temperature/ })
      .first()
      .waitFor();
  });

  it('replays the plan over a past range from history, and goes back to live', async () => {
    // temp-2-07's last hour: comfortable, then too hot for a while, then comfortable again.
    const now = Date.now();
    const samples = [
      { ts: now - 50 * 60_000, temperature: 21 },
      { ts: now - 30 * 60_000, temperature: 31 },
      { ts: now - 10 * 60_000, temperature: 22 },
    ];
    await device.publishAsync('twins/temp-2-07/telemetry', JSON.stringify(samples), { qos: 1 });
    for (let i = 0; i < 100; i++) {
      const { body } = await http<{ frames: { timestamps: number[] }[] }>(
        test.baseUrl,
        'GET',
        `/api/v1/digitaltwins/temp-2-07/history?path=temperature&from=${new Date(now - 3_600_000).toISOString()}&to=${new Date(now).toISOString()}`,
      );
      if ((body.frames[0]?.timestamps.length ?? 0) >= 3) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const from = new Date(now - 3_600_000).toISOString();
    const to = new Date(now).toISOString();
    await page.goto(`${test.baseUrl}/#/plans/floor-2?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    await page.getByText(/series, [\d,]+ points/).waitFor({ timeout: 10_000 });
    const status = () => markerLook('floor-2', 'temp-2-07');
    const seek = async (atMs: number): Promise<void> => {
      await page.getByLabel('Replay time').fill(String(Math.round(atMs / 1_000) * 1_000));
      await page.waitForTimeout(400); // the plan is repainted at most 4 times a second
    };
    await seek(now - 30 * 60_000 + 5_000);
    assert.equal(await status(), 'alarm', 'too hot 30 minutes ago');
    await seek(now - 10 * 60_000 + 5_000);
    assert.equal(await status(), 'ok', 'comfortable 10 minutes ago');
    await seek(now - 20 * 60_000);
    assert.equal(await status(), 'stale', 'nothing for 10 minutes: stale then');
    await page.screenshot({ path: `${SHOTS}/plan-replay.png` });
    await page.getByRole('button', { name: 'Back to live' }).click();
    await page.waitForURL(/#\/plans\/floor-2$/);
    await page.getByRole('group', { name: 'Replay' }).waitFor({ state: 'detached' });
  });

  it('fits a phone screen', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(`${test.baseUrl}/#/plans/floor-1`);
    await markersDrawn(phone, 30);
    const overflow = await phone.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    await phone.screenshot({ path: `${SHOTS}/plan-phone.png` });
    await phone.close();
  });
});
