import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RetentionPolicy } from './history-store.js';
import { retainedFromMs, retentionOf, tierPlanOf } from './retention-policy.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PUMP = 'dtmi:acme:Pump;2';

const POLICY: RetentionPolicy = {
  rawMs: DAY,
  oneMinuteMs: 30 * DAY,
  fifteenMinutesMs: null,
  models: {
    'dtmi:acme:Pump': { rawMs: 7 * DAY, paths: { flow: { rawMs: 30 * DAY }, vibration: { oneMinuteMs: DAY } } },
    [PUMP]: { rawMs: HOUR, fifteenMinutesMs: 365 * DAY, paths: { 'motor/temp': { rawMs: null } } },
  },
};

void describe('retentionOf', () => {
  void it('is the global policy for a model without overrides', () => {
    assert.deepEqual(retentionOf(POLICY, 'dtmi:acme:Valve;1', 'flow'), {
      rawMs: DAY,
      oneMinuteMs: 30 * DAY,
      fifteenMinutesMs: null,
    });
  });

  void it('applies a versionless id to every version, an exact id before it, tier by tier', () => {
    assert.deepEqual(retentionOf(POLICY, 'dtmi:acme:Pump;1'), {
      rawMs: 7 * DAY,
      oneMinuteMs: 30 * DAY,
      fifteenMinutesMs: null,
    });
    assert.deepEqual(retentionOf(POLICY, PUMP), { rawMs: HOUR, oneMinuteMs: 30 * DAY, fifteenMinutesMs: 365 * DAY });
  });

  void it('puts a path (of the exact or the versionless id) before any model setting', () => {
    assert.equal(retentionOf(POLICY, PUMP, 'flow').rawMs, 30 * DAY);
    assert.equal(retentionOf(POLICY, PUMP, 'motor/temp').rawMs, null);
    assert.equal(retentionOf(POLICY, PUMP, 'vibration').oneMinuteMs, DAY);
    assert.equal(retentionOf(POLICY, PUMP, 'vibration').rawMs, HOUR);
    assert.equal(retentionOf(POLICY, PUMP, 'pressure').rawMs, HOUR);
  });

  void it('ignores inherited object keys (a path named "constructor")', () => {
    assert.equal(retentionOf(POLICY, PUMP, 'constructor').rawMs, HOUR);
    assert.equal(retentionOf(POLICY, 'toString').rawMs, DAY);
  });
});

void describe('tierPlanOf', () => {
  void it('keeps a model as long as its longest-kept path; shorter paths are listed', () => {
    const raw = tierPlanOf(POLICY, 'dtmi:acme:Pump;1', ['flow', 'pressure', 'vibration'], 'rawMs');
    assert.equal(raw.keepMs, 30 * DAY);
    assert.deepEqual(
      raw.shorter,
      new Map([
        ['pressure', 7 * DAY],
        ['vibration', 7 * DAY],
      ]),
    );
    const minutes = tierPlanOf(POLICY, 'dtmi:acme:Pump;1', ['flow', 'vibration'], 'oneMinuteMs');
    assert.equal(minutes.keepMs, 30 * DAY);
    assert.deepEqual(minutes.shorter, new Map([['vibration', DAY]]));
  });

  void it('keeps forever if one path does', () => {
    const raw = tierPlanOf(POLICY, PUMP, ['motor/temp', 'flow'], 'rawMs');
    assert.equal(raw.keepMs, null);
    assert.deepEqual(raw.shorter, new Map([['flow', 30 * DAY]]));
  });

  void it('is the model setting for a model without paths or overrides', () => {
    assert.deepEqual(tierPlanOf(POLICY, PUMP, [], 'rawMs'), { keepMs: HOUR, shorter: new Map() });
    assert.deepEqual(tierPlanOf(POLICY, 'dtmi:acme:Valve;1', ['flow'], 'rawMs'), { keepMs: DAY, shorter: new Map() });
  });
});

void describe('retainedFromMs', () => {
  void it('is now minus the path’s setting for the tier, or null when kept forever', () => {
    const nowMs = 100 * DAY;
    assert.equal(retainedFromMs(POLICY, PUMP, 'pressure', 'raw', nowMs), nowMs - HOUR);
    assert.equal(retainedFromMs(POLICY, PUMP, 'vibration', '1m', nowMs), nowMs - DAY);
    assert.equal(retainedFromMs(POLICY, PUMP, 'motor/temp', 'raw', nowMs), null);
    assert.equal(retainedFromMs(POLICY, 'dtmi:acme:Valve;1', 'x', '15m', nowMs), null);
  });
});
