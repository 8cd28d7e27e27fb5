import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileSchemaValidator } from './value-validator.js';
import { describeSchema } from './schema.js';
import type { Schema } from './schema.js';

const p = (name: Extract<Schema, { kind: 'primitive' }>['name']): Schema => ({ kind: 'primitive', name });

void test('numbers: double finite, integer and long ranges', () => {
  const double = compileSchemaValidator(p('double'));
  assert.equal(double(1.5), undefined);
  assert.equal(double('abc')?.message, 'expected a double, got string "abc"');
  assert.equal(double(Number.NaN)?.code, 'value-invalid');
  const integer = compileSchemaValidator(p('integer'));
  assert.equal(integer(2147483647), undefined);
  assert.ok(integer(2147483648));
  assert.ok(integer(1.5));
  const long = compileSchemaValidator(p('long'));
  assert.equal(long(Number.MAX_SAFE_INTEGER), undefined);
  assert.match(long(2 ** 60)?.message ?? '', /2\^53/);
  assert.equal(compileSchemaValidator(p('unsignedByte'))(256)?.code, 'value-invalid');
});

void test('temporal strings and uuid', () => {
  const cases: [Parameters<typeof p>[0], string, string][] = [
    ['date', '2024-02-29', '2023-02-29'],
    ['dateTime', '2024-05-31T12:00:00.5+02:00', '2024-05-31T12:00:00'],
    ['time', '23:59:59', '24:00:00'],
    ['duration', 'P1DT2H', 'P'],
    ['uuid', '123e4567-e89b-12d3-a456-426614174000', '123e4567'],
  ];
  for (const [name, good, bad] of cases) {
    const validate = compileSchemaValidator(p(name));
    assert.equal(validate(good), undefined, `${name} ${good}`);
    assert.ok(validate(bad), `${name} ${bad}`);
  }
});

void test('enum, object, map and array with pointers', () => {
  const mode: Schema = {
    kind: 'enum',
    valueSchema: 'string',
    values: [
      { name: 'on', value: 'on' },
      { name: 'off', value: 'off' },
    ],
  };
  assert.equal(compileSchemaValidator(mode)('on'), undefined);
  assert.equal(compileSchemaValidator(mode)('auto')?.code, 'value-not-in-enum');
  const object: Schema = {
    kind: 'object',
    fields: [
      { name: 'rpm', schema: p('integer') },
      { name: 'modes', schema: { kind: 'array', element: mode } },
      { name: 'limits', schema: { kind: 'map', keyName: 'k', valueName: 'v', value: p('double') } },
    ],
  };
  const validate = compileSchemaValidator(object);
  assert.equal(validate({ rpm: 3, modes: ['on'], limits: { a: 1 } }), undefined);
  assert.equal(validate({}), undefined, 'missing fields are allowed');
  assert.equal(validate({ speed: 1 })?.pointer, '/speed');
  assert.equal(validate({ modes: ['on', 'x'] })?.pointer, '/modes/1');
  assert.equal(validate({ limits: { a: 'x' } })?.pointer, '/limits/a');
  assert.match(describeSchema(object), /object \{ rpm, modes, limits \}/);
});

void test('geospatial and scaledDecimal', () => {
  const point = compileSchemaValidator({ kind: 'geospatial', name: 'point' });
  assert.equal(point({ type: 'Point', coordinates: [4.9, 52.4] }), undefined);
  assert.ok(point({ type: 'Point', coordinates: [4.9] }));
  const scaled = compileSchemaValidator({ kind: 'scaledDecimal' });
  assert.equal(scaled({ scale: 2, value: '123.45' }), undefined);
  assert.ok(scaled({ scale: 2 }));
});

void test('the valid path is fast (printed, not asserted)', () => {
  const validate = compileSchemaValidator(p('double'));
  const started = performance.now();
  let errors = 0;
  for (let i = 0; i < 1_000_000; i++) if (validate(i * 0.5) !== undefined) errors += 1;
  console.log(`1,000,000 double validations in ${(performance.now() - started).toFixed(1)} ms`);
  assert.equal(errors, 0);
});
