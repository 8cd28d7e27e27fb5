import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatHours, healthGrade, hoursInDays, rulText } from './condition-text';

void describe('condition text', () => {
  void it('grades the health index', () => {
    assert.equal(healthGrade(1), 'good');
    assert.equal(healthGrade(0.7), 'good');
    assert.equal(healthGrade(0.55), 'fair');
    assert.equal(healthGrade(0.39), 'poor');
  });

  void it('words the remaining useful life with its band', () => {
    assert.equal(rulText(30, 41, 55), 'RUL 41 h (p10 30 h – p90 55 h)');
    assert.equal(rulText(2.04, 7.46, 12.6), 'RUL 7.5 h (p10 2 h – p90 13 h)');
    assert.equal(rulText(undefined, 41.4, null), 'RUL 41 h');
    assert.equal(rulText(30, null, 55), undefined);
  });

  void it('formats hours, and days for long lives', () => {
    assert.equal(formatHours(1234.4), '1,234 h');
    assert.equal(formatHours(0.04), '0 h');
    assert.equal(hoursInDays(40), undefined);
    assert.equal(hoursInDays(100.8), '≈ 4.2 days');
  });
});
