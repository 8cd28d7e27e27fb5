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
    assert.equal(stepForMaxPoints(0, 86_400_000, 1_440), 60_000);
    assert.equal(stepForMaxPoints(0, 90 * 86_400_000, 1_000), 10_800_000);
    // An hour not on 10 s edges touches 361 buckets of 10 s: too many for 360, so 30 s.
    assert.equal(stepForMaxPoints(1_795_643_163_000, 1_795_646_763_000, 360), 30_000);
    assert.equal(stepForMaxPoints(1_795_643_160_000, 1_795_646_760_000, 360), 10_000);
    assert.ok((90 * 86_400_000) / stepForMaxPoints(0, 90 * 86_400_000, 1_000) <= 1_000);
    // A long range with few points: whole days, counted with the midnight alignment.
    assert.equal(stepForMaxPoints(0, 400 * 86_400_000, 100), 7 * 86_400_000);
    assert.equal(stepForMaxPoints(0, 2_000 * 86_400_000, 100), 21 * 86_400_000);
  });
});
