import type { Clock, Logger, TenantId } from '@doppel/core';
import { DoppelError, toIso } from '@doppel/core';
import type { EpochMs } from '@doppel/core';
import type { FloorPlan, Placement, PlanSummary } from '@doppel/protocol';
import type { TwinGraph } from '../graph/twin-graph.js';
import type { PlanLimits } from './plan-input.js';
import { parsePlacementInput, parsePlanInput } from './plan-input.js';
import type { PlanStamp, PlanStore, StoredPlan, StoredPlanSummary } from './plan-store.js';

/**
 * Floor plans of spaces with twins placed on them (docs/plans.md). Checks plans against the graph
 * and the limits, gives each change a new ETag, and keeps plans in step with the graph: a deleted
 * twin leaves every plan, a deleted space takes its plan with it (on the graph's events, and by a
 * sweep at start for what a crash between the two writes could leave behind).
 *
 * Changes run one at a time, in call order (the editor sends a move per drag, and a placement is
 * read, checked and written); reads wait for the changes asked before them, so a read after a
 * twin's deletion never shows its placement.
 */
export class PlanService {
  private queue: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly store: PlanStore,
    private readonly graph: TwinGraph,
    private readonly tenant: TenantId,
    private readonly limits: PlanLimits,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Sweeps plans and placements of twins no longer in the graph, then follows its deletions. */
  async start(): Promise<void> {
    this.unsubscribe = this.graph.onEvent((event) => {
      if (event.type !== 'twin.deleted') return;
      this.serial(() => this.forgetTwin(event.twinId)).catch((error: unknown) =>
        this.logger.error('plans: removing a deleted twin failed', {
          twinId: event.twinId,
          error: (error as Error).message,
        }),
      );
    });
    await this.serial(async () => {
      let plans = 0;
      let placements = 0;
      for (const summary of await this.store.list(this.tenant)) {
        if (
          this.graph.getTwin(summary.spaceId) === undefined &&
          (await this.store.delete(this.tenant, summary.spaceId))
        )
          plans++;
      }
      for (const { spaceId, twinId } of await this.store.placedTwins(this.tenant)) {
        if (
          this.graph.getTwin(twinId) === undefined &&
          (await this.store.deletePlacement(this.tenant, spaceId, twinId, this.stamp()))
        )
          placements++;
      }
      if (plans + placements > 0) this.logger.info('plans: removed what deleted twins left', { plans, placements });
    });
  }

  /** Stops following the graph once the changes under way are written. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.queue;
  }

  async list(): Promise<PlanSummary[]> {
    await this.queue;
    return (await this.store.list(this.tenant)).map((summary) => ({
      spaceId: summary.spaceId,
      name: this.nameOf(summary),
      width: summary.width,
      height: summary.height,
      unit: summary.unit,
      placements: summary.placements,
      updatedAt: toIso(summary.updatedMs as EpochMs),
    }));
  }

  async get(spaceId: string): Promise<FloorPlan> {
    await this.queue;
    const plan = await this.store.get(this.tenant, spaceId);
    if (plan === undefined) throw notFound(spaceId);
    return this.toWire(plan);
  }

  async has(spaceId: string): Promise<boolean> {
    await this.queue;
    return (await this.store.summary(this.tenant, spaceId)) !== undefined;
  }

  /** Creates or replaces the plan of an existing space twin from a `PlanInput`. */
  put(spaceId: string, body: unknown): Promise<{ readonly plan: FloorPlan; readonly created: boolean }> {
    return this.serial(async () => {
      this.graph.requireTwin(spaceId);
      const checked = parsePlanInput(body, this.limits, (id) => this.graph.getTwin(id) !== undefined);
      const plan: StoredPlan = { spaceId, ...checked, ...this.stamp() };
      const created = await this.store.put(this.tenant, plan);
      return { plan: this.toWire(plan), created };
    });
  }

  delete(spaceId: string): Promise<void> {
    return this.serial(async () => {
      if (!(await this.store.delete(this.tenant, spaceId))) throw notFound(spaceId);
    });
  }

  /** Adds a twin to a plan or moves it there; gives the placement and the plan's new ETag. */
  putPlacement(
    spaceId: string,
    twinId: string,
    body: unknown,
  ): Promise<{ readonly placement: Placement; readonly etag: string }> {
    return this.serial(async () => {
      const plan = await this.store.summary(this.tenant, spaceId);
      if (plan === undefined) throw notFound(spaceId);
      this.graph.requireTwin(twinId);
      const placement = parsePlacementInput(body, twinId, plan);
      if (
        plan.placements >= this.limits.planPlacementsMax &&
        !(await this.store.spacesPlacing(this.tenant, twinId)).includes(spaceId)
      ) {
        throw new DoppelError(
          'plan.invalid',
          `the plan of "${spaceId}" holds ${plan.placements} twins already; at most ${this.limits.planPlacementsMax} (limits.planPlacementsMax)`,
        );
      }
      const stamp = this.stamp();
      if (!(await this.store.putPlacement(this.tenant, spaceId, placement, stamp))) throw notFound(spaceId);
      return { placement, etag: stamp.etag };
    });
  }

  deletePlacement(spaceId: string, twinId: string): Promise<void> {
    return this.serial(async () => {
      if (await this.store.deletePlacement(this.tenant, spaceId, twinId, this.stamp())) return;
      if ((await this.store.summary(this.tenant, spaceId)) === undefined) throw notFound(spaceId);
      throw new DoppelError('plan.placement-not-found', `twin "${twinId}" is not placed on the plan of "${spaceId}"`);
    });
  }

  /** A deleted twin: its plan goes, and it leaves every plan it was placed on. */
  private async forgetTwin(twinId: string): Promise<void> {
    await this.store.delete(this.tenant, twinId);
    for (const spaceId of await this.store.spacesPlacing(this.tenant, twinId)) {
      await this.store.deletePlacement(this.tenant, spaceId, twinId, this.stamp());
    }
  }

  /** Runs `change` after every change asked before it; a failed change does not stop the next. */
  private serial<T>(change: () => Promise<T>): Promise<T> {
    const run = this.queue.then(change);
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private stamp(): PlanStamp {
    return { updatedMs: this.clock.nowMs(), etag: `W/"${crypto.randomUUID()}"` };
  }

  /** The plan's own name, or its space twin's `name` property, or the space's id. */
  private nameOf(plan: StoredPlan | StoredPlanSummary): string {
    if (plan.name !== null) return plan.name;
    const name = this.graph.getTwin(plan.spaceId)?.properties.name;
    return typeof name === 'string' && name !== '' ? name : plan.spaceId;
  }

  private toWire(plan: StoredPlan): FloorPlan {
    return {
      spaceId: plan.spaceId,
      name: this.nameOf(plan),
      width: plan.width,
      height: plan.height,
      unit: plan.unit,
      background: plan.background,
      placements: plan.placements,
      updatedAt: toIso(plan.updatedMs as EpochMs),
      etag: plan.etag,
    };
  }
}

function notFound(spaceId: string): DoppelError {
  return new DoppelError('plan.not-found', `there is no plan of "${spaceId}"`);
}
