import type { Limits } from '@doppel/core';
import { DEFAULT_LIMITS } from '@doppel/core';
import type { FsyncPolicy } from '../log/event-log.js';
import type { RetentionPolicy } from '../history/history-store.js';
import { retentionProblems } from '../history/retention-problems.js';
import { cadenceRuleProblems } from '../sync/cadence-rules.js';
import { criticalRuleProblems } from '../sync/freshness-rollup.js';
import type { QualityRule } from '../sync/quality-rules.js';
import type { DiscrepancyRule } from '../sync/work-orders/discrepancy-watcher.js';
import { discrepancyRuleProblems } from '../sync/work-orders/discrepancy-watcher.js';
import { qualityRuleProblems } from '../sync/quality-rules.js';
import type { ConsistencyConfig } from '../sync/consistency/consistency-rules.js';
import { consistencyProblems, DEFAULT_CONSISTENCY } from '../sync/consistency/consistency-rules.js';
import type { FreshnessConfig } from '../sync/platform-freshness.js';
import { DEFAULT_FRESHNESS } from '../sync/platform-freshness.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Everything the composition root needs; README "Configuration" documents each field. */
export interface PlatformConfig {
  /** Directory of the embedded stores (registry, dead letters, event log, snapshots). */
  readonly dataDir: string;
  /** Interface the HTTP API, web UI and MQTT broker bind to. Loopback by default: there is no authentication yet. */
  readonly host: string;
  readonly httpPort: number;
  readonly mqttPort: number;
  /** Load the demo plant on first start (an empty registry). */
  readonly demo: boolean;
  /** Run the plant simulator (publishes the demo plant's telemetry over MQTT). */
  readonly simulator: boolean;
  readonly fsync: FsyncPolicy;
  readonly logLevel: LogLevel;
  /** Directory of the built web UI; undefined serves no UI. */
  readonly webDir: string | undefined;
  /** Disconnect MQTT clients whose socket cannot be written for this long. */
  readonly mqttDrainTimeoutMs: number;
  readonly mqttConnectionsMax: number;
  /**
   * Keep history (DuckDB, `history.duckdb` in the data directory): on by default. On a 2-core
   * machine it costs live ingest about a third of its peak (bench:ingest max: 1.17 M points/s
   * without, 0.8 M with; the 500 k points/s fleet workload holds either way); `--no-history`
   * turns it off where only live state matters.
   */
  readonly history: boolean;
  /**
   * Before raw retention drops a day, write it to `<data>/history-archive/<model>/<day>.parquet`
   * (off by default: the archive grows without bound; move or delete old files yourself).
   */
  readonly historyArchive: boolean;
  /**
   * Streaming anomaly detectors on every numeric telemetry series (docs/alerts.md "Anomaly
   * detection"): on by default; a series is looked at once a second at most, 100,000 series at
   * most. `DOPPEL_ANOMALIES=false` turns them off.
   */
  readonly anomalies: boolean;
  /**
   * How long each history tier is kept, in ms (null = forever), globally and per model or path
   * (docs/history.md "Retention tiers"). A layer's tiers replace those below it one by one.
   */
  readonly historyRetention: RetentionPolicy;
  /**
   * When values count as stale (docs/sync.md): `staleFactor` cadences without an update
   * (default 6), checked every `tickMs` (default 100), with the cadences declared in `cadences`
   * (rules by model, twin, source and path; the others are learned).
   */
  readonly freshness: FreshnessConfig;
  /** Plausibility rules that infer each value's quality (docs/sync.md "Quality"). */
  readonly quality: { readonly rules: readonly QualityRule[] };
  /** Rules that catch sources contradicting each other and open work orders (docs/sync.md). */
  readonly discrepancies: readonly DiscrepancyRule[];
  /** One value resolved from several inputs, and trust per source (docs/sync.md "Several sources, one value"). */
  readonly consistency: ConsistencyConfig;
  readonly limits: Limits;
}

export const DEFAULT_CONFIG: PlatformConfig = {
  dataDir: './data',
  host: '127.0.0.1',
  httpPort: 8080,
  mqttPort: 1883,
  demo: true,
  simulator: true,
  fsync: 'always',
  logLevel: 'info',
  webDir: undefined,
  mqttDrainTimeoutMs: 60_000,
  mqttConnectionsMax: 10_000,
  history: true,
  historyArchive: false,
  anomalies: true,
  historyRetention: { rawMs: 24 * 3_600_000, oneMinuteMs: 30 * 86_400_000, fifteenMinutesMs: null },
  freshness: DEFAULT_FRESHNESS,
  quality: { rules: [] },
  discrepancies: [],
  consistency: DEFAULT_CONSISTENCY,
  limits: { ...DEFAULT_LIMITS },
};

/** Environment variables read by `configFromEnv` (README "Configuration"). */
export const CONFIG_ENV = {
  DOPPEL_DATA: 'dataDir',
  DOPPEL_HOST: 'host',
  DOPPEL_HTTP_PORT: 'httpPort',
  DOPPEL_MQTT_PORT: 'mqttPort',
  DOPPEL_DEMO: 'demo',
  DOPPEL_SIM: 'simulator',
  DOPPEL_FSYNC: 'fsync',
  DOPPEL_LOG_LEVEL: 'logLevel',
  DOPPEL_HISTORY: 'history',
  DOPPEL_ANOMALIES: 'anomalies',
  DOPPEL_HISTORY_ARCHIVE: 'historyArchive',
} as const satisfies Record<string, keyof PlatformConfig>;

export type ConfigOverrides = Partial<
  Omit<PlatformConfig, 'limits' | 'historyRetention' | 'freshness' | 'quality' | 'consistency'>
> & {
  quality?: Partial<PlatformConfig['quality']>;
  consistency?: Partial<ConsistencyConfig>;
  limits?: Partial<Limits>;
  historyRetention?: Partial<RetentionPolicy>;
  freshness?: Partial<FreshnessConfig>;
};

/** Merges layers in order (defaults ← file ← environment ← flags) and validates the result. */
export function resolveConfig(...layers: readonly ConfigOverrides[]): PlatformConfig {
  let config: PlatformConfig = DEFAULT_CONFIG;
  for (const layer of layers) {
    const { limits, historyRetention, freshness, quality, consistency, ...rest } = layer;
    config = {
      ...config,
      ...definedOf(rest),
      limits: { ...config.limits, ...(limits ?? {}) },
      // Anything but an object is kept as given, for validation to name it.
      historyRetention:
        typeof historyRetention === 'object' && historyRetention !== null
          ? { ...config.historyRetention, ...definedOf(historyRetention) }
          : (historyRetention ?? config.historyRetention),
      freshness:
        typeof freshness === 'object' && freshness !== null
          ? { ...config.freshness, ...definedOf(freshness) }
          : (freshness ?? config.freshness),
      quality:
        typeof quality === 'object' && quality !== null
          ? { ...config.quality, ...definedOf(quality) }
          : (quality ?? config.quality),
      consistency:
        typeof consistency === 'object' && consistency !== null
          ? { ...config.consistency, ...definedOf(consistency) }
          : (consistency ?? config.consistency),
    };
  }
  const problems: string[] = [];
  for (const key of ['httpPort', 'mqttPort'] as const) {
    const port = config[key];
    if (!Number.isInteger(port) || port < 0 || port > 65_535)
      problems.push(`${key} must be an integer from 0 to 65535, got ${String(port)}`);
  }
  if (!['always', 'interval', 'never'].includes(config.fsync))
    problems.push(`fsync must be always, interval or never, got ${String(config.fsync)}`);
  if (!['debug', 'info', 'warn', 'error'].includes(config.logLevel))
    problems.push(`logLevel must be debug, info, warn or error`);
  for (const [name, value] of Object.entries(config.limits)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      problems.push(`limits.${name} must be a non-negative number`);
  }
  problems.push(...retentionProblems(config.historyRetention), ...freshnessProblems(config.freshness));
  problems.push(
    ...(typeof config.quality === 'object' && config.quality !== null
      ? qualityRuleProblems(config.quality.rules)
      : ['quality must be an object with "rules"']),
    ...discrepancyRuleProblems(config.discrepancies),
    ...consistencyProblems(config.consistency),
  );
  if (problems.length > 0) throw new Error(`invalid configuration: ${problems.join('; ')}`);
  return config;
}

function freshnessProblems(freshness: unknown): string[] {
  if (typeof freshness !== 'object' || freshness === null) return ['freshness must be an object'];
  const { staleFactor, minStaleMs, tickMs, cadences, critical, rollupRelationships, sourceTimeoutMs, sourceTimeouts } =
    freshness as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof staleFactor !== 'number' || !Number.isFinite(staleFactor) || staleFactor < 1 || staleFactor > 1_000)
    problems.push('freshness.staleFactor must be a number from 1 to 1000 (cadences without an update)');
  if (typeof minStaleMs !== 'number' || !Number.isFinite(minStaleMs) || minStaleMs < 0)
    problems.push('freshness.minStaleMs must be a number of milliseconds ≥ 0');
  if (typeof tickMs !== 'number' || !Number.isInteger(tickMs) || tickMs < 10 || tickMs > 10_000)
    problems.push('freshness.tickMs must be a whole number of milliseconds from 10 to 10000');
  problems.push(...cadenceRuleProblems(cadences), ...criticalRuleProblems(critical));
  if (
    !Array.isArray(rollupRelationships) ||
    !rollupRelationships.every((name) => typeof name === 'string' && name !== '')
  ) {
    problems.push('freshness.rollupRelationships must be an array of relationship names');
  }
  const timeout = (value: unknown): boolean => typeof value === 'number' && Number.isInteger(value) && value >= 1_000;
  if (sourceTimeoutMs !== null && !timeout(sourceTimeoutMs)) {
    problems.push('freshness.sourceTimeoutMs must be null or a whole number of milliseconds ≥ 1000');
  }
  if (
    !Array.isArray(sourceTimeouts) ||
    !sourceTimeouts.every(
      (entry: unknown) =>
        typeof entry === 'object' &&
        entry !== null &&
        typeof (entry as { source?: unknown }).source === 'string' &&
        timeout((entry as { timeoutMs?: unknown }).timeoutMs),
    )
  ) {
    problems.push('freshness.sourceTimeouts must be an array of {"source": id, "timeoutMs": ≥ 1000}');
  }
  return problems;
}

function definedOf<T extends object>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** Reads the DOPPEL_* environment variables. */
export function configFromEnv(env: Readonly<Record<string, string | undefined>>): ConfigOverrides {
  const out: Record<string, unknown> = {};
  for (const [variable, key] of Object.entries(CONFIG_ENV)) {
    const raw = env[variable];
    if (raw === undefined || raw === '') continue;
    if (key === 'httpPort' || key === 'mqttPort') out[key] = Number(raw);
    else if (
      key === 'demo' ||
      key === 'simulator' ||
      key === 'history' ||
      key === 'historyArchive' ||
      key === 'anomalies'
    )
      out[key] = !['0', 'false', 'no', 'off'].includes(raw.toLowerCase());
    else out[key] = raw;
  }
  return out as ConfigOverrides;
}
