/**
 * Floor plans (REST `/api/v1/plans`, docs/plans.md): a 2D plan of a space (a floor, a room, any
 * twin) with twins placed on it. Every coordinate is in the plan's frame: x to the right, y down,
 * origin at the top-left corner, in the plan's unit, inside [0, width] × [0, height].
 */

/**
 * What is drawn under the placements, stretched over the whole frame. The UI draws it as an image
 * (never inline), so scripts in an SVG never run.
 */
export type PlanBackground =
  /** An SVG document (with `xmlns="http://www.w3.org/2000/svg"`), best with `viewBox="0 0 width height"`. */
  | { readonly kind: 'svg'; readonly svg: string }
  /** `data:image/png|jpeg|webp;base64,…`. */
  | { readonly kind: 'image'; readonly dataUrl: string }
  | { readonly kind: 'none' };

/** One twin on a plan. */
export interface Placement {
  readonly twinId: string;
  /** Where its marker (or its label) goes, in the plan's frame. */
  readonly x: number;
  readonly y: number;
  /** A polygon the twin covers (a room): the UI fills it as a heat map. At least 3 points. */
  readonly area?: readonly (readonly [number, number])[];
}

/** What `PUT /api/v1/plans/{spaceId}` takes. */
export interface PlanInput {
  /** Default: the space twin's `name` property, or its id. */
  readonly name?: string;
  /** The frame: x right, y down, origin top-left. */
  readonly width: number;
  readonly height: number;
  /** Default `m`. */
  readonly unit?: 'm' | 'px';
  readonly background: PlanBackground;
  readonly placements?: readonly Placement[];
}

/** A plan as `GET /api/v1/plans/{spaceId}` gives it. */
export interface FloorPlan extends PlanInput {
  readonly spaceId: string;
  /** As given, or the space twin's `name` property, or its id. */
  readonly name: string;
  readonly unit: 'm' | 'px';
  readonly placements: readonly Placement[];
  /** ISO 8601: the last change of the plan or one of its placements. */
  readonly updatedAt: string;
  /** Changes with every change of the plan or one of its placements; also the `ETag` header. */
  readonly etag: string;
}

/** One plan in `GET /api/v1/plans` (`{ value: PlanSummary[] }`, sorted by spaceId). */
export interface PlanSummary {
  readonly spaceId: string;
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly unit: 'm' | 'px';
  /** How many twins are placed on it. */
  readonly placements: number;
  readonly updatedAt: string;
}
