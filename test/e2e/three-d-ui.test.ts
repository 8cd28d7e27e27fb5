// The 3D view in a real browser (headless Chromium, WebGL through SwiftShader: software) against
// the real platform with the demo plant: the generated scene draws, twins are coloured by the
// plans' rules, a sensor turns red when a device publishes an alarm value over MQTT, and a click
// on it opens its detail. Pixels are read from screenshots (test/support/pixels.ts).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { demoGeometry } from '@doppel/sim';
import { DEMO_SCENE_PATH, demoSceneGlb } from '../../scripts/gen-demo-scene.js';
import { launchBrowser } from '../support/browser.js';
import { census, decodePng } from '../support/pixels.js';
import type { TestPlatform } from '../support/in-process-platform.js';
import { startTestPlatform } from '../support/in-process-platform.js';
import { toolAvailable } from '../support/tools.js';

const WEB_DIR = fileURLToPath(new URL('../../packages/web/dist', import.meta.url));
const SHOTS = fileURLToPath(new URL('./screenshots', import.meta.url));

describe('3D view', { skip: toolAvailable('chromium') ? false : 'chromium not installed' }, () => {
  let test: TestPlatform;
  let browser: Browser;
  let page: Page;
  let device: mqtt.MqttClient;
  const canvasPixels = async () => census(decodePng(await page.locator('[data-testid="three-d-canvas"]').screenshot()));
  const waitReady = () =>
    page.locator('[data-testid="three-d"][data-state="ready"]').waitFor({ state: 'attached', timeout: 20_000 });

  before(async () => {
    assert.ok(existsSync(`${WEB_DIR}/index.html`), 'build the UI first: npm run build');
    test = await startTestPlatform({ demo: true, webDir: WEB_DIR });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    device = await mqtt.connectAsync(test.mqttUrl, { clientId: 'e2e-3d-device' });
    await mkdir(SHOTS, { recursive: true });
  });

  after(async () => {
    await device?.endAsync();
    await browser?.close();
    await test?.stop();
  });

  it('has the committed demo scene up to date with the demo geometry', () => {
    assert.ok(
      Buffer.from(demoSceneGlb()).equals(readFileSync(DEMO_SCENE_PATH)),
      'regenerate it: node --conditions=source --import tsx scripts/gen-demo-scene.ts',
    );
  });

  it('draws the site from the generated scene, its twins in the plans colours', async (t) => {
    await page.goto(`${test.baseUrl}/#/3d`);
    await waitReady();
    // The top floor's temperature sensors report: their pucks turn green (statuses are painted
    // 4 times a second); the others stay pale (no data).
    const top = demoGeometry().floors.at(-1);
    const sensors = (top?.equipment ?? []).filter((item) => item.modelId.includes('TemperatureSensor'));
    assert.ok(sensors.length > 5);
    for (const sensor of sensors) {
      await device.publishAsync(`twins/${sensor.id}/telemetry`, JSON.stringify({ temperature: 21.5 }), { qos: 1 });
    }
    await page.locator('[data-testid="plan-legend"] [data-status="ok"] strong').filter({ hasNotText: /^0$/ }).waitFor();
    await page.waitForTimeout(500);
    const pixels = await canvasPixels();
    assert.ok(pixels.colours >= 20, `a drawn scene, not a blank canvas (${pixels.colours} colours)`);
    assert.ok(pixels.green >= 50, `green sensors (${pixels.green} pixels)`);
    await page.screenshot({ path: `${SHOTS}/3d-site.png` });

    // Orbit for a second: the overlay counts the frames drawn meanwhile.
    const box = await page.locator('[data-testid="three-d-canvas"]').boundingBox();
    assert.ok(box !== null);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    const started = Date.now();
    for (let step = 0; Date.now() - started < 2_000; step++) {
      await page.mouse.move(box.x + box.width / 2 + (step % 100) * 3, box.y + box.height / 2 + (step % 100), {
        steps: 1,
      });
    }
    // The overlay's figures are refreshed twice a second: read while still dragging.
    const fps = await page.locator('[data-testid="three-d-stats"]').getAttribute('data-fps');
    await page.mouse.up();
    t.diagnostic(`frames drawn in the last second while orbiting (headless, SwiftShader): ${String(fps)}`);
    const drawCalls = Number(await page.locator('[data-testid="three-d-stats"]').getAttribute('data-draw-calls'));
    assert.ok(drawCalls > 10, `the overlay counts draw calls (${drawCalls})`);
    await page.getByRole('button', { name: 'Show all' }).click();
  });

  it('turns a sensor red when it reports an alarm value, and opens its detail when clicked', async () => {
    await device.publishAsync('twins/temp-2-03/telemetry', JSON.stringify({ temperature: 21.25 }), { qos: 1 });
    // Selected from the URL: the camera flies to it (centred) and lifts off the floor above.
    await page.goto(`${test.baseUrl}/#/3d?twin=temp-2-03`);
    await waitReady();
    await page.getByRole('region', { name: 'Twin detail' }).getByText('temp-2-03').waitFor();
    assert.equal(await page.getByLabel('Floors').inputValue(), '2', 'floor 3 lifted off');
    await page.waitForTimeout(1_200);
    // Deselect, the camera staying where it is.
    await page.evaluate(`window.location.hash = '#/3d'`);
    await page.waitForTimeout(500);
    const before = await canvasPixels();

    await device.publishAsync('twins/temp-2-03/telemetry', JSON.stringify({ temperature: 31.5 }), { qos: 1 });
    let after = before;
    for (let attempt = 0; attempt < 20 && after.red < before.red + 100; attempt++) {
      await page.waitForTimeout(250);
      after = await canvasPixels();
    }
    assert.ok(after.red >= before.red + 100, `more red pixels after the alarm: ${before.red} → ${after.red}`);
    await page.screenshot({ path: `${SHOTS}/3d-alarm.png` });

    // A click on the sensor (centred by the flight) selects it: the URL and the detail panel.
    const box = await page.locator('[data-testid="three-d-canvas"]').boundingBox();
    assert.ok(box !== null);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForFunction(`window.location.hash === '#/3d?twin=temp-2-03'`, undefined, { timeout: 5_000 });
    const panel = page.getByRole('region', { name: 'Twin detail' });
    await panel.getByText('temp-2-03').waitFor();
    await panel.getByText('31.50').first().waitFor();
    await page.screenshot({ path: `${SHOTS}/3d-selected.png` });
  });

  it('replays the scene over a past range from history, opened from its URL', async () => {
    // temp-2-04's last hour: comfortable, then too hot for a while, then comfortable again.
    const now = Date.now();
    const samples = [
      { ts: now - 50 * 60_000, temperature: 21 },
      { ts: now - 30 * 60_000, temperature: 31 },
      { ts: now - 10 * 60_000, temperature: 22 },
    ];
    await device.publishAsync('twins/temp-2-04/telemetry', JSON.stringify(samples), { qos: 1 });
    const from = new Date(now - 3_600_000).toISOString();
    const to = new Date(now).toISOString();
    for (let i = 0; i < 100; i++) {
      const response = await fetch(
        `${test.baseUrl}/api/v1/digitaltwins/temp-2-04/history?path=temperature&from=${from}&to=${to}`,
      );
      const body = (await response.json()) as { frames: { timestamps: number[] }[] };
      if ((body.frames[0]?.timestamps.length ?? 0) >= 3) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // A fresh page: the replay waits for the twins' live state (their models) before fetching.
    const replayPage = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await replayPage.goto(
        `${test.baseUrl}/#/3d?twin=temp-2-04&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      );
      await replayPage.locator('[data-testid="three-d"][data-state="ready"]').waitFor({ state: 'attached' });
      await replayPage.getByText(/series, [\d,]+ points/).waitFor({ timeout: 10_000 });
      await replayPage.waitForTimeout(1_500); // the flight to the selected sensor
      const alarms = () => replayPage.locator('[data-testid="plan-legend"] [data-status="alarm"] strong').textContent();
      const red = async () =>
        census(decodePng(await replayPage.locator('[data-testid="three-d-canvas"]').screenshot())).red;
      const seek = async (atMs: number): Promise<void> => {
        await replayPage.getByLabel('Replay time').fill(String(Math.round(atMs / 1_000) * 1_000));
        await replayPage.waitForTimeout(600); // statuses are worked out 4 times a second
      };
      await seek(now - 30 * 60_000 + 5_000);
      assert.equal(await alarms(), '1', 'too hot 30 minutes ago');
      const redInAlarm = await red();
      await replayPage.screenshot({ path: `${SHOTS}/3d-replay.png` });
      await seek(now - 10 * 60_000 + 5_000);
      assert.equal(await alarms(), '0', 'comfortable 10 minutes ago');
      const redAfter = await red();
      assert.ok(redInAlarm >= redAfter + 100, `the sensor red in the past alarm only: ${redInAlarm} → ${redAfter}`);
      await replayPage.getByRole('button', { name: 'Back to live' }).click();
      await replayPage.waitForFunction(`window.location.hash === '#/3d?twin=temp-2-04'`);
      await replayPage.getByRole('group', { name: 'Replay' }).waitFor({ state: 'detached' });
    } finally {
      await replayPage.close();
    }
  });

  it('frees the scene when the view closes', async () => {
    await page.goto(`${test.baseUrl}/#/twins`);
    await page.locator('[data-testid="three-d-canvas"]').waitFor({ state: 'detached' });
  });
});
