// Issue 8's intelligence in a real browser against the real platform: a pump model extending the
// built-in BearingMonitor, its derived condition values (health index, remaining useful life)
// posted as telemetry and shown in the twin's Condition section, live and charted with the p10–p90
// band, and a failure recorded there against which the Alerts page checks a prediction; an anomaly model trained from the twin's detail on history posted beforehand (a window
// without data first: the server's detail is shown), its alert labelled real from the detail and
// counted on the Alerts page; and the Models page: ONNX versions uploaded from the browser, a
// binding with a shadow version created with the form, its comparison, promotion and a refused
// delete; and the phone width.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { linearModel } from '../../packages/server/src/analytics/onnx/onnx-writer.js';
import { launchBrowser } from '../support/browser.js';
import { http, waitFor } from '../support/http.js';
import type { TestPlatform } from '../support/in-process-platform.js';
import { startTestPlatform } from '../support/in-process-platform.js';
import { decodePng } from '../support/pixels.js';
import { toolAvailable } from '../support/tools.js';

const WEB_DIR = fileURLToPath(new URL('../../packages/web/dist', import.meta.url));
const SHOTS = fileURLToPath(new URL('./screenshots', import.meta.url));
const MODEL_ID = 'dtmi:test:WatchedPump;1';
const PUMP = {
  '@context': 'dtmi:dtdl:context;3',
  '@id': MODEL_ID,
  '@type': 'Interface',
  displayName: 'Watched pump',
  extends: 'dtmi:doppel:analytics:BearingMonitor;1',
  contents: [
    { '@type': 'Telemetry', name: 'flowRate', displayName: 'Flow rate', schema: 'double' },
    { '@type': 'Telemetry', name: 'pressure', displayName: 'Pressure', schema: 'double' },
    { '@type': 'Telemetry', name: 'power', displayName: 'Power', schema: 'double' },
    { '@type': 'Telemetry', name: 'anomalyScore', displayName: 'Anomaly score', schema: 'double' },
    { '@type': 'Telemetry', name: 'predictedPower', displayName: 'Predicted power', schema: 'double' },
    { '@type': 'Telemetry', name: 'predictedPowerV2', displayName: 'Predicted power v2', schema: 'double' },
  ],
};
const HOUR_MS = 3_600_000;

describe('intelligence in the UI', { skip: toolAvailable('chromium') ? false : 'chromium not installed' }, () => {
  let test: TestPlatform;
  let browser: Browser;
  let page: Page;
  const nowMs = Date.now();
  /** Posts telemetry; a 503 (the event-loop-lag alarm: this process also decodes screenshots) is retried, as clients must. */
  const post = async (twinId: string, body: unknown): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      const answer = await http(test.baseUrl, 'POST', `/api/v1/digitaltwins/${twinId}/telemetry`, body);
      if (answer.status === 503 && attempt < 20) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        continue;
      }
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return;
    }
  };
  const historyCaughtUp = () =>
    waitFor(
      async () => {
        const { body } = await http<{ lagRecords: number }>(test.baseUrl, 'GET', '/api/v1/history/status');
        return body.lagRecords === 0 ? true : undefined;
      },
      15_000,
      'history caught up',
    );

  before(async () => {
    assert.ok(existsSync(`${WEB_DIR}/index.html`), 'build the UI first: npm run build');
    test = await startTestPlatform({ history: true, webDir: WEB_DIR });
    assert.equal((await http(test.baseUrl, 'POST', '/api/v1/models', [PUMP])).status, 201);
    for (const id of ['pump-a', 'pump-b'])
      assert.equal(
        (await http(test.baseUrl, 'PUT', `/api/v1/digitaltwins/${id}`, { $metadata: { $model: MODEL_ID } })).status,
        200,
      );
    // pump-a: a day of condition readings, a bearing wearing out (what the platform derives from waveforms).
    const readings = Array.from({ length: 49 }, (_, k) => {
      const life = k / 48;
      const p50 = Math.round(120 - 79 * life);
      return {
        ts: nowMs - 24 * HOUR_MS + k * 30 * 60_000,
        healthIndex: Math.round((0.95 - 0.33 * life) * 1000) / 1000,
        rulP10Hours: k === 48 ? 30 : Math.round(p50 * 0.72),
        rulP50Hours: p50,
        rulP90Hours: k === 48 ? 55 : Math.round(p50 * 1.35),
      };
    });
    await post('pump-a', readings);
    // pump-b: five minutes of normal operation at 1 Hz (flow, and pressure and power that follow it).
    const rows = Array.from({ length: 300 }, (_, k) => {
      const flow = 50 + 4 * Math.sin(k / 7) + (((k * 7919) % 13) - 6) / 10;
      return {
        ts: nowMs - (300 - k) * 1_000,
        flowRate: Math.round(flow * 100) / 100,
        pressure: Math.round((2 + flow * 0.02) * 1000) / 1000,
        power: Math.round((5 + flow * 0.1) * 100) / 100,
      };
    });
    await post('pump-b', rows);
    await historyCaughtUp();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await mkdir(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await test?.stop();
  });

  it('shows a bearing’s health index and remaining useful life with its band, live and charted', async () => {
    await page.goto(`${test.baseUrl}/#/twins/pump-a`);
    const condition = page
      .getByRole('region', { name: 'Twin detail' })
      .getByRole('region', { name: 'Condition', exact: true });
    await condition.getByTestId('rul').filter({ hasText: 'RUL 41 h (p10 30 h – p90 55 h)' }).waitFor();
    assert.equal(await condition.getByTestId('health-index').textContent(), '0.62');
    assert.equal(
      await condition.getByRole('meter', { name: 'Health index' }).getAttribute('aria-valuetext'),
      '0.62, fair',
    );

    // The chart: the last 24 h, the median and its band, the health index on its own axis.
    const legend = condition.getByRole('list', { name: 'Legend' });
    await legend.getByText('RUL median').waitFor();
    await condition.getByRole('button', { name: '24 h' }).and(page.locator('[aria-pressed="true"]')).waitFor();
    await waitFor(async () => ((await legend.textContent()) ?? '').includes('41') || undefined, 10_000, 'the chart');
    await condition
      .getByRole('img', { name: /History chart of rulP50Hours, rulP10Hours, rulP90Hours, healthIndex/ })
      .waitFor();
    const plot = condition.locator('canvas').first();
    await plot.scrollIntoViewIfNeeded();
    const pixels = decodePng(await plot.screenshot());
    // The p10–p90 band: the accent blue at 16 % over white (#2563eb → about rgb(220, 230, 252)).
    let band = 0;
    for (let i = 0; i < pixels.data.length; i += 4) {
      const [r, g, b] = [pixels.data[i]!, pixels.data[i + 1]!, pixels.data[i + 2]!];
      if (b > 240 && r >= 205 && r <= 232 && g >= 218 && g <= 240) band++;
    }
    assert.ok(band > 2_000, `the band is filled (${band} pixels)`);
    await page.screenshot({ path: `${SHOTS}/condition.png` });

    // A new reading arrives live: worn now.
    await post('pump-a', { healthIndex: 0.31, rulP10Hours: 6.2, rulP50Hours: 9.6, rulP90Hours: 14 });
    await condition.getByTestId('rul').filter({ hasText: 'RUL 9.6 h (p10 6.2 h – p90 14 h)' }).waitFor();
    assert.equal(
      await condition.getByRole('meter', { name: 'Health index' }).getAttribute('aria-valuetext'),
      '0.31, poor',
    );
  });

  it('records a failure in the Condition section, and the Alerts page checks the prediction against it', async () => {
    const rule = await http(test.baseUrl, 'PUT', '/api/v1/alert-rules/rul-low', {
      name: 'Bearing fails within 12 h',
      severity: 'major',
      models: [MODEL_ID],
      condition: { path: 'rulP10Hours', below: 12 },
    });
    assert.equal(rule.status, 200, JSON.stringify(rule.body));
    await post('pump-a', { healthIndex: 0.28, rulP10Hours: 5, rulP50Hours: 8, rulP90Hours: 12 });
    await waitFor(
      async () => {
        const { body } = await http<{ value: { ruleId: string }[] }>(
          test.baseUrl,
          'GET',
          '/api/v1/alerts?twinId=pump-a&status=open',
        );
        return body.value.some((alert) => alert.ruleId === 'rul-low') || undefined;
      },
      10_000,
      'the prediction',
    );

    await page.goto(`${test.baseUrl}/#/twins/pump-a`);
    const log = page
      .getByRole('region', { name: 'Twin detail' })
      .getByRole('region', { name: 'Condition', exact: true })
      .getByRole('region', { name: 'Maintenance' });
    await log.getByText(/Nothing recorded/).waitFor();
    assert.equal(await log.getByLabel('What happened').inputValue(), 'failure');
    await log.getByLabel('Note').fill('bearing seized');
    await log.getByRole('button', { name: 'Record' }).click();
    await log
      .locator('li[data-kind="failure"]')
      .getByText(/bearing seized/)
      .waitFor();
    await log.screenshot({ path: `${SHOTS}/maintenance-log.png` });

    await page.goto(`${test.baseUrl}/#/alerts`);
    const row = page.getByRole('region', { name: 'Predictive maintenance' }).locator('tr[data-rule="rul-low"]');
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    assert.deepEqual(cells.slice(0, 6), ['Bearing fails within 12 h', '1', '1', '0', '100 %', '100 %']);
    await page
      .getByRole('region', { name: 'Predictive maintenance' })
      .screenshot({ path: `${SHOTS}/prediction-outcomes.png` });
  });

  it('trains an anomaly model from the detail panel, and labels its alert', async () => {
    await page.goto(`${test.baseUrl}/#/twins/pump-b`);
    const detail = page.getByRole('region', { name: 'Twin detail' });
    const section = detail.getByRole('region', { name: 'Anomaly model' });
    const form = section.getByRole('form', { name: 'Train an anomaly model' });
    await form.waitFor();
    // What the twin measures is ticked; the score goes to anomalyScore.
    for (const name of ['Flow rate', 'Pressure', 'Power'])
      assert.ok(await form.getByLabel(name, { exact: true }).isChecked(), name);
    assert.equal(await form.getByLabel('Score written to').inputValue(), 'anomalyScore');

    // A window without history: the server says what to fix, and the form shows it.
    const lastWeek = new Date(nowMs - 7 * 24 * HOUR_MS);
    const local = (date: Date): string =>
      `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}T${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
    await form.getByLabel('From', { exact: true }).fill(local(lastWeek));
    await form.getByLabel('To', { exact: true }).fill(local(new Date(lastWeek.getTime() + HOUR_MS)));
    await form.getByRole('button', { name: 'Train' }).click();
    await form
      .getByRole('alert')
      .getByText(/the training window holds 0 rows/)
      .waitFor();

    // The last 24 h hold the five minutes posted: version 1, a threshold.
    await form.getByRole('button', { name: 'Last 24 h' }).click();
    await form.getByRole('button', { name: 'Train' }).click();
    await section.locator('[data-figure="version"]').getByText('1', { exact: true }).waitFor({ timeout: 10_000 });
    const threshold = Number(await section.locator('[data-figure="threshold"] dd').textContent());
    assert.ok(threshold > 0 && threshold < 1, `threshold ${threshold}`);
    const stored = await http<{ version: number; threshold: number; trainingRows: number }>(
      test.baseUrl,
      'GET',
      '/api/v1/digitaltwins/pump-b/anomaly-model',
    );
    assert.equal(stored.body.version, 1);
    assert.ok(stored.body.trainingRows >= 290, `rows ${stored.body.trainingRows}`);
    await section.getByText('Flow rate, Pressure, Power').waitFor();

    // A pump off its curve: the score crosses the threshold, the alert can be labelled real here.
    await post('pump-b', { flowRate: 50, pressure: 4.5, power: 2 });
    const alertRow = detail
      .getByRole('region', { name: 'Alerts' })
      .locator('tr', { hasText: 'Asset anomaly (isolation forest)' });
    await alertRow.getByRole('button', { name: 'Real' }).click({ timeout: 10_000 });
    await alertRow.getByText('labelled real').waitFor();
    await section.locator('[data-figure="labels"]').getByText('1 · 0 · 0').waitFor({ timeout: 10_000 });
    await section
      .getByTestId('auto-retrain')
      .getByText('Retrains on its own after 5 labels since training (1 so far).')
      .waitFor({ timeout: 10_000 });
    await section.locator('[data-figure="score"] dd').getByText('▲', { exact: false }).waitFor();
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/anomaly-model.png` });

    // An anomaly it missed an hour ago, reported with its time and what happened: recall 50 %.
    await section.getByText('Report a missed anomaly…').click();
    const missed = section.getByRole('form', { name: 'Report a missed anomaly' });
    await missed.getByLabel('When').fill(local(new Date(nowMs - HOUR_MS)));
    await missed.getByLabel('What happened').fill('seal leak');
    await missed.getByRole('button', { name: 'Report' }).click();
    await missed.getByText('Missed anomaly recorded.').waitFor();
    await section.locator('[data-figure="labels"]').getByText('1 · 0 · 1').waitFor({ timeout: 10_000 });
    await section.locator('[data-figure="precision"]').getByText('100 % · 50 %').waitFor();
    const { body: reported } = await http<{ value: { ruleId: string; sourceTimeMs: number; message: string }[] }>(
      test.baseUrl,
      'GET',
      '/api/v1/alerts?twinId=pump-b&ruleId=missed.forest',
    );
    assert.equal(reported.value[0]?.message, 'seal leak');
    assert.equal(reported.value[0]?.sourceTimeMs, Math.floor((nowMs - HOUR_MS) / 60_000) * 60_000);

    // The Alerts page counts it for the asset's model.
    await page.goto(`${test.baseUrl}/#/alerts`);
    const models = page.getByRole('region', { name: 'Asset anomaly models' });
    await models.locator('tr[data-twin="pump-b"]').waitFor();
    const cells = await models.locator('tr[data-twin="pump-b"] td').allTextContents();
    assert.deepEqual(cells.slice(0, 8), ['pump-b', '1', '1', '1', '0', '1', '100 %', '50 %']);
  });

  it('uploads ONNX versions, binds them with a shadow, compares and promotes', async () => {
    await page.goto(`${test.baseUrl}/#/models`);
    const upload = page.getByRole('form', { name: 'Upload an ONNX model' });
    for (const [version, weights] of [
      ['1', [0.1, 0.35]],
      ['2', [0.1, 0.3]],
    ] as const) {
      await upload.getByLabel('Name').fill('pump-power');
      await upload.getByLabel('Version').fill(version);
      await upload.getByLabel('ONNX file').setInputFiles({
        name: `pump-power-${version}.onnx`,
        mimeType: 'application/octet-stream',
        buffer: Buffer.from(linearModel({ inputSize: 2, weights: [...weights], bias: 0 })),
      });
      await upload.getByRole('button', { name: 'Upload' }).click();
      await upload.getByRole('status').getByText(`Uploaded pump-power version ${version}`).waitFor();
    }
    const table = page.getByRole('region', { name: 'ONNX models' });
    await table.locator('tr[data-version="2"]').getByText('x: float32 [N×2]').waitFor();

    const form = page.getByRole('form', { name: 'New binding' });
    await form.getByLabel('Name').fill('pump-power');
    await form.getByLabel('Twins of').selectOption(MODEL_ID);
    await form.getByLabel('ONNX model').selectOption('pump-power');
    await form.getByLabel('Version', { exact: true }).selectOption('1');
    await form.getByLabel('Shadow version').selectOption('2');
    await form.getByLabel('Flow rate').check();
    await form.getByLabel('Pressure').check();
    await form.getByLabel('Output to', { exact: true }).selectOption('predictedPower');
    await form.getByLabel('Shadow output to').selectOption('predictedPowerV2');
    await form.getByText('Takes x: float32 [N×2]').waitFor();
    await form.getByRole('button', { name: 'Create binding' }).click();
    const card = page.getByRole('article', { name: 'Binding pump-power' });
    await card.waitFor();

    // Rows on a twin of the model: inferences, and the shadow compared on the same rows.
    for (let k = 1; k <= 3; k++) await post('pump-a', { ts: nowMs + k * 1_000, flowRate: 50 + k, pressure: 3 });
    const shadow = card.getByRole('group', { name: 'Shadow comparison' });
    await shadow.getByText('Compared').waitFor({ timeout: 10_000 });
    await card.locator('li[data-input="flowRate"][data-state]').waitFor();
    await page.screenshot({ path: `${SHOTS}/models.png` });

    // The version a binding runs cannot be deleted: the server's refusal is shown in its row.
    const v1 = table.locator('tr[data-version="1"]');
    await v1.getByRole('button', { name: 'Delete pump-power version 1' }).click();
    await v1.getByRole('button', { name: 'Delete', exact: true }).click();
    await v1
      .getByRole('alert')
      .getByText(/binding pump-power runs pump-power version 1/)
      .waitFor();

    await shadow.getByRole('button', { name: 'Promote version 2' }).click();
    await card.getByText(/Runs pump-power version 2/).waitFor({ timeout: 10_000 });
    assert.equal(await card.getByRole('group', { name: 'Shadow comparison' }).count(), 0);

    // The twin's detail lists what runs on it.
    await page.goto(`${test.baseUrl}/#/models?twin=pump-a`);
    await page
      .getByRole('region', { name: 'Twin detail' })
      .getByRole('region', { name: 'ML models' })
      .locator('tr[data-binding="pump-power"]')
      .waitFor();
  });

  it('fits a phone screen', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      for (const [hash, ready] of [
        ['#/twins/pump-a', 'Condition'],
        ['#/twins/pump-b', 'Anomaly model'],
        ['#/models', 'Bindings'],
      ] as const) {
        await phone.goto(`${test.baseUrl}/${hash}`);
        const target =
          ready === 'Bindings'
            ? phone.getByRole('heading', { name: 'Bindings' })
            : phone.getByRole('region', { name: ready, exact: true });
        await target.waitFor();
        await target.scrollIntoViewIfNeeded();
        const overflow = await phone.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
        assert.ok(overflow <= 0, `${hash} is ${overflow}px wider than the phone`);
      }
      await phone.screenshot({ path: `${SHOTS}/models-phone.png` });
    } finally {
      await phone.close();
    }
  });
});
