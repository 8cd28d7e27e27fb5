import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RulEstimate, RulEstimatorOptions } from './rul-options.js';
import { RulEstimator } from './rul-estimator.js';
import { mulberry32 } from './seeded-random.js';

const START_MS = Date.UTC(2025, 0, 1);
const LIFE_MS = 10 * 86_400_000; // ten days to failure, compressed or not
const POINT_COUNT = 200; // health points over the whole life
const ONSET_LIFE = 0.3;

/**
 * Exponential degradation: the features grow exponentially from 30 % of life on, so health
 * h = exp(−β·(t − onset)) and reaches 0.2 exactly at LIFE_MS. Noise is multiplicative (a few %
 * of health), health capped at 1 like HealthIndex's; or additive in health units.
 */
function syntheticHealth(life: number, noise: number, random: ReturnType<typeof mulberry32>, additive = false): number {
  const decline = Math.log(5) * Math.max(0, (life - ONSET_LIFE) / (1 - ONSET_LIFE));
  if (additive) return Math.exp(-decline) + noise * random.normal();
  return Math.exp(-Math.max(0, decline + noise * random.normal()));
}

/** Feeds one seeded life and returns the estimate at each checkpoint (fractions of life). */
function run(
  seed: number,
  checkpoints: readonly number[],
  options: Partial<RulEstimatorOptions> = {},
  additive = false,
): RulEstimate[] {
  const random = mulberry32(seed);
  const estimator = new RulEstimator({ seed, ...options });
  const estimates: RulEstimate[] = [];
  for (let i = 1; i <= POINT_COUNT; i++) {
    const life = i / POINT_COUNT;
    estimator.add(START_MS + life * LIFE_MS, syntheticHealth(life, additive ? 0.02 : 0.05, random, additive));
    if (checkpoints.some((checkpoint) => Math.round(checkpoint * POINT_COUNT) === i))
      estimates.push(estimator.estimate());
  }
  return estimates;
}

const CHECKPOINTS = [0.5, 0.6, 0.7, 0.8, 0.9];
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const trueRulMs = (life: number): number => (1 - life) * LIFE_MS;

void describe('RulEstimator on exponential degradation', () => {
  const runs = SEEDS.map((seed) => run(seed, CHECKPOINTS));

  void it('gives ordered quantiles at every checkpoint', () => {
    for (const estimate of runs.flat()) {
      assert.ok(estimate.fitted && estimate.rulMs !== null, JSON.stringify(estimate));
      assert.ok(estimate.rulMs.p10 <= estimate.rulMs.p50 && estimate.rulMs.p50 <= estimate.rulMs.p90);
    }
  });

  void it('converges: the mean error of p50 shrinks as points arrive, within 20 % at 70 % of life', () => {
    const meanErrorsMs = CHECKPOINTS.map((life, c) => {
      const errors = runs.map((estimates) => Math.abs((estimates[c]?.rulMs?.p50 ?? 0) - trueRulMs(life)));
      return errors.reduce((sum, error) => sum + error, 0) / errors.length;
    });
    for (let c = 1; c < meanErrorsMs.length; c++) {
      assert.ok((meanErrorsMs[c] ?? 0) < (meanErrorsMs[c - 1] ?? 0), `errors: ${meanErrorsMs.join(', ')}`);
    }
    const atSeventy = CHECKPOINTS.indexOf(0.7);
    for (const estimates of runs) {
      const relative = Math.abs((estimates[atSeventy]?.rulMs?.p50 ?? 0) / trueRulMs(0.7) - 1);
      assert.ok(relative < 0.2, `relative error ${relative}`);
    }
  });

  void it('holds the true failure time inside [p10, p90] in most runs', () => {
    for (const c of [CHECKPOINTS.indexOf(0.7), CHECKPOINTS.indexOf(0.8)]) {
      const inside = runs.filter((estimates) => {
        const band = estimates[c]?.failureAtMs;
        return band !== null && band !== undefined && band.p10 <= START_MS + LIFE_MS && START_MS + LIFE_MS <= band.p90;
      }).length;
      assert.ok(inside >= 0.7 * runs.length, `${inside} of ${runs.length} at checkpoint ${CHECKPOINTS[c]}`);
    }
  });

  void it('also converges with additive noise in health units and with a short window', () => {
    for (const seed of SEEDS.slice(0, 10)) {
      const additive = run(seed, [0.7], {}, true)[0];
      const short = run(seed, [0.7], { windowPointsMax: 50 })[0];
      for (const estimate of [additive, short]) {
        const relative = Math.abs((estimate?.rulMs?.p50 ?? 0) / trueRulMs(0.7) - 1);
        assert.ok(relative < 0.2, `seed ${seed}: relative error ${relative}`);
      }
    }
  });
});

void describe('RulEstimator without a trend', () => {
  function feed(health: (i: number, random: ReturnType<typeof mulberry32>) => number, count = 100): RulEstimator {
    const random = mulberry32(11);
    const estimator = new RulEstimator();
    for (let i = 0; i < count; i++) estimator.add(START_MS + i * 60_000, health(i, random));
    return estimator;
  }

  void it('says why there is no estimate: too few points, flat, improving, or too slow to extrapolate', () => {
    const unfitted = (estimate: RulEstimate): string | undefined => {
      assert.equal(estimate.fitted, false);
      assert.equal(estimate.rulMs, null);
      assert.equal(estimate.failureAtMs, null);
      return estimate.reason;
    };
    assert.equal(unfitted(feed(() => 0.5, 9).estimate()), 'too-few-points');
    assert.equal(unfitted(feed(() => 1).estimate()), 'flat-or-improving');
    assert.equal(
      unfitted(feed((_, random) => Math.exp(-Math.max(0, 0.05 * random.normal()))).estimate()),
      'flat-or-improving',
    );
    assert.equal(unfitted(feed((_, random) => 0.5 + 0.02 * random.normal()).estimate()), 'flat-or-improving');
    assert.equal(unfitted(feed((i, random) => 0.3 + i / 200 + 0.02 * random.normal()).estimate()), 'flat-or-improving');
    // A clear but slow decline: 0.2 would be reached ~160 windows ahead, beyond the 10-window horizon.
    assert.equal(unfitted(feed((i) => Math.exp(-i / 10_000)).estimate()), 'beyond-horizon');
  });

  void it('reports 0 once the threshold is behind', () => {
    const estimate = feed((i) => Math.exp(-i / 30)).estimate(); // health 0.04 at the last point
    assert.deepEqual(estimate.rulMs, { p10: 0, p50: 0, p90: 0 });
  });
});

void describe('RulEstimator bookkeeping', () => {
  void it('keeps a fixed window, ignores points that are not newer, and replays its bootstrap', () => {
    const estimator = new RulEstimator({ windowPointsMax: 20 });
    for (let i = 0; i < 100; i++) assert.equal(estimator.add(START_MS + i * 1_000, Math.exp(-i / 50)), true);
    assert.equal(estimator.pointCount, 20);
    assert.equal(estimator.add(START_MS, 1), false);
    assert.equal(estimator.add(START_MS + 99 * 1_000, 1), false);
    assert.deepEqual(estimator.estimate(), estimator.estimate());
    // Noise-free: the failure is where exp(−t/50 s) = 0.2, t = 50·ln 5 s = 80.47 s.
    const failureAtMs = estimator.estimate().failureAtMs;
    assert.ok(failureAtMs !== null && Math.abs(failureAtMs.p50 - (START_MS + 50_000 * Math.log(5))) < 1);
  });

  void it('throws on non-finite points and impossible options', () => {
    assert.throws(() => new RulEstimator().add(Number.NaN, 1), /finite/);
    assert.throws(() => new RulEstimator().add(0, Number.NaN), /finite/);
    assert.throws(() => new RulEstimator({ failureHealth: 0 }), /failureHealth/);
    assert.throws(() => new RulEstimator({ windowPointsMax: 5 }), /windowPointsMax/);
    assert.throws(() => new RulEstimator({ bootstrapRuns: 1 }), /bootstrapRuns/);
    assert.throws(() => new RulEstimator({ pointsMin: 2 }), /pointsMin/);
  });
});
