// The web UI in a real browser against the real platform: the twin tree from the graph, the
// detail panel, and a value published over MQTT appearing without a reload.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { http } from '../support/http.js';
import { decodePng } from '../support/pixels.js';
import type { TestPlatform } from '../support/in-process-platform.js';
import { startTestPlatform } from '../support/in-process-platform.js';
import { toolAvailable } from '../support/tools.js';

const WEB_DIR = fileURLToPath(new URL('../../packages/web/dist', import.meta.url));
const SHOTS = fileURLToPath(new URL('./screenshots', import.meta.url));

describe('operator UI', { skip: toolAvailable('chromium') ? false : 'chromium not installed' }, () => {
  let test: TestPlatform;
  let browser: Browser;
  let page: Page;

  before(async () => {
    assert.ok(existsSync(`${WEB_DIR}/index.html`), 'build the UI first: npm run build');
    test = await startTestPlatform({ demo: true, webDir: WEB_DIR });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await mkdir(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await test?.stop();
  });

  it('shows the twin tree from the graph and expands it lazily', async () => {
    await page.goto(`${test.baseUrl}/`);
    const root = page.getByRole('treeitem', { name: /Demo Plant/ });
    await root.waitFor();
    await root.getByRole('button', { name: 'Expand' }).click();
    await page.getByRole('treeitem', { name: /Floor 1/ }).waitFor();
    assert.equal(await page.getByRole('treeitem').count(), 4);
  });

  it('finds any twin by id or name on the server, within a model, and opens it', async () => {
    await page.goto(`${test.baseUrl}/#/twins`);
    await page.getByLabel('Filter twins').fill('chiller');
    const results = page.getByRole('region', { name: 'Search results' });
    await results.getByText('Power meter of chiller 2').waitFor({ timeout: 5_000 });
    assert.equal(await results.getByRole('button').count(), 6, 'chillers, their vibration sensors and meters');
    await page.getByLabel('Only twins of a model').selectOption({ label: 'Chiller' });
    await results.getByText('All twins: 2').waitFor({ timeout: 5_000 });
    await results.getByRole('button', { name: /Chiller 2/ }).click();
    await page.waitForURL(/#\/twins\/chiller-2$/);
    await page.getByLabel('Filter twins').fill('');
  });

  it('shows a twin and updates its value live when a device publishes', async () => {
    await page.goto(`${test.baseUrl}/#/twins/pump-7`);
    await page.getByRole('heading', { name: 'Pump 7' }).waitFor();
    const device = await mqtt.connectAsync(test.mqttUrl, { clientId: 'e2e-device' });
    await device.publishAsync('twins/pump-7/telemetry', JSON.stringify({ flowRate: 77.25, pressure: 3.1 }), { qos: 1 });
    await page.getByText('77.25').waitFor({ timeout: 5_000 });
    await page.getByText('e2e-device').first().waitFor();
    // A second value replaces it without a reload.
    await device.publishAsync('twins/pump-7/telemetry', JSON.stringify({ flowRate: 81.5 }), { qos: 1 });
    await page.getByText('81.50').waitFor({ timeout: 5_000 });
    await device.endAsync();
    await page.screenshot({ path: `${SHOTS}/pump-7.png` });
  });

  it("charts a twin's history in its detail, from the history API", async () => {
    // The last 50 minutes of pump-8's flow: 10, 11, … 19, one value every 5 minutes.
    const now = Date.now();
    const samples = Array.from({ length: 10 }, (_, i) => ({ ts: now - (50 - i * 5) * 60_000, flowRate: 10 + i }));
    const device = await mqtt.connectAsync(test.mqttUrl, { clientId: 'e2e-history-device' });
    await device.publishAsync('twins/pump-8/telemetry', JSON.stringify(samples), { qos: 1 });
    await device.endAsync();
    for (let i = 0; i < 100; i++) {
      const status = (await http<{ lagRecords: number }>(test.baseUrl, 'GET', '/api/v1/history/status')).body;
      if (status.lagRecords === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await page.goto(`${test.baseUrl}/#/twins/pump-8`);
    const chart = page.getByRole('region', { name: 'History of pump-8' });
    await chart.getByRole('img', { name: /History chart of .*flowRate/ }).waitFor();
    // The legend shows the newest point, and the line is drawn in the first series' blue.
    const legend = chart.getByRole('list', { name: 'Legend' });
    await legend.locator('li', { hasText: 'flowRate' }).getByText('19').waitFor({ timeout: 10_000 });
    await page.waitForTimeout(300);
    const pixels = decodePng(await chart.getByRole('img', { name: /History chart/ }).screenshot());
    let blue = 0;
    for (let i = 0; i < pixels.data.length; i += 4) {
      const [r, g, b] = [pixels.data[i] as number, pixels.data[i + 1] as number, pixels.data[i + 2] as number];
      if (b > r + 60 && b > g + 30) blue++;
    }
    assert.ok(blue >= 100, `a drawn line (${blue} blue pixels)`);
    assert.equal(await chart.getByText('No history in this range').count(), 0);
    await page.screenshot({ path: `${SHOTS}/pump-8-history.png` });
  });

  it('shows the ingest counters in the footer', async () => {
    const footer = page.locator('footer');
    await footer.getByText('Received').waitFor();
    const text = await footer.innerText();
    assert.match(text, /Twins\s+203/);
    assert.match(text, /Dead-lettered\s+0/);
  });

  it('switches to the dark theme and keeps the choice across a reload', async () => {
    await page.goto(`${test.baseUrl}/#/twins/pump-7`);
    await page.getByRole('button', { name: /^System theme/ }).click();
    await page.getByRole('button', { name: /^Light theme/ }).click();
    assert.equal(await page.evaluate<string>('document.documentElement.dataset.theme'), 'dark');
    const background = await page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    assert.equal(background, 'rgb(17, 20, 24)', 'the dark tokens apply');
    await page.reload();
    await page.getByRole('button', { name: /^Dark theme/ }).waitFor();
    assert.equal(await page.evaluate<string>('document.documentElement.dataset.theme'), 'dark');
    await page.screenshot({ path: `${SHOTS}/pump-7-dark.png` });
    await page.getByRole('button', { name: /^Dark theme/ }).click(); // back to the system's
  });

  it('fits a phone screen', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(`${test.baseUrl}/#/twins/pump-7`);
    await phone.getByRole('heading', { name: 'Pump 7' }).waitFor();
    // Evaluated in the page: a string keeps DOM types out of this Node-typed test.
    const overflow = await phone.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    await phone.screenshot({ path: `${SHOTS}/pump-7-phone.png` });
    await phone.close();
  });
});
