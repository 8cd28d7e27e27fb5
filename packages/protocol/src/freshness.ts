/**
 * Freshness of the platform's series and connectivity of its sources (docs/sync.md):
 * `GET /api/v1/freshness` and `GET /api/v1/sources`.
 */

/** A series (twin path) stale now, as `GET /api/v1/freshness` lists it, the longest silence first. */
export interface StaleSeries {
  readonly twinId: string;
  readonly path: string;
  readonly staleSinceMs: number;
  readonly reason: 'no-update' | 'source-offline';
  /** The expected interval between updates, ms; null when none is declared or learned. */
  readonly cadenceMs: number | null;
  readonly lastReceivedMs: number;
  /** The source its last value came from. */
  readonly source: string | null;
}

/** `online`; `disconnected` after a clean goodbye; `offline` when the connection was lost, it said so, or went silent. */
export type SourceStatus = 'online' | 'disconnected' | 'offline';

/** `GET /api/v1/freshness`. */
export interface FreshnessOverview {
  /** Series whose freshness is tracked, and how many of them are stale now. */
  readonly series: number;
  readonly staleSeries: number;
  /** A series is stale after this many cadences without an update. */
  readonly staleFactor: number;
  readonly tickMs: number;
  readonly declaredRules: number;
  readonly sources: Readonly<Record<SourceStatus, number>>;
  /** At most `limit` (default 100), oldest first. */
  readonly stale: readonly StaleSeries[];
}

/** One source (an MQTT client id or an HTTP caller) in `GET /api/v1/sources`. */
export interface SourceInfo {
  readonly id: string;
  readonly status: SourceStatus;
  /** Last message, ping or connection from it. */
  readonly lastSeenMs: number;
  /** When the current status began. */
  readonly sinceMs: number;
  /** True for an MQTT session; HTTP callers have none. */
  readonly session: boolean;
  readonly reason: 'connection-lost' | 'announced' | 'silent' | null;
  /** Share of recent time it was not offline, 0–1 (one-hour moving average). */
  readonly availability: number;
}
