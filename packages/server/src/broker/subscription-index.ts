/**
 * Which connected MQTT clients would receive a publish to a topic: the broker's subscriptions,
 * mirrored from its events, so that commands are published only when a device that takes them
 * is there (sync/commands). Filters are indexed by their literal prefix (the levels before the
 * first wildcard), so a lookup checks one bucket per level of the topic, not every client.
 *
 * A persistent session (clean = false) keeps its subscriptions while disconnected, as the broker
 * does, and is a subscriber again as soon as it reconnects.
 */
interface Client {
  connected: boolean;
  clean: boolean;
  readonly filters: Set<string>;
}

export class SubscriptionIndex {
  private readonly clients = new Map<string, Client>();
  /** Literal prefix → (filter → client ids). */
  private readonly byPrefix = new Map<string, Map<string, Set<string>>>();

  connected(clientId: string, clean: boolean): void {
    const client = this.clients.get(clientId);
    if (client !== undefined && (clean || client.clean)) this.forget(clientId);
    const current = this.clients.get(clientId) ?? { connected: true, clean, filters: new Set<string>() };
    current.connected = true;
    current.clean = clean;
    this.clients.set(clientId, current);
  }

  disconnected(clientId: string): void {
    const client = this.clients.get(clientId);
    if (client === undefined) return;
    if (client.clean) this.forget(clientId);
    else client.connected = false;
  }

  subscribed(clientId: string, filters: readonly string[]): void {
    let client = this.clients.get(clientId);
    if (client === undefined)
      this.clients.set(clientId, (client = { connected: true, clean: true, filters: new Set() }));
    for (const filter of filters) {
      if (client.filters.has(filter)) continue;
      client.filters.add(filter);
      const prefix = literalPrefix(filter);
      let filtersOfPrefix = this.byPrefix.get(prefix);
      if (filtersOfPrefix === undefined) this.byPrefix.set(prefix, (filtersOfPrefix = new Map()));
      let ids = filtersOfPrefix.get(filter);
      if (ids === undefined) filtersOfPrefix.set(filter, (ids = new Set()));
      ids.add(clientId);
    }
  }

  unsubscribed(clientId: string, filters: readonly string[]): void {
    const client = this.clients.get(clientId);
    if (client === undefined) return;
    for (const filter of filters) {
      if (!client.filters.delete(filter)) continue;
      const prefix = literalPrefix(filter);
      const ids = this.byPrefix.get(prefix)?.get(filter);
      ids?.delete(clientId);
      if (ids?.size === 0) this.byPrefix.get(prefix)?.delete(filter);
    }
  }

  /** Connected clients with a subscription matching `topic`. */
  subscribers(topic: string): string[] {
    const out = new Set<string>();
    const levels = topic.split('/');
    for (let depth = 0; depth <= levels.length; depth++) {
      const filters = this.byPrefix.get(levels.slice(0, depth).join('/'));
      if (filters === undefined) continue;
      for (const [filter, ids] of filters) {
        if (!topicMatches(filter, levels)) continue;
        for (const id of ids) if (this.clients.get(id)?.connected === true) out.add(id);
      }
    }
    return [...out];
  }

  private forget(clientId: string): void {
    const client = this.clients.get(clientId);
    if (client === undefined) return;
    this.unsubscribed(clientId, [...client.filters]);
    this.clients.delete(clientId);
  }
}

/** The levels of a filter before its first wildcard, joined (the whole filter when it has none). */
function literalPrefix(filter: string): string {
  const levels = filter.split('/');
  const wildcard = levels.findIndex((level) => level === '+' || level === '#');
  return (wildcard === -1 ? levels : levels.slice(0, wildcard)).join('/');
}

/** MQTT 3.1.1 §4.7 matching; topics starting with `$` are not matched by a leading wildcard. */
export function topicMatches(filter: string, topicLevels: readonly string[]): boolean {
  const levels = filter.split('/');
  if ((levels[0] === '+' || levels[0] === '#') && (topicLevels[0] ?? '').startsWith('$')) return false;
  for (let index = 0; index < levels.length; index++) {
    const level = levels[index];
    if (level === '#') return true;
    if (index >= topicLevels.length) return false;
    if (level !== '+' && level !== topicLevels[index]) return false;
  }
  return levels.length === topicLevels.length;
}
