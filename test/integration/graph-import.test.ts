// Graph export and import between two platforms, in Azure Digital Twins' NDJSON import format.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PUMP_MODEL, ROOM_MODEL, pumpTwin } from '../fixtures/models.js';
import { http } from '../support/http.js';
import type { TestPlatform } from '../support/in-process-platform.js';
import { startTestPlatform } from '../support/in-process-platform.js';

interface ImportReport {
  models: { added: number; existing: number };
  twins: { written: number; refused: number };
  relationships: { written: number; refused: number };
  batchesRefused: number;
  errorCount: number;
  errors: { line: number; code: string; message: string }[];
}

async function exportText(platform: TestPlatform): Promise<string> {
  return (await fetch(`${platform.baseUrl}/api/v1/graph/export`)).text();
}

async function importText(platform: TestPlatform, text: string): Promise<{ status: number; body: ImportReport }> {
  const response = await fetch(`${platform.baseUrl}/api/v1/graph/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    body: text,
  });
  return { status: response.status, body: (await response.json()) as ImportReport };
}

describe('graph export and import', () => {
  let source: TestPlatform;
  let target: TestPlatform;

  before(async () => {
    [source, target] = await Promise.all([
      startTestPlatform({ history: false }),
      startTestPlatform({ history: false }),
    ]);
    await http(source.baseUrl, 'POST', '/api/v1/models', [PUMP_MODEL, ROOM_MODEL]);
    await http(source.baseUrl, 'PUT', '/api/v1/digitaltwins/room-1', {
      $metadata: { $model: 'dtmi:test:Room;1' },
      name: 'Boiler room',
    });
    for (let i = 1; i <= 1_500; i++) {
      await http(source.baseUrl, 'PUT', `/api/v1/digitaltwins/pump-${i}`, pumpTwin(`pump-${i}`));
    }
    for (let i = 1; i <= 3; i++) {
      await http(source.baseUrl, 'PUT', `/api/v1/digitaltwins/room-1/relationships/c${i}`, {
        $targetId: `pump-${i}`,
        $relationshipName: 'contains',
      });
    }
    await http(source.baseUrl, 'PUT', '/api/v1/digitaltwins/pump-1/relationships/f1', {
      $targetId: 'pump-2',
      $relationshipName: 'feeds',
    });
  });

  after(async () => Promise.all([source.stop(), target.stop()]));

  it('moves a whole graph: what one platform exports, another imports, and exports the same', async () => {
    const exported = await exportText(source);
    const { status, body } = await importText(target, exported);
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(
      [body.models, body.twins, body.relationships, body.errorCount],
      // The built-in BearingMonitor interface is in both platforms already.
      [{ added: 2, existing: 1 }, { written: 1_501, refused: 0 }, { written: 4, refused: 0 }, 0],
    );
    assert.equal(await exportText(target), exported);
    // Importing again changes nothing and refuses nothing (models kept, twins and relationships replaced).
    const again = await importText(target, exported);
    assert.deepEqual([again.body.models, again.body.errorCount], [{ added: 0, existing: 3 }, 0]);
  });

  it('refuses a batch with a bad line as a whole, names every bad line, and keeps the other batches', async () => {
    const lines = [
      '{"Section": "Header"}',
      '{"fileVersion": "1.0.0"}',
      '{"Section": "Twins"}',
      // Batch 1 (1,000 lines): line 5 names a model that does not exist.
      ...Array.from({ length: 1_000 }, (_, i) =>
        JSON.stringify(
          i === 1
            ? { $dtId: 'bad-1', $metadata: { $model: 'dtmi:test:Nope;1' } }
            : { $dtId: `new-${i}`, $metadata: { $model: 'dtmi:test:Pump;1' }, name: `n${i}` },
        ),
      ),
      // Batch 2: fine.
      ...Array.from({ length: 10 }, (_, i) =>
        JSON.stringify({ $dtId: `ok-${i}`, $metadata: { $model: 'dtmi:test:Pump;1' } }),
      ),
      '{"Section": "Relationships"}',
      '{"$dtId": "ok-0", "$relationshipId": "r1", "$targetId": "ok-1", "$relationshipName": "feeds"}',
      '{"$dtId": "ok-0", "$relationshipId": "r2", "$targetId": "new-5", "$relationshipName": "feeds"}',
      'not json',
    ];
    const { status, body } = await importText(target, lines.join('\n'));
    assert.equal(status, 200);
    assert.deepEqual(body.twins, { written: 10, refused: 1_000 });
    assert.deepEqual(body.relationships, { written: 0, refused: 2 });
    assert.equal(body.batchesRefused, 2);
    assert.deepEqual(
      body.errors.map((error) => [error.line, error.code]),
      [
        [lines.length, 'request.invalid'],
        [5, 'model.not-found'],
        [lines.length - 1, 'relationship.invalid'],
      ],
    );
    assert.match(body.errors[2]?.message ?? '', /new-5/);
    assert.equal((await http(target.baseUrl, 'GET', '/api/v1/digitaltwins/new-0')).status, 404);
    assert.equal((await http(target.baseUrl, 'GET', '/api/v1/digitaltwins/ok-9')).status, 200);
  });

  it('refuses a body that is not NDJSON', async () => {
    const response = await http<{ code: string }>(target.baseUrl, 'POST', '/api/v1/graph/import', { a: 1 });
    assert.equal(response.status, 415);
    assert.equal(response.body.code, 'request.unsupported-media-type');
  });

  it('imports twins and relationships from CSV, typed by the model, with the same per-line report', async () => {
    const csv = async (kind: string, text: string) => {
      const response = await fetch(`${target.baseUrl}/api/v1/graph/import?kind=${kind}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: text,
      });
      return { status: response.status, body: (await response.json()) as ImportReport };
    };
    const twins = await csv(
      'twins',
      [
        '$dtId,$model,name,speedSetpoint,firmware',
        'csv-1,dtmi:test:Pump;1,"Pump, east",1450.5,',
        'csv-2,dtmi:test:Pump;1,Pump west,1200,2.1',
        'csv-3,dtmi:test:Pump;1,Pump north,fast,',
      ].join('\n'),
    );
    assert.equal(twins.status, 200);
    // Line 4's setpoint is not a number: the batch (all three lines) is refused.
    assert.deepEqual(
      [twins.body.twins, twins.body.errors.map((error) => error.line)],
      [{ written: 0, refused: 3 }, [4]],
    );
    const fixed = await csv(
      'twins',
      [
        '$dtId,$model,name,speedSetpoint',
        'csv-1,dtmi:test:Pump;1,"Pump, east",1450.5',
        'csv-2,dtmi:test:Pump;1,Pump west,1200',
      ].join('\n'),
    );
    assert.deepEqual([fixed.body.twins, fixed.body.errorCount], [{ written: 2, refused: 0 }, 0]);
    const twin = await http<Record<string, unknown>>(target.baseUrl, 'GET', '/api/v1/digitaltwins/csv-1');
    assert.deepEqual([twin.body.name, twin.body.speedSetpoint], ['Pump, east', 1450.5]);
    const rels = await csv(
      'relationships',
      ['$sourceId,$relationshipId,$targetId,$relationshipName', 'csv-1,f1,csv-2,feeds', 'csv-1,f2,nobody,feeds'].join(
        '\n',
      ),
    );
    assert.deepEqual(rels.body.relationships, { written: 0, refused: 2 });
    assert.deepEqual(
      rels.body.errors.map((error) => [error.line, error.code]),
      [[3, 'relationship.invalid']],
    );
    const missing = await csv('sensors', '$dtId\nx');
    assert.equal(missing.status, 400);
  });
});
