/**
 * An ONNX binding: which uploaded model (and version) runs on which telemetry of which twins,
 * and where its output goes. `checkBindingInput` checks one as a client sends it, naming every
 * field to fix, the way `rules/rule-input.ts` does.
 */
import { isDtmi } from '@doppel/dtdl';

export interface OnnxBinding {
  id: string;
  /** DTDL model the twins must be of (or extend). */
  modelId: string;
  /** The uploaded ML model's name. */
  mlModel: string;
  version: string;
  /** A version run beside `version` on the same rows, compared before promoting it. */
  shadowVersion?: string;
  /** Telemetry paths of the twin, in the order the model's features take them. */
  inputs: string[];
  /** Samples per input in a feature vector. */
  window: number;
  /** Least time between two inferences of a twin, in milliseconds of source time. */
  everyMs: number;
  /** Telemetry path the output is written back to (as derived telemetry). */
  outputProperty: string;
  shadowOutputProperty?: string;
  /** ISO 8601 times: the drift reference window. */
  referenceFrom?: string;
  referenceTo?: string;
}

/** A field to fix; `field` is a JSON pointer without its leading "/" ('inputs/2'), '' for the whole body. */
export interface BindingProblem {
  field: string;
  message: string;
}

export type BindingCheck = { ok: true; binding: OnnxBinding } | { ok: false; problems: BindingProblem[] };

const ID = /^[A-Za-z0-9_.-]{1,64}$/;
const ID_RULE = 'must be 1–64 letters, digits, ".", "_" or "-"';
export const BINDING_WINDOW_MAX = 1_024;
export const BINDING_INPUTS_MAX = 64;
/** window × inputs: floats kept per twin (4 bytes each) and fed per row. */
export const BINDING_FEATURES_MAX = 16_384;
const EVERY_MS_MIN = 100;
const EVERY_MS_MAX = 3_600_000;
const PATH_LENGTH_MAX = 256;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isPath = (value: unknown): value is string =>
  typeof value === 'string' && value.trim() !== '' && value.length <= PATH_LENGTH_MAX;
const isIntegerIn = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
function isoMs(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Checks a binding as sent; `window` defaults to 1 and `everyMs` to 1000. */
export function checkBindingInput(body: unknown): BindingCheck {
  if (!isObject(body)) return { ok: false, problems: [{ field: '', message: 'must be a binding object' }] };
  const problems: BindingProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  const input = body;
  const window = input.window === undefined ? 1 : input.window;
  const everyMs = input.everyMs === undefined ? 1_000 : input.everyMs;

  if (typeof input.id !== 'string' || !ID.test(input.id)) add('id', ID_RULE);
  if (!isDtmi(input.modelId)) add('modelId', 'must be a DTMI, e.g. dtmi:example:Pump;1');
  if (typeof input.mlModel !== 'string' || !ID.test(input.mlModel)) add('mlModel', ID_RULE);
  if (typeof input.version !== 'string' || !ID.test(input.version)) add('version', ID_RULE);
  if (input.shadowVersion !== undefined) {
    if (typeof input.shadowVersion !== 'string' || !ID.test(input.shadowVersion)) add('shadowVersion', ID_RULE);
    else if (input.shadowVersion === input.version) add('shadowVersion', 'must differ from "version"');
  }
  const inputs = checkInputs(input.inputs, add);
  if (!isIntegerIn(window, 1, BINDING_WINDOW_MAX))
    add('window', `must be a whole number of samples from 1 to ${BINDING_WINDOW_MAX}`);
  else if (inputs !== undefined && inputs.length * window > BINDING_FEATURES_MAX)
    add('window', `× ${inputs.length} inputs must be at most ${BINDING_FEATURES_MAX} features`);
  if (!isIntegerIn(everyMs, EVERY_MS_MIN, EVERY_MS_MAX))
    add('everyMs', `must be a whole number of milliseconds from ${EVERY_MS_MIN} to ${EVERY_MS_MAX} (one hour)`);
  checkOutputs(input, inputs ?? [], add);
  checkReference(input.referenceFrom, input.referenceTo, add);
  if (problems.length > 0 || inputs === undefined) return { ok: false, problems };

  return {
    ok: true,
    binding: {
      id: input.id as string,
      modelId: input.modelId as string,
      mlModel: input.mlModel as string,
      version: input.version as string,
      ...(input.shadowVersion === undefined ? {} : { shadowVersion: input.shadowVersion as string }),
      inputs: [...inputs],
      window: window as number,
      everyMs: everyMs as number,
      outputProperty: input.outputProperty as string,
      ...(input.shadowOutputProperty === undefined
        ? {}
        : { shadowOutputProperty: input.shadowOutputProperty as string }),
      ...(input.referenceFrom === undefined ? {} : { referenceFrom: input.referenceFrom as string }),
      ...(input.referenceTo === undefined ? {} : { referenceTo: input.referenceTo as string }),
    },
  };
}

type Add = (field: string, message: string) => void;

function checkInputs(value: unknown, add: Add): string[] | undefined {
  if (!Array.isArray(value) || value.length === 0 || value.length > BINDING_INPUTS_MAX) {
    add('inputs', `must be a list of 1 to ${BINDING_INPUTS_MAX} telemetry paths`);
    return undefined;
  }
  const seen = new Set<string>();
  let valid = true;
  value.forEach((path: unknown, i) => {
    if (!isPath(path)) add(`inputs/${i}`, `must be a telemetry path (1–${PATH_LENGTH_MAX} characters)`);
    else if (seen.has(path)) add(`inputs/${i}`, `repeats "${path}"`);
    else {
      seen.add(path);
      return;
    }
    valid = false;
  });
  return valid ? (value as string[]) : undefined;
}

/** Outputs are written back as telemetry: one that is also an input would feed the model its own output. */
function checkOutputs(input: Json, inputs: readonly string[], add: Add): void {
  if (!isPath(input.outputProperty)) add('outputProperty', 'must be a telemetry path');
  else if (inputs.includes(input.outputProperty)) add('outputProperty', 'must not be one of the inputs');
  if (input.shadowOutputProperty === undefined) return;
  if (!isPath(input.shadowOutputProperty)) add('shadowOutputProperty', 'must be a telemetry path');
  else if (input.shadowVersion === undefined) add('shadowOutputProperty', 'needs "shadowVersion"');
  else if (input.shadowOutputProperty === input.outputProperty)
    add('shadowOutputProperty', 'must differ from "outputProperty"');
  else if (inputs.includes(input.shadowOutputProperty)) add('shadowOutputProperty', 'must not be one of the inputs');
}

function checkReference(from: unknown, to: unknown, add: Add): void {
  if (from === undefined && to === undefined) return;
  const fromMs = isoMs(from);
  const toMs = isoMs(to);
  if (fromMs === undefined) add('referenceFrom', 'must be an ISO 8601 time, given with "referenceTo"');
  if (toMs === undefined) add('referenceTo', 'must be an ISO 8601 time, given with "referenceFrom"');
  if (fromMs !== undefined && toMs !== undefined && fromMs >= toMs) add('referenceTo', 'must be after "referenceFrom"');
}
