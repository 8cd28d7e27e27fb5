// The CLI against a running platform, and everything surviving a restart: models, twins and
// relationships created through `doppel`, and live state (snapshot + log replay).
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import type { TwinState } from '@doppel/protocol';
import { PUMP_MODEL, ROOM_MODEL } from '../fixtures/models.js';
import { doppel } from '../support/doppel-cli.js';
import { http } from '../support/http.js';
import { startPlatformProcess } from '../support/platform-process.js';

describe('doppel CLI and restart', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'doppel-cli-'));
    await mkdir(join(dir, 'site', 'models'), { recursive: true });
    await writeFile(join(dir, 'site', 'models', 'room.json'), JSON.stringify(ROOM_MODEL));
    await writeFile(join(dir, 'pump-model.json'), JSON.stringify([PUMP_MODEL]));
    await writeFile(join(dir, 'bad-model.json'), JSON.stringify({ ...PUMP_MODEL, '@id': 'not a dtmi' }));
    await writeFile(
      join(dir, 'site', 'twins.ndjson'),
      [
        '{"$dtId":"room-1","$metadata":{"$model":"dtmi:test:Room;1"},"name":"Room 1"}',
        '{"$dtId":"pump-1","$metadata":{"$model":"dtmi:test:Pump;1"},"name":"Pump 1"}',
      ].join('\n'),
    );
    await writeFile(
      join(dir, 'site', 'rels.json'),
      JSON.stringify([
        {
          $relationshipId: 'room-1-contains-pump-1',
          $sourceId: 'room-1',
          $targetId: 'pump-1',
          $relationshipName: 'contains',
        },
      ]),
    );
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('checks models offline with exit codes 0, 1 and 2', async () => {
    const valid = await doppel(['models', 'check', join(dir, 'pump-model.json'), join(dir, 'site', 'models')]);
    assert.equal(valid.code, 0, valid.stdout + valid.stderr);
    const invalid = await doppel(['models', 'check', '--json', join(dir, 'bad-model.json')]);
    assert.equal(invalid.code, 1);
    const report = JSON.parse(invalid.stdout) as { valid: boolean; errors: { code: string; message: string }[] };
    assert.equal(report.valid, false);
    assert.ok(report.errors.length > 0 && report.errors.every((error) => error.code.startsWith('dtdl.')));
    const usage = await doppel(['models', 'check']);
    assert.equal(usage.code, 2);
  });

  it('adds models, imports a folder, and keeps everything and the live state across a restart', async () => {
    const data = join(dir, 'data');
    const first = await startPlatformProcess(['--data', data, '--no-sim', '--no-demo']);
    try {
      const url = ['--url', first.baseUrl];
      const added = await doppel(['models', 'add', join(dir, 'pump-model.json'), ...url]);
      assert.equal(added.code, 0, added.stderr);
      const imported = await doppel(['import', join(dir, 'site'), ...url]);
      assert.equal(imported.code, 0, imported.stdout + imported.stderr);
      const refused = await doppel(['models', 'add', join(dir, 'pump-model.json'), ...url]);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /model\.already-exists/);
      const client = await mqtt.connectAsync(first.mqttUrl, { clientId: 'restart-device' });
      await client.publishAsync('twins/pump-1/telemetry', JSON.stringify({ ts: 1_795_000_000_000, flowRate: 21.5 }), {
        qos: 1,
      });
      await client.endAsync();
    } finally {
      assert.equal(await first.stop(), 0);
    }

    const second = await startPlatformProcess(['--data', data, '--no-sim', '--no-demo']);
    try {
      const listed = await doppel(['models', 'list', '--url', second.baseUrl]);
      // With the platform's built-in interface (analytics: bearing monitors).
      assert.deepEqual(listed.stdout.trim().split('\n').sort(), [
        'dtmi:doppel:analytics:BearingMonitor;1',
        'dtmi:test:Pump;1',
        'dtmi:test:Room;1',
      ]);
      const twin = await http<{ name: string; $metadata: { $model: string } }>(
        second.baseUrl,
        'GET',
        '/api/v1/digitaltwins/room-1',
      );
      assert.equal(twin.body.name, 'Room 1');
      const rel = await http<{ $targetId: string }>(
        second.baseUrl,
        'GET',
        '/api/v1/digitaltwins/room-1/relationships/room-1-contains-pump-1',
      );
      assert.equal(rel.body.$targetId, 'pump-1');
      const state = await http<TwinState>(second.baseUrl, 'GET', '/api/v1/digitaltwins/pump-1/state');
      assert.equal(state.body.paths.flowRate?.value, 21.5);
      assert.equal(state.body.paths.flowRate?.source, 'restart-device');
      const tree = await http<{ value: { $dtId: string; childCount: number }[] }>(
        second.baseUrl,
        'GET',
        '/api/v1/tree',
      );
      assert.deepEqual(
        tree.body.value.map((node) => [node.$dtId, node.childCount]),
        [['room-1', 1]],
      );
      // One query over the restored graph and the restored live value, from the CLI.
      const queried = await doppel([
        'query',
        'SELECT P.$dtId AS pump, P.flowRate AS flow FROM DIGITALTWINS R JOIN P RELATED R.contains WHERE P.flowRate > 20',
        '--url',
        second.baseUrl,
      ]);
      assert.equal(queried.code, 0, queried.stderr);
      assert.deepEqual(queried.stdout.trim().split('\n'), ['pump    flow', '------  ----', 'pump-1  21.5', '(1 row)']);
      const syntax = await doppel(['query', 'SELECT * FROM', '--url', second.baseUrl]);
      assert.equal(syntax.code, 1);
      assert.match(syntax.stderr, /query\.syntax/);
      // The graph out to a file and back in: everything is already there, nothing is refused.
      const file = join(dir, 'graph.ndjson');
      const exported = await doppel(['graph', 'export', '--out', file, '--url', second.baseUrl]);
      assert.equal(exported.code, 0, exported.stderr);
      const imported = await doppel(['graph', 'import', file, '--url', second.baseUrl]);
      assert.equal(imported.code, 0, imported.stdout + imported.stderr);
      assert.match(
        imported.stdout,
        /models: 0 added, 3 already there; twins: 2 written, 0 refused; relationships: 1 written, 0 refused/,
      );
    } finally {
      assert.equal(await second.stop(), 0);
    }
  });
});
