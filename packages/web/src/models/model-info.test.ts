import assert from 'node:assert/strict';
import { test } from 'node:test';
import { modelInfoFrom } from './model-info';

test('exposes writable properties and commands with their request and response', () => {
  const info = modelInfoFrom({
    id: 'dtmi:test:Pump;1',
    model: {
      '@id': 'dtmi:test:Pump;1',
      '@type': 'Interface',
      contents: [
        { '@type': 'Property', name: 'speedSetpoint', schema: 'double', writable: true },
        { '@type': 'Property', name: 'serial', schema: 'string' },
        {
          '@type': 'Command',
          name: 'setSpeed',
          request: { name: 'speedPercent', displayName: 'Speed', description: '0-100 %.', schema: 'double' },
          response: { name: 'result', schema: { '@type': 'Object', fields: [] } },
        },
        { '@type': 'Command', name: 'reboot' },
      ],
    },
  } as unknown as Parameters<typeof modelInfoFrom>[0]);
  const [setpoint, serial, setSpeed, reboot] = info.contents;
  assert.equal(setpoint?.writable, true);
  assert.equal(setpoint?.schemaDefinition, 'double');
  assert.equal(serial?.writable, undefined);
  assert.deepEqual(setSpeed?.request, {
    name: 'speedPercent',
    displayName: 'Speed',
    description: '0-100 %.',
    schema: 'double',
  });
  assert.deepEqual(setSpeed?.response?.schema, { '@type': 'Object', fields: [] });
  assert.equal(reboot?.kind, 'command');
  assert.equal(reboot?.request, undefined);
});
