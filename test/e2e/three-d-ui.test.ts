// The 3D view in a real browser (headless Chromium, WebGL through SwiftShader: software) against
// the real platform with the demo plant: the generated scene draws, twins are coloured by the
// plans' rules, a sensor turns red when a device publishes an alarm value over MQTT, and a click
// on it opens its detail. Pixels are read from screenshots (a tiny PNG decoder below).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { demoGeometry } from '@doppel/sim';
import { DEMO_SCENE_PATH, demoSceneGlb } from '../../scripts/gen-demo-scene.js';
import { launchBrowser } from '../support/browser.js';
import type { TestPlatform } from '../support/in-process-platform.js';
import { startTestPlatform } from '../support/in-process-platform.js';
import { toolAvailable } from '../support/tools.js';

const WEB_DIR = fileURLToPath(new URL('../../packages/web/dist', import.meta.url));
const SHOTS = fileURLToPath(new URL('./screenshots', import.meta.url));

interface Pixels {
  readonly width: number;
  readonly height: number;
  /** RGBA, row by row. */
  readonly data: Uint8Array;
}

/** Decodes an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium's screenshots are). */
function decodePng(png: Buffer): Pixels {
  assert.equal(png.readUInt32BE(0), 0x89504e47, 'a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      assert.equal(body[8], 8, 'bit depth 8');
      assert.equal(body[12], 0, 'not interlaced');
      channels = body[9] === 6 ? 4 : body[9] === 2 ? 3 : 0;
      assert.ok(channels > 0, `colour type ${body[9]}`);
    } else if (type === 'IDAT') idat.push(body);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const rows = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const byte = raw[y * (stride + 1) + 1 + x] as number;
      const left = x >= channels ? (rows[y * stride + x - channels] as number) : 0;
      const up = y > 0 ? (rows[(y - 1) * stride + x] as number) : 0;
      const upLeft = y > 0 && x >= channels ? (rows[(y - 1) * stride + x - channels] as number) : 0;
      let value = byte;
      if (filter === 1) value += left;
      else if (filter === 2) value += up;
      else if (filter === 3) value += Math.floor((left + up) / 2);
      else if (filter === 4) {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        value += pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      }
      rows[y * stride + x] = value & 0xff;
    }
  }
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data[i * 4] = rows[i * channels] as number;
    data[i * 4 + 1] = rows[i * channels + 1] as number;
    data[i * 4 + 2] = rows[i * channels + 2] as number;
    data[i * 4 + 3] = channels === 4 ? (rows[i * channels + 3] as number) : 255;
  }
  return { width, height, data };
}

/** Pixel counts of a screenshot: distinct colours (to 4 bits a channel), green and red pixels. */
function census(pixels: Pixels): { colours: number; green: number; red: number } {
  const colours = new Set<number>();
  let green = 0;
  let red = 0;
  for (let i = 0; i < pixels.data.length; i += 4) {
    const [r, g, b] = [pixels.data[i] as number, pixels.data[i + 1] as number, pixels.data[i + 2] as number];
    colours.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
    if (g > r + 50 && g > b + 30) green++;
    if (r > 140 && r > g + 70 && r > b + 70) red++;
  }
  return { colours: colours.size, green, red };
}

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

  it('frees the scene when the view closes', async () => {
    await page.goto(`${test.baseUrl}/#/twins`);
    await page.locator('[data-testid="three-d-canvas"]').waitFor({ state: 'detached' });
  });
});
