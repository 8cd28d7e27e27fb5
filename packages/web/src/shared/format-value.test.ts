import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatValue } from './format-value';

void describe('formatValue', () => {
  void it('leaves four-digit integers ungrouped (years) and groups larger ones', () => {
    assert.equal(formatValue(1998), '1998');
    assert.equal(formatValue(-1200), '-1200');
    assert.ok(/^16.638$/.test(formatValue(16638)), formatValue(16638));
  });

  void it('rounds measured values to about four significant digits', () => {
    assert.equal(formatValue(16.7), '16.70');
    assert.equal(formatValue(2.68), '2.680');
    assert.equal(formatValue(0), '0');
  });

  void it('shows strings, booleans, objects and missing values', () => {
    assert.equal(formatValue('auto'), 'auto');
    assert.equal(formatValue(true), 'true');
    assert.equal(formatValue({ x: 1 }), '{"x":1}');
    assert.equal(formatValue(undefined), '—');
  });
});
