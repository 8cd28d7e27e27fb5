import { DoppelError } from '@doppel/core';
import type { ForestExtension } from '../isolation-forest/forest-options.js';

/** What an operator sends to train an asset's model: which telemetry, and a window of normal operation. */
export interface AssetModelRequest {
  readonly properties: readonly string[];
  readonly trainFromMs: number;
  readonly trainToMs: number;
  /** Hyperplane splits by default: they also see rows off the relation between features (a pump off its curve). */
  readonly extension: ForestExtension;
  /** Share of the training window's rows that would be flagged: sets the first threshold. */
  readonly contamination: number;
  /** The twin's telemetry the score is written to. */
  readonly outputProperty: string;
  /** At most one score per this many milliseconds of source time. */
  readonly everyMs: number;
  /** Labels given to its alerts since it was trained that retrain it on their own; 0: only by hand. */
  readonly retrainAfterLabels: number;
}

export const ASSET_MODEL_DEFAULTS = {
  contamination: 0.01,
  outputProperty: 'anomalyScore',
  everyMs: 1_000,
  retrainAfterLabels: 5,
} as const;

export const ASSET_MODEL_LIMITS = {
  propertiesMax: 32,
  /** A window longer than this is read as 1-minute averages would be better: say so. */
  windowMsMax: 90 * 24 * 3_600_000,
} as const;

/** Reads a request body, naming the first field that is wrong. */
export function readAssetModelRequest(body: unknown): AssetModelRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('the body must be a JSON object');
  const fields = body as Record<string, unknown>;
  const known = new Set([
    'properties',
    'trainFrom',
    'trainTo',
    'extension',
    'contamination',
    'outputProperty',
    'everyMs',
    'retrainAfterLabels',
  ]);
  for (const key of Object.keys(fields)) if (!known.has(key)) throw invalid(`unknown field "${key}"`);
  const properties = fields.properties;
  if (
    !Array.isArray(properties) ||
    properties.length === 0 ||
    properties.length > ASSET_MODEL_LIMITS.propertiesMax ||
    !properties.every((path) => typeof path === 'string' && path !== '')
  )
    throw invalid(`"properties" must list 1…${ASSET_MODEL_LIMITS.propertiesMax} telemetry names`);
  if (new Set(properties).size !== properties.length) throw invalid('"properties" lists a name twice');
  const trainFromMs = time(fields.trainFrom, 'trainFrom');
  const trainToMs = time(fields.trainTo, 'trainTo');
  if (trainToMs <= trainFromMs) throw invalid('"trainTo" must be after "trainFrom"');
  if (trainToMs - trainFromMs > ASSET_MODEL_LIMITS.windowMsMax)
    throw invalid('the training window is longer than 90 days');
  const extension = fields.extension ?? 'full';
  if (extension !== 'full' && extension !== 'none') throw invalid('"extension" must be "full" or "none"');
  const contamination = fields.contamination ?? ASSET_MODEL_DEFAULTS.contamination;
  if (typeof contamination !== 'number' || !(contamination >= 0.001 && contamination <= 0.2))
    throw invalid('"contamination" must be a number in 0.001…0.2');
  const outputProperty = fields.outputProperty ?? ASSET_MODEL_DEFAULTS.outputProperty;
  if (typeof outputProperty !== 'string' || outputProperty === '')
    throw invalid('"outputProperty" must name a telemetry of the twin');
  if (properties.includes(outputProperty)) throw invalid('"outputProperty" cannot be one of the inputs');
  const everyMs = fields.everyMs ?? ASSET_MODEL_DEFAULTS.everyMs;
  if (typeof everyMs !== 'number' || !Number.isInteger(everyMs) || everyMs < 100 || everyMs > 3_600_000)
    throw invalid('"everyMs" must be an integer in 100…3600000');
  const retrainAfterLabels = fields.retrainAfterLabels ?? ASSET_MODEL_DEFAULTS.retrainAfterLabels;
  if (
    typeof retrainAfterLabels !== 'number' ||
    !Number.isInteger(retrainAfterLabels) ||
    retrainAfterLabels < 0 ||
    retrainAfterLabels > 1_000
  )
    throw invalid('"retrainAfterLabels" must be an integer in 0…1000 (0: retrain only by hand)');
  return {
    properties: properties as string[],
    trainFromMs,
    trainToMs,
    extension,
    contamination,
    outputProperty,
    everyMs,
    retrainAfterLabels,
  };
}

function time(value: unknown, field: string): number {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw invalid(`"${field}" must be an ISO 8601 time`);
  return ms;
}

const invalid = (detail: string): DoppelError => new DoppelError('anomaly.model-invalid', detail);
