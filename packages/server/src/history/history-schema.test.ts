import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ModelSet, parseModels } from '@doppel/dtdl';
import { BUILT_IN_MODELS } from '@doppel/protocol';
import { demoSite } from '@doppel/sim';
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

describe('historySchemaOf with DTDL Historization', () => {
  const context = ['dtmi:dtdl:context;3', 'dtmi:dtdl:extension:historization;1'];
  const schemaOf = (id: string, models: unknown[]): ReturnType<typeof historySchemaOf> => {
    const result = parseModels(models);
    assert.ok(result.ok, JSON.stringify(result));
    const set = new ModelSet(result.interfaces);
    return historySchemaOf(set.get(id)!, set);
  };

  it('keeps only the Historized contents once a model marks one, listing the others as excluded', () => {
    const schema = schemaOf('dtmi:t:Thermostat;1', [
      {
        '@context': context,
        '@id': 'dtmi:t:Thermostat;1',
        '@type': 'Interface',
        contents: [
          { '@type': ['Property', 'Historized'], name: 'setPoint', writable: true, schema: 'double' },
          { '@type': ['Telemetry', 'Historized'], name: 'temp', schema: 'double' },
          { '@type': 'Telemetry', name: 'debug', schema: 'string' },
          { '@type': 'Property', name: 'serial', schema: 'string' },
        ],
      },
    ]);
    assert.deepEqual(
      schema.columns.map((column) => column.path),
      ['temp', 'setPoint'],
    );
    assert.deepEqual(schema.excludedPaths, new Set(['debug', 'serial']));
  });

  it('applies a mark to the interface that declares it, inherited or a component, not to the others', () => {
    const models = [
      {
        '@context': context,
        '@id': 'dtmi:t:Base;1',
        '@type': 'Interface',
        contents: [
          { '@type': ['Telemetry', 'Historized'], name: 'uptime', schema: 'long' },
          { '@type': 'Telemetry', name: 'heartbeat', schema: 'boolean' },
        ],
      },
      {
        '@context': context,
        '@id': 'dtmi:t:Motor;1',
        '@type': 'Interface',
        contents: [
          { '@type': ['Telemetry', 'Historized'], name: 'speed', schema: 'double' },
          { '@type': 'Telemetry', name: 'current', schema: 'double' },
        ],
      },
      {
        '@context': 'dtmi:dtdl:context;3',
        '@id': 'dtmi:t:Pump;1',
        '@type': 'Interface',
        extends: 'dtmi:t:Base;1',
        contents: [
          { '@type': 'Telemetry', name: 'flow', schema: 'double' },
          { '@type': 'Component', name: 'motor', schema: 'dtmi:t:Motor;1' },
        ],
      },
      {
        '@context': 'dtmi:dtdl:context;3',
        '@id': 'dtmi:t:Skid;1',
        '@type': 'Interface',
        contents: [
          { '@type': 'Telemetry', name: 'level', schema: 'double' },
          { '@type': 'Component', name: 'motor', schema: 'dtmi:t:Motor;1' },
        ],
      },
    ];
    // Pump marks nothing of its own: its flow is kept; Base and Motor keep only what they mark.
    const pump = schemaOf('dtmi:t:Pump;1', models);
    assert.deepEqual(pump.columns.map((column) => column.path).sort(), ['flow', 'motor/speed', 'uptime']);
    assert.deepEqual(pump.excludedPaths, new Set(['heartbeat', 'motor/current']));
    const skid = schemaOf('dtmi:t:Skid;1', models);
    assert.deepEqual(
      skid.columns.map((column) => column.path),
      ['level', 'motor/speed'],
    );
    assert.deepEqual(skid.excludedPaths, new Set(['motor/current']));
  });

  it('keeps every path of a model with no mark, even with the extension in its context', () => {
    const schema = schemaOf('dtmi:t:Plain;1', [
      {
        '@context': context,
        '@id': 'dtmi:t:Plain;1',
        '@type': 'Interface',
        contents: [
          { '@type': 'Telemetry', name: 'a', schema: 'double' },
          { '@type': 'Property', name: 'b', schema: 'string' },
        ],
      },
    ]);
    assert.deepEqual(
      schema.columns.map((column) => column.path),
      ['a', 'b'],
    );
    assert.equal(schema.excludedPaths, undefined);
  });
});

describe('historySchemaOf of a bearing monitor', () => {
  it("keeps the demo pump's own telemetry, the built-in's derived values, and not the waveforms", () => {
    // The platform registers its built-in interfaces first; the demo pump extends BearingMonitor.
    const result = parseModels([...BUILT_IN_MODELS, ...demoSite().models]);
    assert.ok(result.ok, JSON.stringify(result));
    const set = new ModelSet(result.interfaces);
    const schema = historySchemaOf(set.get('dtmi:doppel:demo:Pump;1')!, set);
    const paths = schema.columns.map((column) => column.path);
    for (const path of ['flowRate', 'pressure', 'power', 'vibration', 'bearingTemperature', 'anomalyScore']) {
      assert.ok(paths.includes(path), `${path} is not historized`);
    }
    for (const path of ['vibrationRms', 'kurtosis', 'healthIndex', 'rulP10Hours', 'rulP50Hours', 'rulP90Hours']) {
      assert.ok(paths.includes(path), `${path} is not historized`);
    }
    assert.ok(paths.includes('speedSetpoint') && paths.includes('name'), 'properties of Pump and Asset');
    assert.deepEqual(schema.excludedPaths, new Set(['waveform', 'shaftSpeedHz']));
  });
});
