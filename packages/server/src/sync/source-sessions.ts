/**
 * Connectivity of sources (DESIGN.md 3: an MQTT client id, or an HTTP caller): when each was
 * last seen, and for MQTT whether its session is open. A session that ends without a DISCONNECT
 * packet (a dropped connection, a keep-alive timeout, hence a last will), or a source that
 * publishes `offline` on `sources/{id}/status`, is offline: the series it fed are stale at once
 * (freshness-tracker.ts). A clean DISCONNECT is a goodbye, not a failure: the source is listed
 * as disconnected, and its values go stale by their own cadence if nothing else sends them. A
 * source with a timeout (configuration) that sends nothing, not even a heartbeat
 * (`sources/{id}/heartbeat`, `POST /api/v1/sources/{id}/heartbeat`), for that long is offline too.
 */
export type SessionEvent =
  | { readonly type: 'connected'; readonly clientId: string }
  | { readonly type: 'disconnected'; readonly clientId: string; readonly clean: boolean }
  | { readonly type: 'ping'; readonly clientId: string }
  | { readonly type: 'subscribed'; readonly clientId: string };

export type SourceStatus = 'online' | 'disconnected' | 'offline';

export interface SourceInfo {
  readonly id: string;
  readonly status: SourceStatus;
  /** Last message, ping or connection from it. */
  readonly lastSeenMs: number;
  /** When the current status began. */
  readonly sinceMs: number;
  /** MQTT: the session is (or was) an MQTT connection; HTTP callers have no session. */
  readonly session: boolean;
  /**
   * Why it is offline: `connection-lost`, `announced` (its status topic said so) or `silent`
   * (nothing from it, not even a heartbeat, for its timeout).
   */
  readonly reason: 'connection-lost' | 'announced' | 'silent' | null;
  /**
   * Share of recent time it was not offline, 0–1: a moving average over time with a one-hour time
   * constant (a clean disconnect is not an outage). Part of the confidence in its values.
   */
  readonly availability: number;
}

interface MutableSource {
  id: string;
  status: SourceStatus;
  lastSeenMs: number;
  sinceMs: number;
  session: boolean;
  reason: SourceInfo['reason'];
  availability: number;
  /** Time up to which `availability` is folded in. */
  foldedMs: number;
}

/** Time constant of availability: an outage weighs e times less an hour later. */
export const AVAILABILITY_TAU_MS = 3_600_000;

/** Availability at `nowMs`: the last one, moved towards 1 (up) or 0 (offline) for the time since. */
function availabilityAt(source: MutableSource, nowMs: number): number {
  const elapsed = Math.max(0, nowMs - source.foldedMs);
  const keep = Math.exp(-elapsed / AVAILABILITY_TAU_MS);
  return source.availability * keep + (source.status === 'offline' ? 0 : 1) * (1 - keep);
}

/** Most sources remembered; the least recently seen offline ones are forgotten first. */
const SOURCES_MAX = 100_000;

export class SourceSessions {
  private readonly sources = new Map<string, MutableSource>();

  /** A session event from the broker at `nowMs`; returns true if the source just went offline. */
  session(event: SessionEvent, nowMs: number): boolean {
    const source = this.touch(event.clientId, nowMs);
    source.session = true;
    switch (event.type) {
      case 'connected':
        this.set(source, 'online', nowMs, null);
        return false;
      case 'ping':
      case 'subscribed':
        if (source.status !== 'online') this.set(source, 'online', nowMs, null);
        return false;
      case 'disconnected':
        if (event.clean) {
          this.set(source, 'disconnected', nowMs, null);
          return false;
        }
        this.set(source, 'offline', nowMs, 'connection-lost');
        return true;
    }
  }

  /** The source's own announcement (`sources/{id}/status`); returns true if it went offline. */
  announce(id: string, online: boolean, nowMs: number): boolean {
    const source = this.touch(id, nowMs);
    if (online) {
      this.set(source, 'online', nowMs, null);
      return false;
    }
    if (source.status === 'offline') return false;
    this.set(source, 'offline', nowMs, 'announced');
    return true;
  }

  /** Data from the source arrived (the source is alive whatever its session said). */
  seen(id: string, nowMs: number): void {
    const source = this.touch(id, nowMs);
    // An HTTP caller has no session: being seen is being online. An MQTT source that sends data
    // after it was declared offline is back.
    if (source.status !== 'online') this.set(source, 'online', nowMs, null);
  }

  /**
   * Sources online whose last sign of life is older than their timeout (`timeoutOf`, undefined:
   * none) turn offline (`silent`); returns their ids.
   */
  expire(nowMs: number, timeoutOf: (id: string) => number | undefined): string[] {
    const silent: string[] = [];
    for (const source of this.sources.values()) {
      if (source.status !== 'online') continue;
      const timeoutMs = timeoutOf(source.id);
      if (timeoutMs === undefined || nowMs - source.lastSeenMs < timeoutMs) continue;
      this.set(source, 'offline', nowMs, 'silent');
      silent.push(source.id);
    }
    return silent;
  }

  get(id: string, nowMs: number): SourceInfo | undefined {
    const source = this.sources.get(id);
    return source === undefined ? undefined : this.info(source, nowMs);
  }

  list(nowMs: number): SourceInfo[] {
    return [...this.sources.values()].map((source) => this.info(source, nowMs));
  }

  /** Whether the source is offline now (unknown sources are not). */
  isOffline(id: string): boolean {
    return this.sources.get(id)?.status === 'offline';
  }

  /** The source's availability now (1 for a source never seen: nothing speaks against it). */
  availability(id: string, nowMs: number): number {
    const source = this.sources.get(id);
    return source === undefined ? 1 : availabilityAt(source, nowMs);
  }

  private info(source: MutableSource, nowMs: number): SourceInfo {
    const { foldedMs: _folded, ...shown } = source;
    return { ...shown, availability: Math.round(availabilityAt(source, nowMs) * 1_000) / 1_000 };
  }

  counts(): Record<SourceStatus, number> {
    const counts: Record<SourceStatus, number> = { online: 0, disconnected: 0, offline: 0 };
    for (const source of this.sources.values()) counts[source.status]++;
    return counts;
  }

  private touch(id: string, nowMs: number): MutableSource {
    let source = this.sources.get(id);
    if (source === undefined) {
      if (this.sources.size >= SOURCES_MAX) this.forgetOldest();
      source = {
        id,
        status: 'online',
        lastSeenMs: nowMs,
        sinceMs: nowMs,
        session: false,
        reason: null,
        availability: 1,
        foldedMs: nowMs,
      };
      this.sources.set(id, source);
    }
    if (nowMs > source.lastSeenMs) source.lastSeenMs = nowMs;
    return source;
  }

  private set(source: MutableSource, status: SourceStatus, nowMs: number, reason: SourceInfo['reason']): void {
    if (source.status !== status) {
      // The time until now counts with the status it had.
      source.availability = availabilityAt(source, nowMs);
      source.foldedMs = Math.max(source.foldedMs, nowMs);
      source.sinceMs = nowMs;
    }
    source.status = status;
    source.reason = reason;
  }

  private forgetOldest(): void {
    let oldest: MutableSource | undefined;
    for (const source of this.sources.values()) {
      if (source.status === 'online') continue;
      if (oldest === undefined || source.lastSeenMs < oldest.lastSeenMs) oldest = source;
    }
    if (oldest !== undefined) this.sources.delete(oldest.id);
  }
}
