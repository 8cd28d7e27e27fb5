import type { TenantId } from '@doppel/core';
import type { PlanBackground, Placement } from '@doppel/protocol';

/** A plan as stored: validated, with its placements in their order. */
export interface StoredPlan {
  readonly spaceId: string;
  /** As given; null when none was: the API then shows the space twin's name. */
  readonly name: string | null;
  readonly width: number;
  readonly height: number;
  readonly unit: 'm' | 'px';
  readonly background: PlanBackground;
  readonly placements: readonly Placement[];
  readonly updatedMs: number;
  readonly etag: string;
}

/** A plan without its background and placements (the list, and checks before a placement). */
export interface StoredPlanSummary {
  readonly spaceId: string;
  readonly name: string | null;
  readonly width: number;
  readonly height: number;
  readonly unit: 'm' | 'px';
  /** How many placements it holds. */
  readonly placements: number;
  readonly updatedMs: number;
  readonly etag: string;
}

/** What a change of one placement does to its plan: a new update time and ETag. */
export interface PlanStamp {
  readonly updatedMs: number;
  readonly etag: string;
}

/**
 * Where floor plans live (DESIGN.md 5: a port with an embedded SQLite adapter, PostgreSQL later).
 * A plan is keyed by its space twin's id; its placements are kept one by one, so that moving a
 * twin writes one placement, not the whole plan and its background (up to
 * `planBackgroundBytesMax`). Every method is scoped to a tenant (invariant 6). The store checks
 * nothing: validation against the graph and the limits is `PlanService`'s. Every write resolves
 * once durable.
 */
export interface PlanStore {
  open(): Promise<void>;
  close(): Promise<void>;
  /** Every plan of the tenant, sorted by spaceId. */
  list(tenant: TenantId): Promise<StoredPlanSummary[]>;
  /** One plan without background and placements; undefined if there is none. */
  summary(tenant: TenantId, spaceId: string): Promise<StoredPlanSummary | undefined>;
  get(tenant: TenantId, spaceId: string): Promise<StoredPlan | undefined>;
  /** Inserts the plan or replaces it with all its placements, all or nothing; true if it is new. */
  put(tenant: TenantId, plan: StoredPlan): Promise<boolean>;
  /** Deletes the plan and its placements; false if there was none. */
  delete(tenant: TenantId, spaceId: string): Promise<boolean>;
  /**
   * Adds a placement at the end of the plan's order, or replaces the twin's placement where it
   * stands in the order, and stamps the plan; false (and nothing written) if there is no plan.
   */
  putPlacement(tenant: TenantId, spaceId: string, placement: Placement, stamp: PlanStamp): Promise<boolean>;
  /** Removes the twin's placement and stamps the plan; false (and nothing written) if it was not placed. */
  deletePlacement(tenant: TenantId, spaceId: string, twinId: string, stamp: PlanStamp): Promise<boolean>;
  /** The spaces whose plans place the twin, sorted. */
  spacesPlacing(tenant: TenantId, twinId: string): Promise<string[]>;
  /** Every twin placed on a plan, with its space: what a sweep at start-up checks against the graph. */
  placedTwins(tenant: TenantId): Promise<{ readonly spaceId: string; readonly twinId: string }[]>;
}
