import type { BaselineFeatureState, HealthIndexState } from './health-index-state.js';
import { parseHealthIndexState } from './health-index-state.js';
import type { HealthIndexOptions } from './health-index-options.js';
import { HEALTH_INDEX_DEFAULTS, validateHealthIndexOptions } from './health-index-options.js';

/**
 * Health in [0, 1] (1 = as healthy as the baseline) from vibration features.
 *
 * Each feature is compared with its healthy level in log space (vibration grows by factors, and
 * a ratio means the same at any level or unit): severity_i = max(0, ln v − mean − k·σ) / ln(ratio_i).
 * The severities are combined as a weighted quadratic mean, which leans towards the features that
 * move without being driven by one noisy feature alone, and mapped by h = healthAtFailure^d:
 * smooth, decreasing, 1 at d = 0 and → 0 as d grows. Features only count when they rise: a
 * bearing does not get healthier because a band went quiet.
 */
export class HealthIndex {
  readonly #options: HealthIndexOptions;
  #learnedCount = 0;
  #baselineFromMs: number | null = null;
  #baselineToMs: number | null = null;
  readonly #baseline = new Map<string, BaselineFeatureState>();

  /** state: what exportState returned (e.g. read back as JSON); checked, throws if malformed. */
  constructor(options: Partial<HealthIndexOptions> = {}, state?: unknown) {
    this.#options = { ...HEALTH_INDEX_DEFAULTS, ...options };
    validateHealthIndexOptions(this.#options);
    if (state !== undefined) this.#restore(parseHealthIndexState(state));
  }

  get baselineComplete(): boolean {
    return this.#learnedCount >= this.#options.baselineCount;
  }

  /**
   * Learns the vector while the baseline is incomplete (returns null), then returns the health.
   * timestampMs only dates the baseline in the exported state: which period counted as healthy.
   */
  observe(timestampMs: number, features: Readonly<Record<string, number>>): number | null {
    if (!Number.isFinite(timestampMs)) throw new Error('health index: timestampMs must be finite');
    const logs = this.#logsOf(features);
    if (this.baselineComplete) return this.#health(logs);
    const newNames = [...logs.keys()].filter((name) => !this.#baseline.has(name)).length;
    if (this.#baseline.size + newNames > this.#options.featureCountMax) {
      throw new Error(`health index: the baseline would hold more than ${this.#options.featureCountMax} features`);
    }
    for (const [name, log] of logs) {
      const { count, meanLog, m2Log } = this.#baseline.get(name) ?? { count: 0, meanLog: 0, m2Log: 0 };
      const delta = log - meanLog;
      const mean = meanLog + delta / (count + 1);
      this.#baseline.set(name, { count: count + 1, meanLog: mean, m2Log: m2Log + delta * (log - mean) });
    }
    this.#learnedCount += 1;
    this.#baselineFromMs ??= timestampMs;
    this.#baselineToMs = timestampMs;
    return null;
  }

  exportState(): HealthIndexState {
    return {
      version: 1,
      learnedCount: this.#learnedCount,
      baselineFromMs: this.#baselineFromMs,
      baselineToMs: this.#baselineToMs,
      features: Object.fromEntries(this.#baseline),
    };
  }

  #restore(state: HealthIndexState): void {
    this.#learnedCount = state.learnedCount;
    this.#baselineFromMs = state.baselineFromMs;
    this.#baselineToMs = state.baselineToMs;
    for (const [name, feature] of Object.entries(state.features)) this.#baseline.set(name, { ...feature });
  }

  #logsOf(features: Readonly<Record<string, number>>): Map<string, number> {
    const { features: selected, valueFloor, featureCountMax } = this.#options;
    const useAll = Object.keys(selected).length === 0;
    const logs = new Map<string, number>();
    for (const [name, value] of Object.entries(features)) {
      if (!useAll && selected[name] === undefined) continue;
      if (!(Number.isFinite(value) && value >= 0)) throw new Error(`health index: "${name}" must be finite and >= 0`);
      logs.set(name, Math.log(value + valueFloor));
    }
    if (logs.size > featureCountMax) throw new Error(`health index: more than ${featureCountMax} features`);
    return logs;
  }

  #health(logs: Map<string, number>): number {
    const { features, failureRatioDefault, noiseSigmas, spreadLogMin, healthAtFailure } = this.#options;
    let weighted = 0;
    let weightSum = 0;
    for (const [name, log] of logs) {
      const baseline = this.#baseline.get(name);
      if (baseline === undefined) continue; // not seen while healthy: no reference to compare with
      const spread = baseline.count > 1 ? Math.sqrt(baseline.m2Log / (baseline.count - 1)) : 0;
      const excess = Math.max(0, log - baseline.meanLog - noiseSigmas * Math.max(spread, spreadLogMin));
      const { weight = 1, failureRatio = failureRatioDefault } = features[name] ?? {};
      const severity = excess / Math.log(failureRatio);
      weighted += weight * severity * severity;
      weightSum += weight;
    }
    if (weightSum <= 0) throw new Error('health index: no weighted feature in common with the baseline');
    return healthAtFailure ** Math.sqrt(weighted / weightSum);
  }
}
