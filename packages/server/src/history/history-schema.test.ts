import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ModelSet, parseModels } from '@doppel/dtdl';
import { historySchemaOf } from './history-schema.js';

describe('historySchemaOf', () => {
  it('gives every telemetry and property a column typed from its DTDL schema, components nested', () => {
    const result = parseModels([
      {
        '@context': 'dtmi:dtdl:context;3',
        '@id': 'dtmi:t:Motor;1',
        '@type': 'Interface',
        contents: [{ '@type': 'Telemetry', name: 'temp', schema: 'double' }],
      },
      {
        '@context': 'dtmi:dtdl:context;3',
        '@id': 'dtmi:t:Pump;1',
        '@type': 'Interface',
        contents: [
          { '@type': 'Telemetry', name: 'flow', schema: 'float' },
          { '@type': 'Telemetry', name: 'count', schema: 'long' },
          { '@type': 'Telemetry', name: 'running', schema: 'boolean' },
          { '@type': 'Telemetry', name: 'since', schema: 'dateTime' },
          {
            '@type': 'Telemetry',
            name: 'mode',
            schema: { '@type': 'Enum', valueSchema: 'string', enumValues: [{ name: 'a', enumValue: 'a' }] },
          },
          {
            '@type': 'Telemetry',
            name: 'level',
            schema: { '@type': 'Enum', valueSchema: 'integer', enumValues: [{ name: 'low', enumValue: 1 }] },
          },
          {
            '@type': 'Telemetry',
            name: 'axes',
            schema: { '@type': 'Object', fields: [{ name: 'x', schema: 'double' }] },
          },
          { '@type': 'Property', name: 'name', schema: 'string' },
          { '@type': 'Component', name: 'motor', schema: 'dtmi:t:Motor;1' },
        ],
      },
    ]);
    assert.ok(result.ok);
    const set = new ModelSet(result.interfaces);
    const schema = historySchemaOf(set.get('dtmi:t:Pump;1')!, set);
    assert.deepEqual(Object.fromEntries(schema.columns.map((column) => [column.path, column.type])), {
      flow: 'double',
      count: 'bigint',
      running: 'boolean',
      since: 'string',
      mode: 'string',
      level: 'bigint',
      axes: 'json',
      name: 'string',
      'motor/temp': 'double',
    });
  });
});
