import type { CommandStatus, CommandView } from '@doppel/protocol';

/** How far along its lifecycle a status is; a view never moves back to a lower rank. */
const STATUS_RANK: Readonly<Record<CommandStatus, number>> = {
  pending: 0,
  sent: 1,
  acknowledged: 2,
  succeeded: 3,
  failed: 3,
  'timed-out': 3,
  expired: 3,
  cancelled: 3,
};

export const isFinalStatus = (status: CommandStatus): boolean => STATUS_RANK[status] === 3;

/**
 * Whether `next` should replace `held` (two views of one command): a later status wins; the same
 * status wins too, as the server's newer word on it (e.g. `duplicateResponses` counted). A view
 * that arrives late (the REST answer after the WebSocket's `succeeded`, a list fetched before a
 * frame) never rolls a command back.
 */
export function supersedes(next: CommandView, held: CommandView): boolean {
  return STATUS_RANK[next.status] >= STATUS_RANK[held.status];
}

/** The same view again (a frame and a REST answer of one status): no change to announce. */
const sameView = (a: CommandView, b: CommandView): boolean =>
  a.status === b.status && a.duplicateResponses === b.duplicateResponses && JSON.stringify(a) === JSON.stringify(b);

/** Newest first: by creation time, then by id so that the order is total. */
const newestFirst = (a: CommandView, b: CommandView): number =>
  b.createdMs - a.createdMs || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * Merges views into a twin's list (newest first, at most `max`): each replaces the held view of
 * its command when it supersedes it. Returns the same array when nothing changed, so that React
 * readers re-render only on a change.
 */
export function mergeCommands(
  list: readonly CommandView[],
  views: readonly CommandView[],
  max: number,
): readonly CommandView[] {
  let next: CommandView[] | undefined;
  for (const view of views) {
    const current = next ?? list;
    const index = current.findIndex((held) => held.id === view.id);
    if (index >= 0) {
      const held = current[index] as CommandView;
      if (held === view || !supersedes(view, held) || sameView(held, view)) continue;
      next ??= [...list];
      next[index] = view;
    } else {
      next ??= [...list];
      next.push(view);
    }
  }
  if (next === undefined) return list;
  next.sort(newestFirst);
  if (next.length > max) next.length = max;
  return next;
}

export interface CommandStoreLimits {
  /** Commands kept per twin (the newest). */
  readonly perTwinMax: number;
  /** Twins kept; the one updated longest ago is forgotten first. */
  readonly twinsMax: number;
}

export const DEFAULT_COMMAND_STORE_LIMITS: CommandStoreLimits = { perTwinMax: 50, twinsMax: 200 };

const EMPTY: readonly CommandView[] = [];

/**
 * Commands and desired values of the twins this page shows, keyed by twin, newest first,
 * bounded. Fed by `command.updated` frames and by REST answers and lists, in any order: a view
 * replaces the held one only if it is not behind it. Listeners are per twin.
 */
export class CommandStore {
  private readonly twins = new Map<string, readonly CommandView[]>();
  private readonly listeners = new Map<string, Set<() => void>>();
  private readonly limits: CommandStoreLimits;

  constructor(limits: Partial<CommandStoreLimits> = {}) {
    this.limits = { ...DEFAULT_COMMAND_STORE_LIMITS, ...limits };
  }

  /** The twin's commands, newest first: a stable array until it changes. */
  list(twinId: string): readonly CommandView[] {
    return this.twins.get(twinId) ?? EMPTY;
  }

  get(twinId: string, commandId: string): CommandView | undefined {
    return this.twins.get(twinId)?.find((view) => view.id === commandId);
  }

  subscribe(twinId: string, listener: () => void): () => void {
    let set = this.listeners.get(twinId);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(twinId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(twinId);
    };
  }

  /** A `command.updated` frame's command, or a REST answer. */
  apply(view: CommandView): void {
    this.applyAll(view.twinId, [view]);
  }

  /** Views of one twin (a REST page). */
  applyAll(twinId: string, views: readonly CommandView[]): void {
    const held = this.list(twinId);
    const merged = mergeCommands(
      held,
      views.filter((view) => view.twinId === twinId),
      this.limits.perTwinMax,
    );
    if (merged === held) return;
    // Re-inserted, so that the map's order is the order of last update (oldest first).
    this.twins.delete(twinId);
    this.twins.set(twinId, merged);
    for (const oldest of this.twins.keys()) {
      if (this.twins.size <= this.limits.twinsMax) break;
      if (this.listeners.has(oldest)) continue; // shown right now: kept
      this.twins.delete(oldest);
    }
    for (const listener of [...(this.listeners.get(twinId) ?? [])]) listener();
  }

  /** Twins nobody shows any more: their frames stop coming, so their lists would go stale. */
  evict(twinIds: readonly string[]): void {
    for (const twinId of twinIds) {
      if (!this.listeners.has(twinId)) this.twins.delete(twinId);
    }
  }
}
