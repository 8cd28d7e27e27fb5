import type { Limits } from '@doppel/core';
import type { PlanBackground, Placement } from '@doppel/protocol';
import { parseBackground } from './plan-background.js';
import { PlanProblems } from './plan-problems.js';

/** The limits plans obey (DEFAULT_LIMITS documents them). */
export type PlanLimits = Pick<Limits, 'planBackgroundBytesMax' | 'planPlacementsMax'>;

/** A plan as checked, before it gets its space, update time and ETag. */
export interface CheckedPlan {
  readonly name: string | null;
  readonly width: number;
  readonly height: number;
  readonly unit: 'm' | 'px';
  readonly background: PlanBackground;
  readonly placements: readonly Placement[];
}

/** The frame that coordinates must lie in: [0, width] × [0, height]. */
interface Frame {
  readonly width: number;
  readonly height: number;
}

/** Largest frame side, in either unit (1,000 km, or a million pixels). */
const FRAME_SIDE_MAX = 1_000_000;
const NAME_LENGTH_MAX = 200;
/** Points of one placement's area polygon. */
export const AREA_POINTS_MAX = 1_000;

const PLAN_KEYS = ['name', 'width', 'height', 'unit', 'background', 'placements'];
/** What GET gives beside a PlanInput: accepted and ignored, so that a plan read can be sent back. */
const READ_ONLY_KEYS = ['spaceId', 'updatedAt', 'etag'];
const PLACEMENT_KEYS = ['twinId', 'x', 'y', 'area'];

/**
 * Checks a `PUT /plans/{spaceId}` body against the limits and the graph (`isTwin`); throws
 * `plan.invalid` naming each field that is wrong.
 */
export function parsePlanInput(body: unknown, limits: PlanLimits, isTwin: (id: string) => boolean): CheckedPlan {
  const problems = new PlanProblems();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    problems.add(
      '',
      'the plan must be a JSON object: {"width", "height", "unit"?, "name"?, "background", "placements"?}',
    );
    problems.throwIfAny();
  }
  const fields = body as Record<string, unknown>;
  problems.onlyKeys(fields, [...PLAN_KEYS, ...READ_ONLY_KEYS], 'the plan', '');
  const name = parseName(fields.name, problems);
  const width = parseSide(fields.width, 'width', problems);
  const height = parseSide(fields.height, 'height', problems);
  const unit = fields.unit ?? 'm';
  if (unit !== 'm' && unit !== 'px') problems.add('/unit', 'unit must be "m" or "px"');
  const background = parseBackground(fields.background, limits.planBackgroundBytesMax, problems);
  const frame = width === undefined || height === undefined ? undefined : { width, height };
  const placements = parsePlacements(fields.placements ?? [], frame, limits, isTwin, problems);
  problems.throwIfAny();
  return {
    name,
    width: width as number,
    height: height as number,
    unit: unit as 'm' | 'px',
    background: background as PlanBackground,
    placements,
  };
}

/**
 * Checks a `PUT /plans/{spaceId}/placements/{twinId}` body: `{x, y, area?}` (a `twinId` in it
 * must be the one in the path).
 */
export function parsePlacementInput(body: unknown, twinId: string, frame: Frame): Placement {
  const problems = new PlanProblems();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    problems.add('', 'the placement must be a JSON object: {"x", "y", "area"?}');
    problems.throwIfAny();
  }
  const fields = body as Record<string, unknown>;
  if (fields.twinId !== undefined && fields.twinId !== twinId) {
    problems.add('/twinId', `twinId must be the twin in the path ("${twinId}") or absent`);
  }
  const placement = parsePlacementFields(fields, twinId, '', frame, problems);
  problems.throwIfAny();
  return placement as Placement;
}

function parseName(value: unknown, problems: PlanProblems): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.trim() === '' || value.length > NAME_LENGTH_MAX) {
    return problems.add('/name', `name must be a non-empty string of at most ${NAME_LENGTH_MAX} characters`) ?? null;
  }
  return value;
}

function parseSide(value: unknown, name: 'width' | 'height', problems: PlanProblems): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > FRAME_SIDE_MAX) {
    return problems.add(`/${name}`, `${name} must be a number greater than 0 and at most ${FRAME_SIDE_MAX}`);
  }
  return value;
}

function parsePlacements(
  value: unknown,
  frame: Frame | undefined,
  limits: PlanLimits,
  isTwin: (id: string) => boolean,
  problems: PlanProblems,
): Placement[] {
  if (!Array.isArray(value)) return problems.add('/placements', 'placements must be an array') ?? [];
  if (value.length > limits.planPlacementsMax) {
    problems.add(
      '/placements',
      `placements holds ${value.length} twins; at most ${limits.planPlacementsMax} (limits.planPlacementsMax)`,
    );
    return [];
  }
  const placements: Placement[] = [];
  /** Where each twin was placed first, to name both places of a twin placed twice. */
  const firstIndex = new Map<string, number>();
  value.forEach((item: unknown, i) => {
    const name = `placements[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.add(`/placements/${i}`, `${name} must be an object {"twinId", "x", "y", "area"?}`);
      return;
    }
    const fields = item as Record<string, unknown>;
    const twinId = fields.twinId;
    if (typeof twinId !== 'string' || twinId === '') {
      problems.add(`/placements/${i}/twinId`, `${name}.twinId must be a twin id (a non-empty string)`);
    } else if (firstIndex.has(twinId)) {
      problems.add(
        `/placements/${i}/twinId`,
        `${name}.twinId "${twinId}" is placed twice (also placements[${firstIndex.get(twinId)}]): a twin has one place on a plan`,
      );
    } else {
      firstIndex.set(twinId, i);
      if (!isTwin(twinId))
        problems.add(`/placements/${i}/twinId`, `${name}.twinId "${twinId}" is no twin: there is no twin with that id`);
    }
    const placement = parsePlacementFields(fields, String(twinId), name, frame, problems);
    if (placement !== undefined) placements.push(placement);
  });
  return placements;
}

/** x, y and area of one placement (`name` prefixes each field in messages: `placements[3].`). */
function parsePlacementFields(
  fields: Record<string, unknown>,
  twinId: string,
  name: string,
  frame: Frame | undefined,
  problems: PlanProblems,
): Placement | undefined {
  const pointer = name === '' ? '' : `/${name.replace(/\[(\d+)\]/g, '/$1')}`;
  const prefix = name === '' ? '' : `${name}.`;
  problems.onlyKeys(fields, PLACEMENT_KEYS, name === '' ? 'the placement' : name, pointer);
  const x = coordinate(fields.x, `${prefix}x`, `${pointer}/x`, frame?.width, problems);
  const y = coordinate(fields.y, `${prefix}y`, `${pointer}/y`, frame?.height, problems);
  const area =
    fields.area === undefined ? undefined : parseArea(fields.area, `${prefix}area`, `${pointer}/area`, frame, problems);
  if (x === undefined || y === undefined) return undefined;
  return area === undefined ? { twinId, x, y } : { twinId, x, y, area };
}

function parseArea(
  value: unknown,
  name: string,
  pointer: string,
  frame: Frame | undefined,
  problems: PlanProblems,
): (readonly [number, number])[] | undefined {
  if (!Array.isArray(value) || value.length < 3 || value.length > AREA_POINTS_MAX) {
    return problems.add(pointer, `${name} must be an array of 3 to ${AREA_POINTS_MAX} points [x, y] (a polygon)`);
  }
  const points: (readonly [number, number])[] = [];
  value.forEach((point: unknown, i) => {
    if (!Array.isArray(point) || point.length !== 2) {
      problems.add(`${pointer}/${i}`, `${name}[${i}] must be a point [x, y]`);
      return;
    }
    const x = coordinate(point[0], `${name}[${i}][0]`, `${pointer}/${i}/0`, frame?.width, problems);
    const y = coordinate(point[1], `${name}[${i}][1]`, `${pointer}/${i}/1`, frame?.height, problems);
    if (x !== undefined && y !== undefined) points.push([x, y]);
  });
  return points;
}

/** A number in [0, side]; without a frame (its width or height is wrong) only a finite number. */
function coordinate(
  value: unknown,
  name: string,
  pointer: string,
  side: number | undefined,
  problems: PlanProblems,
): number | undefined {
  const inside =
    typeof value === 'number' && Number.isFinite(value) && (side === undefined || (value >= 0 && value <= side));
  if (!inside) {
    return problems.add(
      pointer,
      side === undefined ? `${name} must be a number` : `${name} must be a number inside the frame [0, ${side}]`,
    );
  }
  return value + 0; // -0 is 0
}
