// Alerts in a real browser against the real platform with the demo plant and its alert rules: a
// device publishes a room temperature that is too hot over MQTT, the alert shows in the header's
// count, on the alerts page and in the twin's detail; an operator acknowledges it; the value comes
// back and the rule clears it.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import type { AlertView } from '@doppel/protocol';
import { launchBrowser } from '../support/browser.js';
import { http } from '../support/http.js';
import type { TestPlatform } from '../support/in-process-platform.js';
import { startTestPlatform } from '../support/in-process-platform.js';
import { toolAvailable } from '../support/tools.js';

const WEB_DIR = fileURLToPath(new URL('../../packages/web/dist', import.meta.url));
const SHOTS = fileURLToPath(new URL('./screenshots', import.meta.url));

describe('alerts', { skip: toolAvailable('chromium') ? false : 'chromium not installed' }, () => {
  let test: TestPlatform;
  let browser: Browser;
  let page: Page;
  let device: mqtt.MqttClient;

  before(async () => {
    assert.ok(existsSync(`${WEB_DIR}/index.html`), 'build the UI first: npm run build');
    test = await startTestPlatform({ demo: true, webDir: WEB_DIR });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    device = await mqtt.connectAsync(test.mqttUrl, { clientId: 'e2e-alerts-device' });
    await mkdir(SHOTS, { recursive: true });
  });

  after(async () => {
    await device?.endAsync();
    await browser?.close();
    await test?.stop();
  });

  it('shows a new alert live, lets an operator acknowledge it, and clears it when the value recovers', async () => {
    await page.goto(`${test.baseUrl}/#/alerts`);
    await page.getByRole('heading', { name: 'Alerts', exact: true }).waitFor();
    await device.publishAsync('twins/temp-2-03/telemetry', JSON.stringify({ temperature: 31.5 }), { qos: 1 });

    // Live, without a reload: the open alerts table and the header's count.
    const open = page.getByRole('region', { name: 'Open alerts' });
    const row = open.locator('tr', { hasText: 'temp-2-03' }).filter({ hasText: 'Room too hot' });
    await row.waitFor({ timeout: 5_000 });
    await row.getByText('temperature 31.5 > 30').waitFor();
    const count = page.getByRole('navigation', { name: 'Sections' }).getByLabel(/\d+ open/);
    assert.ok(Number(await count.textContent()) >= 1);
    await page.screenshot({ path: `${SHOTS}/alerts.png` });

    await row.getByRole('button', { name: /^Acknowledge Room too hot/ }).click();
    await row.getByText('Acknowledged').waitFor();
    const stored = (
      await http<{ value: AlertView[] }>(test.baseUrl, 'GET', '/api/v1/alerts?twinId=temp-2-03&status=open')
    ).body.value.find((alert) => alert.ruleId === 'room-too-hot');
    assert.equal(stored?.status, 'acknowledged');
    assert.match(stored?.acknowledgedBy ?? '', /^http:/);

    // The twin's detail lists it too.
    await row.getByRole('button', { name: 'temp-2-03', exact: true }).click();
    await page.waitForURL(/#\/alerts\?twin=temp-2-03$/);
    const detail = page.getByRole('region', { name: 'Twin detail' });
    await detail.getByRole('region', { name: 'Alerts' }).getByText('Room too hot').waitFor();
    await page.screenshot({ path: `${SHOTS}/alerts-detail.png` });

    // Comfortable again: the rule clears it (below 30 − 0.5 hysteresis), live.
    await device.publishAsync('twins/temp-2-03/telemetry', JSON.stringify({ temperature: 21 }), { qos: 1 });
    await page
      .getByRole('region', { name: 'Cleared alerts' })
      .locator('tr', { hasText: 'temp-2-03' })
      .filter({ hasText: 'Room too hot' })
      .waitFor({ timeout: 5_000 });
    assert.equal(await open.locator('tr', { hasText: 'temp-2-03' }).filter({ hasText: 'Room too hot' }).count(), 0);
    // The detectors' scores against labels are on the same page (none labelled yet: no precision).
    const detectors = page.getByRole('region', { name: 'Anomaly detectors' });
    await detectors.locator('tr[data-detector="spike"]').waitFor();
    assert.deepEqual(await detectors.locator('tr[data-detector="stuck"] td').allTextContents(), [
      'stuck',
      '0',
      '0',
      '0',
      '0',
      '—',
      '—',
    ]);
  });
});
