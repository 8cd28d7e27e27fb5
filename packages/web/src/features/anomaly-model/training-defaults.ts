import type { ContentInfo } from '../../models/model-info';

/** Numeric types a model can train on and write a score to. */
const NUMERIC = new Set(['double', 'float', 'integer', 'long']);
/** Telemetry named like a score is an output, not an input. */
const SCORE_NAME = /anomaly|score/i;
/** Inputs ticked at first, at most: more makes a forest that isolates nothing in particular. */
const INPUTS_PRESELECTED_MAX = 8;

export const numericTelemetry = (contents: readonly ContentInfo[]): ContentInfo[] =>
  contents.filter(
    (content) => content.kind === 'telemetry' && content.schema !== undefined && NUMERIC.has(content.schema),
  );

/**
 * What the training form starts with: the score is written to `anomalyScore` when the model
 * declares it (the platform's default), else to the first telemetry named like a score, else to
 * nothing (the operator must choose: a score must never overwrite a sensor's series); the inputs
 * ticked are the numeric telemetry the twin measures (`measured`: paths with a live value that
 * no analytics derived), apart from scores.
 */
export function trainingDefaults(
  numeric: readonly ContentInfo[],
  measured: ReadonlySet<string>,
): { readonly output: string; readonly inputs: readonly string[] } {
  const names = numeric.map((content) => content.name);
  const output = names.includes('anomalyScore') ? 'anomalyScore' : (names.find((name) => SCORE_NAME.test(name)) ?? '');
  const inputs = names
    .filter((name) => name !== output && !SCORE_NAME.test(name) && measured.has(name))
    .slice(0, INPUTS_PRESELECTED_MAX);
  return { output, inputs };
}

/** Sources of values the platform derived (bearing features, scores): outputs, not measurements. */
export const isDerivedSource = (source: string): boolean => source.startsWith('analytics:');
