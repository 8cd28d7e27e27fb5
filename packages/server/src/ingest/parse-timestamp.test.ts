import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EpochMs } from '@doppel/core';
import type { TimestampResult } from './parse-timestamp.js';
import { parseTimestamp } from './parse-timestamp.js';

const RECEIVED_MS = Date.parse('2026-01-31T12:00:00Z') as EpochMs;
const BOUNDS = { pastMaxMs: 86_400_000, futureMaxMs: 60_000 };

const parse = (raw: unknown): TimestampResult => parseTimestamp(raw, RECEIVED_MS, BOUNDS);

function okTs(raw: unknown): number {
  const result = parse(raw);
  assert.ok(result.ok, JSON.stringify(result));
  return result.ts;
}

function failCode(raw: unknown): string {
  const result = parse(raw);
  assert.ok(!result.ok, `expected ${JSON.stringify(raw)} to be refused`);
  return result.code;
}

void describe('parseTimestamp', () => {
  void it('returns the receive time when ts is missing', () => {
    assert.equal(okTs(undefined), RECEIVED_MS);
  });

  void it('accepts epoch milliseconds and drops fractions of a millisecond', () => {
    assert.equal(okTs(RECEIVED_MS - 1_000), RECEIVED_MS - 1_000);
    assert.equal(okTs(RECEIVED_MS - 1_000 + 0.9), RECEIVED_MS - 1_000);
  });

  void it('accepts ISO 8601 with Z, with an offset, without seconds and with fractions', () => {
    assert.equal(okTs('2026-01-31T12:00:00Z'), RECEIVED_MS);
    assert.equal(okTs('2026-01-31T13:00:00+01:00'), RECEIVED_MS);
    assert.equal(okTs('2026-01-31T06:30-05:30'), RECEIVED_MS);
    assert.equal(okTs('2026-01-31T11:59:59.250Z'), RECEIVED_MS - 750);
  });

  void it('refuses ISO without a time zone, dates alone and other strings as timestamp-invalid', () => {
    for (const raw of ['2026-01-31T12:00:00', '2026-01-31', 'yesterday', '', '1769860800000']) {
      assert.equal(failCode(raw), 'ingest.timestamp-invalid', raw);
    }
  });

  void it('refuses a zoned string that is not a real date as timestamp-invalid', () => {
    assert.equal(failCode('2026-13-45T25:61:00Z'), 'ingest.timestamp-invalid');
  });

  void it('refuses booleans, null, objects and non-finite numbers as timestamp-invalid', () => {
    for (const raw of [true, null, {}, [], Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.equal(failCode(raw), 'ingest.timestamp-invalid', String(raw));
    }
    const result = parse(null);
    assert.ok(!result.ok);
    assert.match(result.message, /got null/);
  });

  void it('accepts the exact bounds and refuses one millisecond beyond as timestamp-out-of-range', () => {
    assert.equal(okTs(RECEIVED_MS - BOUNDS.pastMaxMs), RECEIVED_MS - BOUNDS.pastMaxMs);
    assert.equal(okTs(RECEIVED_MS + BOUNDS.futureMaxMs), RECEIVED_MS + BOUNDS.futureMaxMs);
    assert.equal(failCode(RECEIVED_MS - BOUNDS.pastMaxMs - 1), 'ingest.timestamp-out-of-range');
    assert.equal(failCode(RECEIVED_MS + BOUNDS.futureMaxMs + 1), 'ingest.timestamp-out-of-range');
  });

  void it('says which bound was crossed', () => {
    const past = parse(0);
    assert.ok(!past.ok);
    assert.match(past.message, /86400000 ms before/);
    const future = parse('2027-01-01T00:00:00Z');
    assert.ok(!future.ok);
    assert.equal(future.code, 'ingest.timestamp-out-of-range');
    assert.match(future.message, /60000 ms after/);
  });
});
