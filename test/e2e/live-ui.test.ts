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
