// Commands and desired values from the twin's detail panel, in a real browser against the real
// platform with the demo plant (its simulator off): a simulated device (packages/sim
// CommandDevice) that connects late, succeeds one setSpeed and refuses another; a device that
// applies a desired speedSetpoint by reporting it, and refuses one out of range; an API refusal
// shown with its remedy. Screenshots in test/e2e/screenshots/.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import type { Browser, Locator, Page } from 'playwright-core';
import type { CommandView } from '@doppel/protocol';
import { CommandDevice } from '@doppel/sim';
import { launchBrowser } from '../support/browser.js';
import { http } from '../support/http.js';
import type { TestPlatform } from '../support/in-process-platform.js';
import { startTestPlatform } from '../support/in-process-platform.js';
import { toolAvailable } from '../support/tools.js';

const WEB_DIR = fileURLToPath(new URL('../../packages/web/dist', import.meta.url));
const SHOTS = fileURLToPath(new URL('./screenshots', import.meta.url));
const TWIN = 'pump-3';

describe('commands from the UI', { skip: toolAvailable('chromium') ? false : 'chromium not installed' }, () => {
  let test: TestPlatform;
  let browser: Browser;
  let page: Page;
  const devices: CommandDevice[] = [];
  const clients: mqtt.MqttClient[] = [];
  const setSpeed = (): Locator => page.locator('li[data-command="setSpeed"]');
  const setpoint = (): Locator => page.locator('li[data-property="speedSetpoint"]');
  const statusOf = (scope: Locator, status: string): Locator => scope.locator(`[data-status="${status}"]`);

  before(async () => {
    assert.ok(existsSync(`${WEB_DIR}/index.html`), 'build the UI first: npm run build');
    test = await startTestPlatform({ demo: true, webDir: WEB_DIR });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await mkdir(SHOTS, { recursive: true });
    await page.goto(`${test.baseUrl}/#/twins/${TWIN}`);
    await page.getByRole('heading', { name: 'Pump 3' }).waitFor();
    await page.getByRole('region', { name: 'Commands', exact: true }).waitFor();
  });

  after(async () => {
    for (const device of devices) await device.stop();
    for (const client of clients) await client.endAsync();
    await browser?.close();
    await test?.stop();
  });

  it('sends setSpeed: pending while no device is there, succeeded with the response once one connects', async () => {
    await setSpeed().getByLabel('Set speed: Speed').fill('40');
    await setSpeed().getByRole('button', { name: 'Send' }).click();
    // No device subscribed to the pump's commands yet: the platform holds it pending.
    await statusOf(setSpeed(), 'pending').waitFor({ timeout: 5_000 });
    const correlationId = await setSpeed().locator('code').innerText();
    assert.ok(correlationId.length > 0, 'the correlation id is shown');
    await setSpeed().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/commands-pending.png` });

    devices.push(
      await CommandDevice.start({
        mqttUrl: test.mqttUrl,
        clientId: 'e2e-pump-3-drive',
        twinIds: [TWIN],
        // Speeds out of 0-100 are refused; the others acknowledged, then done.
        behaviour: (_twin, _name, request) =>
          typeof request === 'number' && request >= 0 && request <= 100 ? 'ack-then-succeed' : 'reject',
        delayMs: 300,
        respond: (_name, request) => ({ accepted: true, speedPercent: request }),
      }),
    );
    await statusOf(setSpeed(), 'succeeded').waitFor({ timeout: 10_000 });
    assert.equal(await setSpeed().getByTestId('command-outcome').innerText(), '{"accepted":true,"speedPercent":40}');
    assert.equal(await setSpeed().locator('code').innerText(), correlationId, 'the same command, followed live');
    const { body } = await http<CommandView>(test.baseUrl, 'GET', `/api/v1/commands/${correlationId}`);
    assert.equal(body.status, 'succeeded');
    assert.ok(body.statusTimesMs.acknowledged !== undefined, 'it went through acknowledged');
    await setSpeed().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/commands-succeeded.png` });
  });

  it('shows a refused command as failed with the device error', async () => {
    await setSpeed().getByLabel('Set speed: Speed').fill('150');
    await setSpeed().getByRole('button', { name: 'Send' }).click();
    await statusOf(setSpeed(), 'failed').waitFor({ timeout: 10_000 });
    assert.equal(
      await setSpeed().getByTestId('command-outcome').innerText(),
      'setSpeed: rejected by the simulated device',
    );
  });

  it('checks the request before sending it', async () => {
    await setSpeed().getByLabel('Set speed: Speed').fill('fast');
    await setSpeed().getByText('"fast" is not a number.').waitFor();
    await setSpeed().getByRole('button', { name: 'Send' }).click();
    const { body } = await http<{ value: CommandView[] }>(test.baseUrl, 'GET', `/api/v1/digitaltwins/${TWIN}/commands`);
    assert.equal(body.value.length, 2, 'nothing was sent');
  });

  it('shows an API refusal with what to do about it', async () => {
    await page.route('**/api/v1/digitaltwins/pump-3/commands/setSpeed', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          type: 'about:blank',
          title: 'Command queue full',
          status: 503,
          code: 'command.queue-full',
          detail: '10000 commands are unfinished; no more are taken until some finish',
          remedy: 'Wait for devices to answer, or cancel pending commands.',
        }),
      }),
    );
    await setSpeed().getByLabel('Set speed: Speed').fill('20');
    await setSpeed().getByRole('button', { name: 'Send' }).click();
    await setSpeed().getByRole('alert').getByText('Wait for devices to answer').waitFor({ timeout: 5_000 });
    await page.unroute('**/api/v1/digitaltwins/pump-3/commands/setSpeed');
    await setSpeed().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/commands-refused.png` });
  });

  it('sets speedSetpoint: the desired value pending beside the reported one, then confirmed as it converges', async () => {
    // A drive that applies a desired speed a little later by reporting it, and refuses one out of range.
    const drive = await mqtt.connectAsync(test.mqttUrl, { clientId: 'e2e-pump-3-properties' });
    clients.push(drive);
    await drive.subscribeAsync(`twins/${TWIN}/properties/desired`, { qos: 1 });
    drive.on('message', (_topic, payload) => {
      const { correlationId, request } = JSON.parse(payload.toString()) as { correlationId: string; request: number };
      setTimeout(() => {
        if (request >= 0 && request <= 100) {
          void drive.publishAsync(`twins/${TWIN}/properties/reported`, JSON.stringify({ speedSetpoint: request }), {
            qos: 1,
          });
        } else {
          const answer = { correlationId, status: 'failed', error: 'speed out of range' };
          void drive.publishAsync(`twins/${TWIN}/properties/desired/response`, JSON.stringify(answer), { qos: 1 });
        }
      }, 800);
    });

    assert.equal(await setpoint().getByTestId('reported-value').innerText(), '85', 'the demo twin document');
    await setpoint().getByLabel('Speed setpoint: desired value').fill('40');
    await setpoint().getByRole('button', { name: 'Set' }).click();
    const desired = setpoint().getByTestId('desired-value');
    await setpoint().locator('[data-testid="desired-value"][data-phase="pending"]').waitFor({ timeout: 5_000 });
    assert.equal(await setpoint().getByTestId('reported-value').innerText(), '85', 'the old value stands meanwhile');
    await setpoint().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/desired-pending.png` });
    await setpoint().locator('[data-testid="desired-value"][data-phase="confirmed"]').waitFor({ timeout: 10_000 });
    await setpoint().getByTestId('reported-value').getByText('40').waitFor({ timeout: 5_000 });
    assert.ok(/confirmed/.test(await desired.innerText()));
    await setpoint().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/desired-confirmed.png` });
  });

  it('rolls a desired value the device refuses back visibly, the reported one unchanged', async () => {
    await setpoint().getByLabel('Speed setpoint: desired value').fill('150');
    await setpoint().getByRole('button', { name: 'Set' }).click();
    await setpoint().locator('[data-testid="desired-value"][data-phase="rolled-back"]').waitFor({ timeout: 10_000 });
    const text = await setpoint().getByTestId('desired-value').innerText();
    assert.ok(/not applied: failed: speed out of range/.test(text), text);
    assert.equal(await setpoint().getByTestId('reported-value').innerText(), '40');
    await setpoint().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/desired-rolled-back.png` });
  });

  it('lists recent commands newest first, with who asked and the outcome, updated live', async () => {
    const recent = page.getByRole('region', { name: 'Recent commands' });
    const rows = recent.locator('tbody tr');
    assert.equal(await rows.count(), 4);
    const first = await rows.nth(0).innerText();
    assert.ok(/speedSetpoint/.test(first) && /failed/.test(first) && /speed out of range/.test(first), first);
    assert.ok(/setSpeed/.test(await rows.nth(3).innerText()));
    assert.ok(/127\.0\.0\.1 \(REST\)/.test(first), 'who asked');

    // A command from someone else (REST, not this page) appears and progresses live.
    const other = await http<CommandView>(test.baseUrl, 'POST', `/api/v1/digitaltwins/${TWIN}/commands/setSpeed`, {
      request: 55,
    });
    await recent
      .locator(`tr[data-command-id="${other.body.id}"] [data-status="succeeded"]`)
      .waitFor({ timeout: 10_000 });
    assert.equal(await rows.count(), 5);
    await recent.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/commands-recent.png` });
  });
});
