import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseModels } from './parse-models.js';
import { ModelSet } from './model-set.js';

// RealEstateCore 3.3: a real DTDL v3 ontology of hundreds of interfaces using extends,
// relationships, enums, maps and QuantitativeTypes.
const ROOT = '/work/shared/ontologies/realestatecore/Ontology';

function readAll(dir: string): unknown[] {
  const out: unknown[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...readAll(path));
    else if (entry.name.endsWith('.json')) out.push(JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, '')));
  }
  return out;
}

void test('parses all of RealEstateCore', () => {
  const documents = readAll(ROOT);
  const started = performance.now();
  const result = parseModels(documents);
  const elapsedMs = performance.now() - started;
  if (!result.ok)
    assert.fail(
      result.errors
        .slice(0, 5)
        .map((e) => `${e.code} ${e.pointer ?? ''} ${e.message}`)
        .join('\n'),
    );
  console.log(
    `RealEstateCore: ${documents.length} documents, ${result.interfaces.length} interfaces in ${elapsedMs.toFixed(0)} ms`,
  );
  assert.equal(result.interfaces.length, documents.length);

  const set = new ModelSet(result.interfaces);
  const bed = set.get('dtmi:digitaltwins:rec_3_3:asset:Bed;1');
  assert.ok(bed);
  assert.ok(set.isA(bed.id, 'dtmi:digitaltwins:rec_3_3:asset:Furniture;1'));
  assert.ok(bed.ancestors.length >= 2);
  assert.ok(set.dependentsOf('dtmi:digitaltwins:rec_3_3:asset:Furniture;1').includes(bed.id));
  // Inherited contents are flattened into every descendant.
  const furniture = set.get('dtmi:digitaltwins:rec_3_3:asset:Furniture;1');
  assert.ok(furniture);
  for (const name of furniture.properties.keys()) assert.ok(bed.properties.has(name), name);
});

void test('RealEstateCore uploaded in two batches resolves against the first', () => {
  const documents = readAll(ROOT);
  const all = parseModels(documents);
  assert.ok(all.ok);
  const set = new ModelSet(
    all.interfaces.filter((i) => documents.slice(0, 400).some((d) => (d as { '@id': string })['@id'] === i.id)),
  );
  const second = parseModels(documents.slice(400), { existing: set });
  if (!second.ok)
    assert.fail(
      second.errors
        .slice(0, 3)
        .map((e) => e.message)
        .join('\n'),
    );
  assert.equal(second.interfaces.length, documents.length - 400);
});
