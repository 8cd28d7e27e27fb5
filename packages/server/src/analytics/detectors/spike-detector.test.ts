import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SpikeDetector } from './spike-detector.js';
import type { SpikeDecision } from './spike-detector.js';

const MINUTE_MS = 60_000;

/** Feeds z-scores one a minute (residual = z·0.5, as if σ were 0.5) and collects the decisions. */
function run(zs: readonly number[], detector = new SpikeDetector()): SpikeDecision[] {
  return zs.flatMap((z, i) => detector.observe({ timestampMs: i * MINUTE_MS, z, residual: z * 0.5 }) ?? []);
}

void describe('SpikeDetector', () => {
  void it('reports a spike when the next samples return to the baseline, with the spike’s timestamp', () => {
    const decisions = run([0.2, -0.4, 0.1, 9, 0.3, -0.2, 0.5]);
    assert.equal(decisions.length, 1);
    assert.deepEqual(decisions[0], {
      kind: 'spike',
      timestampMs: 3 * MINUTE_MS,
      detectedAtMs: 5 * MINUTE_MS,
      score: 9,
      shift: (9 + 0.3 - 0.2) / 6,
      samples: 3,
    });
  });

  void it('reports a level shift, not a spike, when the next samples stay at the new level', () => {
    const decisions = run([0.1, -0.3, -8, -7.6, -8.4, -8.1]);
    assert.equal(decisions.length, 1);
    assert.equal(decisions[0]?.kind, 'level-shift');
    assert.equal(decisions[0]?.timestampMs, 2 * MINUTE_MS);
    assert.ok(Math.abs((decisions[0]?.shift ?? 0) - -4) < 0.01, 'mean residual of the candidate and followers');
  });

  void it('calls a burst that neither returns nor stays an outlier', () => {
    assert.deepEqual(
      run([0, 0, 10, 9.5, 0.2]).map((decision) => decision.kind),
      ['outlier'],
    );
  });

  void it('ignores a slow climb across the threshold (no jump): that is drift', () => {
    const climb = Array.from({ length: 40 }, (_, i) => i * 0.25);
    assert.deepEqual(run(climb), []);
  });

  void it('still sees a spike on top of a moderately raised level', () => {
    assert.equal(run([3, 3.2, 2.8, 3.1, 11, 3, 2.9])[0]?.kind, 'spike');
  });

  void it('decides after confirmSamples followers', () => {
    const detector = new SpikeDetector({ confirmSamples: 1 });
    const decisions = run([0, 7, 0.1], detector);
    assert.equal(decisions[0]?.detectedAtMs, 2 * MINUTE_MS);
    assert.ok(!detector.isPending);
    const three = new SpikeDetector({ confirmSamples: 3 });
    assert.deepEqual(run([0, 7, 0.1, 0.2], three), []);
    assert.ok(three.isPending);
  });

  void it('rejects a confirmSamples that is not a positive integer', () => {
    assert.throws(() => new SpikeDetector({ confirmSamples: 0 }), RangeError);
  });
});
