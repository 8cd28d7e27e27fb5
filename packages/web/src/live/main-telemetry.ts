import type { ResolvedModel } from '../models/model-store';
import type { LiveTwin } from './twin-values-store';

/**
 * The path a twin is summarised by in lists: the first telemetry its model declares, else the
 * first telemetry path seen live (a model still loading, or values outside the model).
 */
export function mainTelemetryPath(model: ResolvedModel | undefined, twin: LiveTwin | undefined): string | undefined {
  const declared = model?.telemetryNames[0];
  if (declared !== undefined) return declared;
  if (twin === undefined) return undefined;
  return Object.keys(twin.paths)
    .sort()
    .find((path) => twin.paths[path]?.kind === 'telemetry');
}
