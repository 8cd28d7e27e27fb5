import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDriftError } from './drift-error.js';
import { ReferenceDistribution } from './reference-distribution.js';
import { mulberry32 } from '../seeded-random.js';
import { normalValues } from './drift-test-helpers.js';

const REFERENCE = ReferenceDistribution.fromSample(normalValues(mulberry32(3), 1_000, 1_013.25, 0.7));

/** The stored form with one change, as a corrupt row could hold it. */
function changed(change: (json: Record<string, unknown>) => void): unknown {
  const json = JSON.parse(JSON.stringify(REFERENCE)) as Record<string, unknown>;
  change(json);
  return json;
}

const rejects = (json: unknown, message: RegExp): void =>
  assert.throws(
    () => ReferenceDistribution.fromJSON(json),
    (error: unknown) => isDriftError(error, 'drift.invalid-json') && message.test(error.message),
  );

void describe('ReferenceDistribution JSON', () => {
  void it('round-trips exactly through JSON text and the parsed value', () => {
    const text = JSON.stringify(REFERENCE);
    for (const restored of [ReferenceDistribution.fromJSON(text), ReferenceDistribution.fromJSON(JSON.parse(text))]) {
      assert.deepEqual(restored, REFERENCE);
      assert.equal(restored.binOf(1_013.3), REFERENCE.binOf(1_013.3));
    }
  });

  void it('writes a versioned, plain form', () => {
    const json = REFERENCE.toJSON();
    assert.equal(json.format, 'doppel.drift-reference');
    assert.equal(json.version, 1);
    assert.equal(json.counts.length, json.edges.length + 1);
    assert.ok(Array.isArray(json.edges));
    assert.equal(json.summary.count, 1_000);
  });

  void it('refuses an unknown version or format, naming it', () => {
    rejects(
      changed((json) => (json.version = 2)),
      /version 2 is not supported, only 1/,
    );
    rejects(
      changed((json) => delete json.version),
      /version nothing is not supported/,
    );
    rejects(
      changed((json) => (json.format = 'doppel.isolation-forest')),
      /format must be "doppel.drift-reference", got "doppel.isolation-forest"/,
    );
  });

  void it('refuses malformed or inconsistent content', () => {
    rejects('{"format": "doppel.drift-ref', /the text does not parse/);
    rejects(null, /the reference must be an object, got null/);
    rejects(
      changed((json) => ((json.edges as unknown[])[2] = null)),
      /edges\[2\] must be a finite number, got null/,
    );
    rejects(
      changed((json) => (json.edges as number[]).reverse()),
      /edges must increase strictly, edges\[1\] does not/,
    );
    rejects(
      changed((json) => (json.counts as number[]).pop()),
      /counts must have 10…10 items, got 9/,
    );
    rejects(
      changed((json) => ((json.counts as number[])[0] = -1)),
      /counts\[0\] must be a non-negative integer, got -1/,
    );
    rejects(
      changed((json) => ((json.counts as number[])[0]! += 1)),
      /counts add up to 1001, not summary.count 1000/,
    );
    rejects(
      changed((json) => ((json.summary as Record<string, unknown>).p95 = 0)),
      /min ≤ p5 ≤ p50 ≤ p95 ≤ max/,
    );
    rejects(
      changed((json) => delete (json.summary as Record<string, unknown>).std),
      /summary.std must be a finite number, got nothing/,
    );
  });
});
