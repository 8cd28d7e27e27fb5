/** Appends an item stamped `timeMs` and drops those older than `windowMs` before it (the newest is kept in order). */
export function appendWindowed<T extends { readonly timeMs: number }>(
  items: readonly T[],
  item: T,
  windowMs: number,
): T[] {
  const last = items[items.length - 1];
  // A repeat or a step back (the clock corrected by the live connection) would give a bogus rate.
  if (last !== undefined && item.timeMs <= last.timeMs) return [...items];
  const oldestMs = item.timeMs - windowMs;
  const kept = items.filter((each) => each.timeMs >= oldestMs);
  kept.push(item);
  return kept;
}
