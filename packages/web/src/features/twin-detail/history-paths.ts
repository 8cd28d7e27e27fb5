import type { ContentInfo } from '../../models/model-info';
import type { ResolvedModel } from '../../models/model-store';
import { ownContentsFirst } from '../../models/own-contents-first';
import { CONDITION_PATHS } from '../condition/condition-paths';

/** Numeric types a chart can draw. */
const NUMERIC = new Set(['double', 'float', 'integer', 'long']);
/** Series in one chart, at most: more is noise on a panel (the query console has the rest). */
export const HISTORY_PATHS_MAX = 4;

const isNumericTelemetry = (content: ContentInfo): boolean =>
  content.kind === 'telemetry' && content.schema !== undefined && NUMERIC.has(content.schema);

/**
 * What the detail's History chart draws: the model's own numeric telemetry first (a pump's flow
 * and pressure), then what it inherits (a BearingMonitor's vibration features), without what the
 * Condition section charts already.
 */
export function historyPaths(model: ResolvedModel | undefined): readonly ContentInfo[] {
  return ownContentsFirst(model).filter((content) => isNumericTelemetry(content) && !CONDITION_PATHS.has(content.name));
}
