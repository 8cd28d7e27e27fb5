import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDuration, formatPercent, formatRate } from './format-figures';

void describe('formatRate', () => {
  test('keeps a decimal for small rates only', () => {
    assert.equal(formatRate(0), '0');
    assert.equal(formatRate(0.25), '0.3');
    assert.equal(formatRate(47.6), '48');
    assert.equal(formatRate(null), '–');
  });
});

void describe('formatDuration', () => {
  test('picks a unit that reads well', () => {
    assert.equal(formatDuration(250), '250 ms');
    assert.equal(formatDuration(5_000), '5 s');
    assert.equal(formatDuration(90_000), '1.5 min');
    assert.equal(formatDuration(45 * 60_000), '45 min');
    assert.equal(formatDuration(3 * 86_400_000), '3 d');
  });
});

void describe('formatPercent', () => {
  test('shows one decimal below 100 %', () => {
    assert.equal(formatPercent(1), '100 %');
    assert.equal(formatPercent(0.9951), '99.5 %');
    assert.equal(formatPercent(0), '0 %');
  });
});
