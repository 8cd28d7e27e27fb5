import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { readDocuments } from './read-documents.js';

void it('reads JSON and NDJSON files that start with a byte-order mark (as RealEstateCore ships them)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'doppel-bom-'));
  try {
    const model = { '@id': 'dtmi:t:Bom;1', '@type': 'Interface', '@context': 'dtmi:dtdl:context;3' };
    await writeFile(join(dir, 'a.json'), `\uFEFF${JSON.stringify(model)}`);
    await writeFile(join(dir, 'b.ndjson'), `\uFEFF${JSON.stringify({ n: 1 })}\n${JSON.stringify({ n: 2 })}\n`);
    const documents = await readDocuments([dir]);
    assert.deepEqual(
      documents.map(({ document }) => document),
      [model, { n: 1 }, { n: 2 }],
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
