import { mainTelemetryPath } from '../../live/main-telemetry';
import type { TwinValuesStore } from '../../live/twin-values-store';
import type { ModelStore } from '../../models/model-store';
import type { MarkerStatus, StatusRule } from '../plans/marker-status';
import { markerStatus } from '../plans/marker-status';

/** Statuses are worked out at most this often (4 per second, like the plans' PlanPainter). */
export const STATUS_INTERVAL_MS = 250;

/**
 * Tells the 3D scene which twins changed status, by the plans' rules (markerStatus of the main
 * telemetry), without React: each value change marks its twin dirty; at most every
 * STATUS_INTERVAL_MS the dirty twins get their status, and only those whose status changed are
 * passed on (so only their materials change).
 */
export class StatusPainter {
  private readonly statuses = new Map<string, MarkerStatus>();
  private readonly dirty = new Set<string>();
  private readonly unsubscribe: (() => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastMs = -Infinity;
  /** Passes and twins whose status changed, for tests and the debug overlay. */
  passes = 0;
  changed = 0;

  constructor(
    private readonly twinIds: readonly string[],
    private readonly values: TwinValuesStore,
    private readonly models: Pick<ModelStore, 'subscribe' | 'ensure' | 'resolved'>,
    private readonly rules: ReadonlyMap<string, StatusRule>,
    private readonly apply: (changes: ReadonlyMap<string, MarkerStatus>, counts: Record<MarkerStatus, number>) => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    for (const twinId of twinIds) {
      this.unsubscribe.push(values.subscribe(twinId, () => this.markDirty(twinId)));
      this.dirty.add(twinId);
    }
    // A model arriving gives twins their main path: all statuses again.
    this.unsubscribe.push(
      models.subscribe(() => {
        for (const twinId of twinIds) this.dirty.add(twinId);
        this.schedule();
      }),
    );
    this.schedule();
  }

  status(twinId: string): MarkerStatus {
    return this.statuses.get(twinId) ?? 'unknown';
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const off of this.unsubscribe.splice(0)) off();
  }

  private markDirty(twinId: string): void {
    this.dirty.add(twinId);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.lastMs + STATUS_INTERVAL_MS - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.paint();
    }, wait);
  }

  /** Works out the dirty twins' statuses now; passes on the changes (also used by tests). */
  paint(): void {
    this.lastMs = this.now();
    const changes = new Map<string, MarkerStatus>();
    for (const twinId of this.dirty) {
      const twin = this.values.get(twinId);
      if (twin !== undefined) this.models.ensure(twin.model);
      const model = twin === undefined ? undefined : this.models.resolved(twin.model);
      const status = markerStatus(twin, mainTelemetryPath(model, twin), this.rules);
      if (this.statuses.get(twinId) !== status) changes.set(twinId, status);
      this.statuses.set(twinId, status);
    }
    this.dirty.clear();
    this.passes++;
    if (changes.size === 0) return;
    this.changed += changes.size;
    const counts: Record<MarkerStatus, number> = { ok: 0, warn: 0, alarm: 0, stale: 0, unknown: 0 };
    for (const status of this.statuses.values()) counts[status]++;
    this.apply(changes, counts);
  }
}
