import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { BEARING_MONITOR_MODEL, BEARING_MONITOR_MODEL_ID } from '@doppel/protocol';
import { DEMO_MODELS_DIR } from '@doppel/sim';
import { checkCommand } from './check-command.js';

const OPTIONS = { json: false, allowUndefinedExtensions: false };

async function check(paths: readonly string[]): Promise<{ code: number; text: string }> {
  let text = '';
  const code = await checkCommand(paths, OPTIONS, (chunk) => (text += chunk));
  return { code, text };
}

void describe('doppel models check', () => {
  void it('resolves the platform’s built-in interfaces: the demo models, whose pump extends BearingMonitor', async () => {
    const { code, text } = await check([fileURLToPath(DEMO_MODELS_DIR)]);
    assert.equal(code, 0, text);
  });

  void it('takes a file’s own definition of a built-in interface, without a duplicate', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'doppel-check-'));
    try {
      const sensor = {
        '@context': 'dtmi:dtdl:context;3',
        '@id': 'dtmi:t:Sensor;1',
        '@type': 'Interface',
        extends: BEARING_MONITOR_MODEL_ID,
      };
      await writeFile(join(dir, 'sensor.json'), JSON.stringify(sensor));
      assert.equal((await check([dir])).code, 0);
      await writeFile(join(dir, 'bearing-monitor.json'), JSON.stringify(BEARING_MONITOR_MODEL));
      const both = await check([dir]);
      assert.equal(both.code, 0, both.text);
      assert.match(both.text, /2 interface/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
