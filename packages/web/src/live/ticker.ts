/**
 * One shared timer per period for everything that shows an age ("2 s ago", freshness dots), so
 * that a thousand rows do not start a thousand intervals. Subscribers recompute their snapshot
 * (a string or an enum) on each tick; React re-renders only those whose snapshot changed.
 */
interface Tick {
  readonly listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval> | undefined;
}

const ticks = new Map<number, Tick>();

export function subscribeTicker(periodMs: number, listener: () => void): () => void {
  let tick = ticks.get(periodMs);
  if (tick === undefined) {
    tick = { listeners: new Set(), timer: undefined };
    ticks.set(periodMs, tick);
  }
  const current = tick;
  current.listeners.add(listener);
  current.timer ??= setInterval(() => {
    for (const each of [...current.listeners]) each();
  }, periodMs);
  return () => {
    current.listeners.delete(listener);
    if (current.listeners.size === 0) {
      clearInterval(current.timer);
      current.timer = undefined;
    }
  };
}
