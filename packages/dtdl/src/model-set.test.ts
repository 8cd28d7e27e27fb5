import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseModels } from './parse-models.js';
import { ModelSet } from './model-set.js';

const CTX = 'dtmi:dtdl:context;3';

void test('ModelSet answers isA and dependentsOf, and resolves later uploads', () => {
  const first = parseModels([
    { '@context': CTX, '@id': 'dtmi:ex:Asset;1', '@type': 'Interface' },
    { '@context': CTX, '@id': 'dtmi:ex:Pump;1', '@type': 'Interface', extends: 'dtmi:ex:Asset;1' },
    { '@context': CTX, '@id': 'dtmi:ex:Motor;1', '@type': 'Interface' },
  ]);
  assert.ok(first.ok);
  const set = new ModelSet(first.interfaces);
  const second = parseModels(
    [
      {
        '@context': CTX,
        '@id': 'dtmi:ex:BigPump;1',
        '@type': 'Interface',
        extends: 'dtmi:ex:Pump;1',
        contents: [
          { '@type': 'Component', name: 'motor', schema: 'dtmi:ex:Motor;1' },
          { '@type': 'Relationship', name: 'feeds', target: 'dtmi:ex:Asset;1' },
        ],
      },
    ],
    { existing: set },
  );
  assert.ok(second.ok);
  set.add(second.interfaces);
  assert.equal(set.size, 4);
  assert.ok(set.has('dtmi:ex:BigPump;1'));
  assert.ok(set.isA('dtmi:ex:BigPump;1', 'dtmi:ex:Asset;1'));
  assert.ok(set.isA('dtmi:ex:Pump;1', 'dtmi:ex:Pump;1'));
  assert.ok(!set.isA('dtmi:ex:Asset;1', 'dtmi:ex:Pump;1'));
  assert.deepEqual(set.dependentsOf('dtmi:ex:Motor;1'), ['dtmi:ex:BigPump;1']);
  assert.deepEqual(set.dependentsOf('dtmi:ex:Asset;1').sort(), ['dtmi:ex:BigPump;1', 'dtmi:ex:Pump;1']);
  assert.deepEqual([...set].map((i) => i.id).length, 4);
  assert.ok(set.delete('dtmi:ex:BigPump;1'));
  assert.deepEqual(set.dependentsOf('dtmi:ex:Motor;1'), []);
});
