import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DetectorTolerances, parseRuleId, TOLERANCE_MARGIN } from './detector-tolerances.js';

describe('DetectorTolerances', () => {
  it('reads kind and path from detector rule ids only', () => {
    assert.deepEqual(parseRuleId('detector.level-shift.motor.current'), {
      kind: 'level-shift',
      pathKey: 'motor.current',
    });
    assert.equal(parseRuleId('detector.unknown.x'), undefined);
    assert.equal(parseRuleId('anomaly.forest'), undefined);
    assert.equal(parseRuleId('detector.spike'), undefined);
  });

  it('suppresses events up to a margin above an expected one, on that series and kind only', () => {
    const tolerances = new DetectorTolerances();
    assert.ok(tolerances.learn({ ruleId: 'detector.spike.flow', twinId: 'p1', label: 'expected', score: 8 }));
    assert.equal(tolerances.allows('p1', 'flow', 'spike', 8 * TOLERANCE_MARGIN), false);
    assert.equal(tolerances.allows('p1', 'flow', 'spike', 8 * TOLERANCE_MARGIN + 0.01), true);
    assert.equal(tolerances.allows('p1', 'flow', 'level-shift', 7), true);
    assert.equal(tolerances.allows('p2', 'flow', 'spike', 7), true);
    assert.equal(tolerances.allows('p1', 'pressure', 'spike', 7), true);
    assert.equal(tolerances.suppressed, 1);
  });

  it('lowers the tolerance under a real event it would have hidden, and forgets it on a miss', () => {
    const tolerances = new DetectorTolerances();
    tolerances.learn({ ruleId: 'detector.spike.flow', twinId: 'p1', label: 'expected', score: 10 });
    tolerances.learn({ ruleId: 'detector.spike.flow', twinId: 'p1', label: 'real', score: 9 });
    assert.equal(tolerances.allows('p1', 'flow', 'spike', 9), true);
    assert.equal(tolerances.allows('p1', 'flow', 'spike', 9 / TOLERANCE_MARGIN), false);
    // A real event stronger than the tolerance changes nothing.
    tolerances.learn({ ruleId: 'detector.spike.flow', twinId: 'p1', label: 'real', score: 20 });
    assert.equal(tolerances.allows('p1', 'flow', 'spike', 8), false);
    tolerances.forget('p1', 'flow', 'spike');
    assert.equal(tolerances.allows('p1', 'flow', 'spike', 6.5), true);
    assert.equal(tolerances.size, 0);
  });

  it('mutes stuck values on a series labelled expected, until one is labelled real', () => {
    const tolerances = new DetectorTolerances();
    tolerances.learn({ ruleId: 'detector.stuck.setpoint', twinId: 'ahu', label: 'expected', score: 10 });
    assert.equal(tolerances.allows('ahu', 'setpoint', 'stuck', 1_000), false);
    tolerances.learn({ ruleId: 'detector.stuck.setpoint', twinId: 'ahu', label: 'real', score: 10 });
    assert.equal(tolerances.allows('ahu', 'setpoint', 'stuck', 10), true);
  });

  it('ignores alerts without a label or a score', () => {
    const tolerances = new DetectorTolerances();
    assert.equal(tolerances.learn({ ruleId: 'detector.spike.flow', twinId: 'p1', score: 8 }), false);
    assert.equal(tolerances.learn({ ruleId: 'detector.spike.flow', twinId: 'p1', label: 'expected' }), false);
    assert.equal(tolerances.size, 0);
  });
});
