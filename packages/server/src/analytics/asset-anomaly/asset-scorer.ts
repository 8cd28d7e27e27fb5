import { scoreRow } from '../isolation-forest/isolation-forest.js';
import type { IsolationForestModel } from '../isolation-forest/isolation-forest.js';
import type { AssetModelDocument } from './asset-model.js';

/** Scores below the threshold this many times in a row clear the alert: one calm row is not recovery. */
export const CLEAR_AFTER_SCORES = 3;

export interface AssetScore {
  readonly ts: number;
  readonly score: number;
  /** Set when this score raises or clears the asset's alert. */
  readonly transition?: 'raise' | 'clear';
  /** The property furthest from its normal value, in words. */
  readonly reason: string;
  /** The row scored, in the model's property order. */
  readonly row: Float64Array;
}

/**
 * One asset's live scoring: the latest value of each property (sample-and-hold, as training rows
 * are built), one score per `everyMs` of source time once every property has a value, and the
 * alert's state (raised at the threshold, cleared after `CLEAR_AFTER_SCORES` scores below it).
 */
export class AssetScorer {
  private readonly latest: Float64Array;
  private lastScoredMs = Number.NEGATIVE_INFINITY;
  private raised = false;
  private calmScores = 0;
  lastScore: number | undefined;
  lastScoredAtMs: number | undefined;

  constructor(
    readonly document: AssetModelDocument,
    readonly model: IsolationForestModel,
  ) {
    this.latest = new Float64Array(document.properties.length).fill(Number.NaN);
  }

  /** Starts in the raised state (an open alert survived a restart), so it can clear. */
  markRaised(): void {
    this.raised = true;
  }

  /** Takes one telemetry row; returns a score when one is due. */
  observe(ts: number, values: Readonly<Record<string, unknown>>): AssetScore | undefined {
    const { properties, everyMs, threshold } = this.document;
    let touched = false;
    for (let p = 0; p < properties.length; p++) {
      const value = values[properties[p] as string];
      if (typeof value === 'number' && Number.isFinite(value)) {
        this.latest[p] = value;
        touched = true;
      }
    }
    if (!touched || ts - this.lastScoredMs < everyMs) return undefined;
    const score = scoreRow(this.model, this.latest);
    if (score === null) return undefined;
    this.lastScoredMs = ts;
    this.lastScore = score;
    this.lastScoredAtMs = ts;
    let transition: AssetScore['transition'];
    if (score >= threshold) {
      this.calmScores = 0;
      if (!this.raised) transition = 'raise';
      this.raised = true;
    } else if (this.raised && ++this.calmScores >= CLEAR_AFTER_SCORES) {
      this.raised = false;
      this.calmScores = 0;
      transition = 'clear';
    }
    const row = Float64Array.from(this.latest);
    return {
      ts,
      score,
      row,
      reason: transition === undefined ? '' : explain(this.model, properties, row, score, threshold),
      ...(transition === undefined ? {} : { transition }),
    };
  }
}

/** "score 0.71 ≥ 0.62; most unusual: flowRate 9.1, 4.2 MADs below its normal 14.2". */
function explain(
  model: IsolationForestModel,
  properties: readonly string[],
  row: Float64Array,
  score: number,
  threshold: number,
): string {
  let worst = 0;
  let worstDeviation = 0;
  for (let p = 0; p < properties.length; p++) {
    const deviation = ((row[p] as number) - (model.scaler.center[p] as number)) / (model.scaler.scale[p] as number);
    if (Math.abs(deviation) > Math.abs(worstDeviation)) {
      worst = p;
      worstDeviation = deviation;
    }
  }
  const head = `score ${score.toFixed(2)} ${score >= threshold ? '≥' : '<'} threshold ${threshold.toFixed(2)}`;
  const centre = model.scaler.center[worst] as number;
  return (
    `${head}; most unusual: ${properties[worst]} ${round(row[worst] as number)}, ` +
    `${Math.abs(worstDeviation).toFixed(1)} MADs ${worstDeviation < 0 ? 'below' : 'above'} its normal ${round(centre)}`
  );
}

const round = (value: number): string => String(Math.round(value * 1000) / 1000);
