import type { SourceInfo, SourceStatus } from '@doppel/protocol';

const STATUS_RANK: Readonly<Record<SourceStatus, number>> = { offline: 0, disconnected: 1, online: 2 };

/**
 * Sources in the order an operator looks at them: offline first (the longest down first), then
 * disconnected, then online by name.
 */
export function orderSources(sources: readonly SourceInfo[]): SourceInfo[] {
  return [...sources].sort(
    (a, b) =>
      STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
      (a.status === 'online' ? 0 : a.sinceMs - b.sinceMs) ||
      a.id.localeCompare(b.id),
  );
}
