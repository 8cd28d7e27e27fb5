export interface ReasonShare {
  readonly reason: string;
  readonly count: number;
  /** Of all the counted letters, 0–1. */
  readonly share: number;
}

/** Dead-letter counts by reason, the commonest first (ties by name), with each one's share. */
export function reasonShares(counts: Readonly<Record<string, number>>): ReasonShare[] {
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  return Object.entries(counts)
    .filter(([, count]) => count > 0)
    .map(([reason, count]) => ({ reason, count, share: count / total }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

/** Counts by reason of the letters at hand (when the platform's own counts are unavailable). */
export function countReasons(letters: readonly { readonly reason: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const letter of letters) counts[letter.reason] = (counts[letter.reason] ?? 0) + 1;
  return counts;
}
