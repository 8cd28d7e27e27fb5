import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { VALUE_COLUMN, cellValue, isTwinIdColumn, resultColumns } from './result-columns';

void describe('resultColumns', () => {
  test('takes the union of the keys in the order first seen', () => {
    const rows = [
      { $dtId: 'a', name: 'A' },
      { $dtId: 'b', temperature: 21 },
      { name: 'C', $dtId: 'c' },
    ];
    assert.deepEqual(resultColumns(rows), ['$dtId', 'name', 'temperature']);
  });

  test('puts bare values in one column', () => {
    assert.deepEqual(resultColumns([{ COUNT: 3 }, 7]), ['COUNT', VALUE_COLUMN]);
    assert.deepEqual(resultColumns([]), []);
  });
});

void describe('cellValue', () => {
  test('reads own keys only and tells a missing key from null', () => {
    assert.equal(cellValue({ a: null }, 'a'), null);
    assert.equal(cellValue({ a: 1 }, 'b'), undefined);
    assert.equal(cellValue({}, 'toString'), undefined);
    assert.equal(cellValue(5, VALUE_COLUMN), 5);
  });
});

void describe('isTwinIdColumn', () => {
  test('knows $dtId, twinId and id', () => {
    assert.ok(isTwinIdColumn('$dtId'));
    assert.ok(isTwinIdColumn('twinId'));
    assert.ok(isTwinIdColumn('id'));
    assert.ok(!isTwinIdColumn('name'));
    assert.ok(!isTwinIdColumn('$sourceId'));
  });
});
