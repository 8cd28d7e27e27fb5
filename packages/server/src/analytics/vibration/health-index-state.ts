/** Running statistics of one feature's logarithm over the healthy baseline (Welford). */
export interface BaselineFeatureState {
  readonly count: number;
  readonly meanLog: number;
  /** Sum of squared deviations of the logarithm from meanLog. */
  readonly m2Log: number;
}

/** The learned part of a HealthIndex, plain JSON so that it survives a restart. */
export interface HealthIndexState {
  readonly version: 1;
  /** Feature vectors learned so far; the baseline is complete at the options' baselineCount. */
  readonly learnedCount: number;
  /** Inclusive time span of the learned vectors in epoch milliseconds: which period counts as healthy. */
  readonly baselineFromMs: number | null;
  readonly baselineToMs: number | null;
  readonly features: Readonly<Record<string, BaselineFeatureState>>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isCount = (value: unknown): value is number => isFiniteNumber(value) && Number.isInteger(value) && value >= 0;
const isTimeOrNull = (value: unknown): value is number | null => value === null || isFiniteNumber(value);

/** Checks an exported state read back from storage; throws an Error saying what is wrong. */
export function parseHealthIndexState(value: unknown): HealthIndexState {
  if (!isRecord(value) || value['version'] !== 1) throw new Error('health index state: expected { version: 1, … }');
  const { learnedCount, baselineFromMs, baselineToMs, features } = value;
  if (!isCount(learnedCount)) throw new Error('health index state: learnedCount must be an integer >= 0');
  if (!isTimeOrNull(baselineFromMs) || !isTimeOrNull(baselineToMs)) {
    throw new Error('health index state: baselineFromMs and baselineToMs must be epoch milliseconds or null');
  }
  if (!isRecord(features)) throw new Error('health index state: features must be an object');
  const parsed: Record<string, BaselineFeatureState> = {};
  for (const [name, feature] of Object.entries(features)) {
    const { count, meanLog, m2Log } = isRecord(feature) ? feature : {};
    if (!isCount(count) || count > learnedCount || !isFiniteNumber(meanLog) || !isFiniteNumber(m2Log) || m2Log < 0) {
      throw new Error(`health index state: feature "${name}" needs count <= learnedCount, meanLog and m2Log >= 0`);
    }
    parsed[name] = { count, meanLog, m2Log };
  }
  return { version: 1, learnedCount, baselineFromMs, baselineToMs, features: parsed };
}
