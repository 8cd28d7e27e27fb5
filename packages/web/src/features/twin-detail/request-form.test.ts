import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldSpec, initialText, parseField, schemaProblem, skeletonOf } from './request-form';

const MODE = {
  '@type': 'Enum',
  valueSchema: 'string',
  enumValues: [
    { name: 'auto', displayName: 'Automatic', enumValue: 'auto' },
    { name: 'manual', enumValue: 'manual' },
  ],
};
const LEVEL = {
  '@type': 'Enum',
  valueSchema: 'integer',
  enumValues: [
    { name: 'low', enumValue: 1 },
    { name: 'high', enumValue: 2 },
  ],
};
const SCHEDULE = {
  '@type': 'Object',
  fields: [
    { name: 'speedPercent', schema: 'double' },
    { name: 'at', schema: 'dateTime' },
    { name: 'mode', schema: MODE },
    { name: 'days', schema: { '@type': 'Array', elementSchema: 'integer' } },
  ],
};

test('chooses an input per schema', () => {
  assert.deepEqual(fieldSpec('double'), { kind: 'number', schema: 'double', integer: false });
  assert.deepEqual(fieldSpec('long'), { kind: 'number', schema: 'long', integer: true });
  assert.deepEqual(fieldSpec('boolean'), { kind: 'boolean' });
  assert.deepEqual(fieldSpec('string'), { kind: 'text', schema: 'string', placeholder: undefined });
  assert.equal(fieldSpec('dateTime').kind, 'text');
  assert.deepEqual(fieldSpec(MODE), {
    kind: 'enum',
    options: [
      { label: 'Automatic', key: 'auto', value: 'auto' },
      { label: 'manual', key: 'manual', value: 'manual' },
    ],
  });
  assert.equal(fieldSpec(SCHEDULE).kind, 'json');
  assert.equal(fieldSpec('dtmi:example:Schedule;1').kind, 'json');
});

test('numbers: a number, a whole one for integer schemas, what to fix otherwise', () => {
  const double = fieldSpec('double');
  assert.deepEqual(parseField(double, ' 42.5 '), { ok: true, value: 42.5 });
  assert.deepEqual(parseField(double, ''), { ok: false, message: 'Enter a number.' });
  assert.deepEqual(parseField(double, 'fast'), { ok: false, message: '"fast" is not a number.' });
  assert.deepEqual(parseField(fieldSpec('integer'), '1.5'), { ok: false, message: 'Enter a whole number.' });
  assert.equal(parseField(fieldSpec('integer'), '3000000000').ok, false);
  assert.deepEqual(parseField(fieldSpec('long'), '3000000000'), { ok: true, value: 3_000_000_000 });
  assert.equal(initialText(double, 85), '85');
  assert.equal(initialText(double, 'x'), '');
});

test('booleans, enums and temporal strings round-trip through their text', () => {
  const boolean = fieldSpec('boolean');
  assert.deepEqual(parseField(boolean, initialText(boolean, true)), { ok: true, value: true });
  assert.deepEqual(parseField(boolean, 'false'), { ok: true, value: false });
  const level = fieldSpec(LEVEL);
  assert.equal(initialText(level, 2), '2');
  assert.deepEqual(parseField(level, '2'), { ok: true, value: 2 }, 'an integer enum gives back a number');
  assert.equal(initialText(level, undefined), '1', 'the first value when there is none');
  assert.equal(parseField(level, '3').ok, false);
  const dateTime = fieldSpec('dateTime');
  assert.deepEqual(parseField(dateTime, '2025-06-30T14:00:00Z'), { ok: true, value: '2025-06-30T14:00:00Z' });
  assert.equal(parseField(dateTime, 'tomorrow').ok, false);
  assert.deepEqual(parseField(fieldSpec('duration'), 'PT15M'), { ok: true, value: 'PT15M' });
  assert.equal(parseField(fieldSpec('duration'), 'P').ok, false);
  assert.deepEqual(parseField(fieldSpec('string'), ''), { ok: true, value: '' });
});

test('objects: a JSON text that starts from a skeleton and is checked against the fields', () => {
  const spec = fieldSpec(SCHEDULE);
  assert.deepEqual(skeletonOf(SCHEDULE), { speedPercent: 0, at: '2025-06-30T14:00:00Z', mode: 'auto', days: [] });
  assert.deepEqual(JSON.parse(initialText(spec)), skeletonOf(SCHEDULE));
  assert.deepEqual(parseField(spec, '{"speedPercent": 40, "days": [1, 2]}'), {
    ok: true,
    value: { speedPercent: 40, days: [1, 2] },
  });
  const notJson = parseField(spec, '{speedPercent: 40}');
  assert.ok(!notJson.ok && /^Not valid JSON/.test(notJson.message));
  assert.deepEqual(parseField(spec, '{"speedPercent": "fast"}'), {
    ok: false,
    message: '"speedPercent" must be a number.',
  });
  assert.deepEqual(parseField(spec, '{"speed": 1}'), { ok: false, message: '"speed" is not a field of this object.' });
  assert.deepEqual(parseField(spec, '{"days": [1, 1.5]}'), { ok: false, message: '"days[1]" must be a whole number.' });
  assert.deepEqual(parseField(spec, '{"mode": "eco"}'), {
    ok: false,
    message: '"mode" must be one of "auto", "manual".',
  });
  assert.deepEqual(parseField(spec, '[]'), { ok: false, message: 'The value must be an object.' });
  assert.equal(schemaProblem('dtmi:example:Named;1', 42, ''), undefined, 'named schemas are left to the server');
});
