import type { LiveTwin } from '../../live/twin-values-store';

/**
 * What a marker on a plan says at a glance (issue 7): green `ok`, yellow `warn`, red `alarm`,
 * grey and hatched `stale` (its main value stopped arriving: the platform marked it stale), and
 * `unknown` before any value arrived.
 */
export type MarkerStatus = 'ok' | 'warn' | 'alarm' | 'stale' | 'unknown';

/** A band of plausible operation for a path: outside `warn…` is yellow, outside `alarm…` red. */
export interface StatusRule {
  readonly path: string;
  readonly warnAbove?: number;
  readonly alarmAbove?: number;
  readonly warnBelow?: number;
  readonly alarmBelow?: number;
}

/**
 * Default bands for the quantities of a building and a plant (comfort ranges for rooms, common
 * alarm levels for equipment). Paths without a band are judged by quality and freshness only.
 */
export const DEFAULT_STATUS_RULES: readonly StatusRule[] = [
  { path: 'temperature', warnBelow: 17, alarmBelow: 14, warnAbove: 26, alarmAbove: 30 },
  { path: 'humidity', warnBelow: 25, alarmBelow: 15, warnAbove: 65, alarmAbove: 75 },
  { path: 'co2', warnAbove: 1000, alarmAbove: 1500 },
  { path: 'vibration', warnAbove: 4.5, alarmAbove: 7.1 },
  { path: 'filterDeltaPressure', warnAbove: 250, alarmAbove: 350 },
  { path: 'toolWear', warnAbove: 80, alarmAbove: 95 },
  { path: 'surfaceTemperature', warnAbove: 70, alarmAbove: 85 },
];

const RANK: Readonly<Record<MarkerStatus, number>> = { unknown: 0, ok: 1, warn: 2, alarm: 3, stale: 4 };

function worse(a: MarkerStatus, b: MarkerStatus): MarkerStatus {
  return RANK[b] > RANK[a] ? b : a;
}

function band(rule: StatusRule, value: number): MarkerStatus {
  if (
    (rule.alarmAbove !== undefined && value > rule.alarmAbove) ||
    (rule.alarmBelow !== undefined && value < rule.alarmBelow)
  ) {
    return 'alarm';
  }
  if (
    (rule.warnAbove !== undefined && value > rule.warnAbove) ||
    (rule.warnBelow !== undefined && value < rule.warnBelow)
  ) {
    return 'warn';
  }
  return 'ok';
}

/**
 * The status of a twin: stale when its main path is stale (grey wins: its colour would be a guess),
 * else the worst of every live path's quality (bad: alarm, uncertain: warn) and band.
 */
export function markerStatus(
  twin: LiveTwin | undefined,
  mainPath: string | undefined,
  rules: ReadonlyMap<string, StatusRule>,
): MarkerStatus {
  if (twin === undefined) return 'unknown';
  const main = mainPath === undefined ? undefined : twin.paths[mainPath];
  if (main?.freshness === 'stale') return 'stale';
  let status: MarkerStatus = 'unknown';
  for (const [path, state] of Object.entries(twin.paths)) {
    status = worse(status, 'ok');
    if (state.freshness === 'stale') continue;
    if (state.quality === 'bad') status = worse(status, 'alarm');
    else if (state.quality === 'uncertain') status = worse(status, 'warn');
    const rule = rules.get(path);
    if (rule !== undefined && typeof state.value === 'number') status = worse(status, band(rule, state.value));
  }
  return status;
}

export function rulesByPath(rules: readonly StatusRule[]): ReadonlyMap<string, StatusRule> {
  return new Map(rules.map((rule) => [rule.path, rule]));
}
