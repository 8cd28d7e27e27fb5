/**
 * The paths the platform derives for a BearingMonitor twin and the Condition section shows
 * (docs/alerts.md "Predictive maintenance"); the detail's History chart leaves them to it.
 */
export const HEALTH_PATH = 'healthIndex';
export const RUL_PATHS = { p10: 'rulP10Hours', p50: 'rulP50Hours', p90: 'rulP90Hours' } as const;
export const CONDITION_PATHS: ReadonlySet<string> = new Set([HEALTH_PATH, RUL_PATHS.p10, RUL_PATHS.p50, RUL_PATHS.p90]);
