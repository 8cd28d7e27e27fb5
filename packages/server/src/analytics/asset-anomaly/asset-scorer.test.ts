import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mulberry32 } from '../seeded-random.js';
import { toJson } from '../isolation-forest/model-json.js';
import type { TimedRow } from '../isolation-forest/retrain.js';
import type { AssetModelDocument } from './asset-model.js';
import { trainAssetModel, TRAINING_ROWS_MIN } from './asset-model.js';
import { AssetScorer, CLEAR_AFTER_SCORES } from './asset-scorer.js';

/** A pump on its curve: pressure ≈ 0.4 + 3.1 s², flow ≈ 16 s, with a little noise. */
function pumpRows(count: number, seed: number): TimedRow[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, (_, i) => {
    const s = 0.5 + 0.4 * random();
    return { timeMs: i * 1000, values: [16 * s + 0.2 * (random() - 0.5), 0.4 + 3.1 * s * s + 0.05 * (random() - 0.5)] };
  });
}

const request = {
  properties: ['flowRate', 'pressure'],
  extension: 'full',
  contamination: 0.01,
  everyMs: 1000,
} as const;

function scorerFor(rows: readonly TimedRow[]): AssetScorer {
  const trained = trainAssetModel(rows, request);
  const document: AssetModelDocument = {
    twinId: 'pump-1',
    properties: request.properties,
    outputProperty: 'anomalyScore',
    everyMs: 1000,
    retrainAfterLabels: 5,
    extension: 'full',
    contamination: 0.01,
    trainFromMs: 0,
    trainToMs: rows.length * 1000,
    trainedMs: 0,
    version: 1,
    trainingRows: trained.trainingRows,
    threshold: trained.threshold,
    labelsUsed: { real: 0, expected: 0 },
    forest: toJson(trained.model),
    reference: trained.reference,
  };
  return new AssetScorer(document, trained.model);
}

describe('trainAssetModel', () => {
  it('refuses a window with too few rows, saying how many it has', () => {
    assert.throws(
      () => trainAssetModel(pumpRows(TRAINING_ROWS_MIN - 1, 1), request),
      (error: Error & { code?: string }) =>
        error.code === 'anomaly.model-invalid' && error.message.includes(`${TRAINING_ROWS_MIN - 1} rows`),
    );
  });

  it('flags about the contamination share of its own training rows', () => {
    const rows = pumpRows(2000, 2);
    const scorer = scorerFor(rows);
    let flagged = 0;
    rows.forEach((row, i) => {
      const score = scorer.observe(i * 1000, { flowRate: row.values[0], pressure: row.values[1] });
      if (score !== undefined && score.score >= scorer.document.threshold) flagged++;
    });
    assert.ok(flagged >= 5 && flagged <= 60, `flagged ${flagged} of 2000`);
  });
});

describe('AssetScorer', () => {
  it('raises on a row off the pump curve, explains it, and clears after calm scores', () => {
    const scorer = scorerFor(pumpRows(1000, 3));
    let ts = 0;
    const normal = scorer.observe((ts += 1000), { flowRate: 11.2, pressure: 0.4 + 3.1 * 0.7 * 0.7 });
    assert.equal(normal?.transition, undefined);
    // Flow of 70 % speed at the pressure of 95 %: each value ordinary alone, the pair is not.
    const off = scorer.observe((ts += 1000), { flowRate: 11.2, pressure: 0.4 + 3.1 * 0.95 * 0.95 });
    assert.equal(off?.transition, 'raise');
    assert.match(off?.reason ?? '', /most unusual: (flowRate|pressure)/);
    const outcomes = Array.from({ length: CLEAR_AFTER_SCORES }, () =>
      scorer.observe((ts += 1000), { flowRate: 11.2, pressure: 0.4 + 3.1 * 0.7 * 0.7 }),
    );
    assert.deepEqual(
      outcomes.map((outcome) => outcome?.transition),
      [...Array.from({ length: CLEAR_AFTER_SCORES - 1 }, () => undefined), 'clear'],
    );
  });

  it('scores at most once per everyMs and only once every property has a value', () => {
    const scorer = scorerFor(pumpRows(500, 4));
    assert.equal(scorer.observe(0, { flowRate: 12 }), undefined);
    assert.notEqual(scorer.observe(100, { pressure: 2 }), undefined);
    assert.equal(scorer.observe(600, { pressure: 2 }), undefined);
    assert.notEqual(scorer.observe(1100, { pressure: 2 }), undefined);
    assert.equal(scorer.observe(5000, { other: 1 }), undefined);
  });
});
