import type {
  HistoryTier,
  SeriesQuery,
  SeriesResult,
  ModelRetention,
  RetentionOverride,
  RetentionPolicy,
  RetentionTiers,
} from './history-store.js';

/**
 * Resolves a `RetentionPolicy` for one model or path. The most specific setting wins, tier by
 * tier: the path's override, then the model's, then the global value; at each level an exact
 * model id (`dtmi:acme:Pump;2`) before its versionless id (`dtmi:acme:Pump`).
 */

export const RETENTION_TIERS = ['rawMs', 'oneMinuteMs', 'fifteenMinutesMs'] as const;
export type RetentionTier = (typeof RETENTION_TIERS)[number];

export const TIER_OF: Readonly<Record<HistoryTier, RetentionTier>> = {
  raw: 'rawMs',
  '1m': 'oneMinuteMs',
  '15m': 'fifteenMinutesMs',
};

function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** The model overrides that apply to `modelId`, most specific first. */
function modelLevels(policy: RetentionPolicy, modelId: string): ModelRetention[] {
  const semi = modelId.indexOf(';');
  const keys = semi < 0 ? [modelId] : [modelId, modelId.slice(0, semi)];
  return keys.flatMap((key) => own(policy.models, key) ?? []);
}

/** The tiers in force for a model (no `path`) or one of its paths. */
export function retentionOf(policy: RetentionPolicy, modelId: string, path?: string): RetentionTiers {
  const models = modelLevels(policy, modelId);
  const levels: RetentionOverride[] = [
    ...(path === undefined ? [] : models.flatMap((model) => own(model.paths, path) ?? [])),
    ...models,
  ];
  const pick = (tier: RetentionTier): number | null => {
    for (const level of levels) {
      const keepMs = level[tier];
      if (keepMs !== undefined) return keepMs;
    }
    return policy[tier];
  };
  return { rawMs: pick('rawMs'), oneMinuteMs: pick('oneMinuteMs'), fifteenMinutesMs: pick('fifteenMinutesMs') };
}

/** Whether a model has any override at all (most models do not: retention stays global). */
export function hasOverrides(policy: RetentionPolicy, modelId: string): boolean {
  return modelLevels(policy, modelId).length > 0;
}

/** What one tier of one model keeps; `null` = forever. */
export interface TierPlan {
  /** The longest keep of the model's paths: older data goes whole (raw partitions, rollup rows). */
  readonly keepMs: number | null;
  /** Paths kept for less than `keepMs`, by their keep: older values of these paths alone go. */
  readonly shorter: ReadonlyMap<string, number>;
}

/**
 * One tier of a model with the given paths. A model without paths keeps what the model level
 * says; otherwise its data as a whole lives as long as its longest-kept path.
 */
export function tierPlanOf(
  policy: RetentionPolicy,
  modelId: string,
  paths: readonly string[],
  tier: RetentionTier,
): TierPlan {
  const modelKeepMs = retentionOf(policy, modelId)[tier];
  if (paths.length === 0 || !hasOverrides(policy, modelId)) return { keepMs: modelKeepMs, shorter: new Map() };
  const byPath = new Map(paths.map((path) => [path, retentionOf(policy, modelId, path)[tier]]));
  const keeps = [...byPath.values()];
  const keepMs = keeps.includes(null) ? null : Math.max(...(keeps as number[]));
  const shorter = new Map<string, number>();
  for (const [path, pathKeepMs] of byPath) {
    if (pathKeepMs !== null && (keepMs === null || pathKeepMs < keepMs)) shorter.set(path, pathKeepMs);
  }
  return { keepMs, shorter };
}

/**
 * The earliest time from which a tier is sure to hold a path's data once retention has run at
 * `nowMs` (null: all of it). Data may reach further back (raw goes a whole day at a time); a
 * reader that starts before this time would return a partial series.
 */
export function retainedFromMs(
  policy: RetentionPolicy,
  modelId: string,
  path: string,
  tier: HistoryTier,
  nowMs: number,
): number | null {
  const keepMs = retentionOf(policy, modelId, path)[TIER_OF[tier]];
  return keepMs === null ? null : nowMs - keepMs;
}

/** The last retention a store applied: what it has deleted (nothing before the first run). */
export interface AppliedRetention {
  readonly policy: RetentionPolicy;
  readonly nowMs: number;
}

/**
 * Marks the frames of a result whose range reaches back past what retention left of their tier
 * (`retainedFromMs`), so that an expired range reads as such instead of as a silent gap. Any
 * adapter applies it to its answers.
 */
export function markExpired(
  result: SeriesResult,
  query: SeriesQuery,
  applied: AppliedRetention | undefined,
): SeriesResult {
  if (applied === undefined) return result;
  let marked = false;
  const frames = result.frames.map((frame) => {
    const fromMs = retainedFromMs(applied.policy, frame.series.modelId, frame.series.path, result.tier, applied.nowMs);
    if (fromMs === null || query.fromMs >= fromMs) return frame;
    marked = true;
    return { ...frame, retainedFromMs: fromMs };
  });
  return marked ? { ...result, frames } : result;
}
