import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CELL_CHARS_MAX, formatCell } from './format-cell';

void describe('formatCell', () => {
  test('keeps numbers exact', () => {
    assert.deepEqual(formatCell(12.141176470588235), { kind: 'number', text: '12.141176470588235' });
    assert.deepEqual(formatCell(16638), { kind: 'number', text: '16638' });
  });

  test('tells missing, null, booleans and strings apart', () => {
    assert.deepEqual(formatCell(undefined), { kind: 'missing', text: '' });
    assert.deepEqual(formatCell(null), { kind: 'null', text: 'null' });
    assert.deepEqual(formatCell(false), { kind: 'boolean', text: 'false' });
    assert.deepEqual(formatCell('Plant room'), { kind: 'string', text: 'Plant room' });
  });

  test('shows objects and arrays as compact JSON', () => {
    assert.deepEqual(formatCell({ a: 1, b: [true, null] }), { kind: 'json', text: '{"a":1,"b":[true,null]}' });
  });

  test('shortens long texts and keeps the whole in the title', () => {
    const long = 'x'.repeat(CELL_CHARS_MAX + 10);
    const cell = formatCell(long);
    assert.equal(cell.text.length, CELL_CHARS_MAX);
    assert.ok(cell.text.endsWith('…'));
    assert.equal(cell.title, long);
  });
});
