import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ceilToMinute, fromLocalInput, toLocalInput, windowInputs } from './local-time-input';

void describe('local time inputs', () => {
  void it('round-trips a time to the minute, in whatever zone the tests run', () => {
    const ms = Date.UTC(2026, 0, 5, 10, 17, 42, 500);
    const text = toLocalInput(ms);
    assert.match(text, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    assert.equal(fromLocalInput(text), Math.floor(ms / 60_000) * 60_000);
  });

  void it('refuses what is not a local date-time', () => {
    assert.equal(fromLocalInput(''), null);
    assert.equal(fromLocalInput('2026-01-05'), null);
    assert.equal(fromLocalInput('2026-01-05T10:00Z'), null);
    assert.equal(fromLocalInput('2026-13-45T10:00'), null);
  });

  void it('widens a window to whole minutes so that it holds the range', () => {
    const fromMs = Date.UTC(2026, 0, 5, 10, 17, 42);
    const toMs = Date.UTC(2026, 0, 5, 11, 17, 1);
    const { from, to } = windowInputs(fromMs, toMs);
    assert.ok((fromLocalInput(from) ?? Infinity) <= fromMs);
    assert.equal(fromLocalInput(to), ceilToMinute(toMs));
  });
});
