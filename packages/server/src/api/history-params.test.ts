import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAggregation, parseStep, parseTime, stepForMaxPoints } from './history-params.js';

describe('history parameters', () => {
  it('reads times as epoch ms or ISO 8601 with a zone, and refuses the rest with history.range-invalid', () => {
    assert.equal(parseTime('1700000000000', 'from'), 1_700_000_000_000);
    assert.equal(parseTime(1_700_000_000_000.7, 'from'), 1_700_000_000_000);
    assert.equal(parseTime('2026-01-31T12:00:00Z', 'from'), Date.parse('2026-01-31T12:00:00Z'));
    assert.throws(() => parseTime('2026-01-31T12:00:00', 'from'), { code: 'history.range-invalid' });
    assert.throws(() => parseTime('yesterday', 'to'), { code: 'history.range-invalid' });
  });

  it('reads steps as short durations, ISO 8601 durations or milliseconds', () => {
    assert.equal(parseStep('90s'), 90_000);
    assert.equal(parseStep('15m'), 900_000);
    assert.equal(parseStep('1d'), 86_400_000);
    assert.equal(parseStep('PT15M'), 900_000);
    assert.equal(parseStep('P1DT1H'), 90_000_000);
    assert.equal(parseStep('60000'), 60_000);
    for (const bad of ['0', '-5m', 'fast', 'PT', 'P', '1y'])
      assert.throws(() => parseStep(bad), { code: 'request.invalid' }, bad);
  });

  it('accepts the seven aggregations only', () => {
    assert.equal(parseAggregation('avg'), 'avg');
    assert.throws(() => parseAggregation('median'), { code: 'history.aggregation-unsupported' });
  });

  it('picks the smallest round step that keeps a range within maxPoints', () => {
    assert.equal(stepForMaxPoints(86_400_000, 1_440), 60_000);
    assert.equal(stepForMaxPoints(90 * 86_400_000, 1_000), 10_800_000);
    assert.ok((90 * 86_400_000) / stepForMaxPoints(90 * 86_400_000, 1_000) <= 1_000);
  });
});
