import type { MlBindingInput, MlBindingView } from '@doppel/protocol';
import { fromLocalInput, toLocalInput } from '../../shared/local-time-input';

/** What the binding form edits: every field as the inputs hold it (text), checked on submit. */
export interface BindingDraft {
  readonly id: string;
  readonly modelId: string;
  readonly mlModel: string;
  readonly version: string;
  /** '' for none. */
  readonly shadowVersion: string;
  readonly inputs: readonly string[];
  readonly window: string;
  readonly everyMs: string;
  readonly outputProperty: string;
  readonly shadowOutputProperty: string;
  /** `datetime-local` texts; both '' for no reference window. */
  readonly referenceFrom: string;
  readonly referenceTo: string;
}

export const EMPTY_DRAFT: BindingDraft = {
  id: '',
  modelId: '',
  mlModel: '',
  version: '',
  shadowVersion: '',
  inputs: [],
  window: '1',
  everyMs: '1000',
  outputProperty: '',
  shadowOutputProperty: '',
  referenceFrom: '',
  referenceTo: '',
};

/** Ids go into a URL path segment: a short slug. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const localOf = (iso: string | null | undefined): string => {
  if (iso === null || iso === undefined) return '';
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? toLocalInput(ms) : '';
};

/** The form's fields for an existing binding (to edit it). */
export function draftOf(binding: MlBindingView): BindingDraft {
  return {
    id: binding.id,
    modelId: binding.modelId,
    mlModel: binding.mlModel,
    version: binding.version,
    shadowVersion: binding.shadowVersion ?? '',
    inputs: binding.inputs,
    window: String(binding.window),
    everyMs: String(binding.everyMs),
    outputProperty: binding.outputProperty,
    shadowOutputProperty: binding.shadowOutputProperty ?? '',
    referenceFrom: localOf(binding.referenceFrom),
    referenceTo: localOf(binding.referenceTo),
  };
}

export type DraftCheck =
  | { readonly ok: true; readonly id: string; readonly body: MlBindingInput }
  | { readonly ok: false; readonly problem: string };

/**
 * The request a draft makes, or the first thing to fix, worded for the form. The server checks
 * again (the model's telemetry, the ONNX model's input shape) and its detail is shown as well.
 */
export function checkDraft(draft: BindingDraft): DraftCheck {
  const fail = (problem: string): DraftCheck => ({ ok: false, problem });
  const id = draft.id.trim();
  if (!ID_PATTERN.test(id)) return fail('Name the binding: letters, digits, “.”, “_” or “-”, up to 64.');
  if (draft.modelId === '') return fail('Choose the DTDL model whose twins it runs on.');
  if (draft.mlModel === '' || draft.version === '') return fail('Choose the ONNX model and its version.');
  if (draft.shadowVersion === draft.version) return fail('The shadow version must differ from the active one.');
  if (draft.inputs.length === 0) return fail('Tick at least one input.');
  const window = Number(draft.window);
  if (!Number.isInteger(window) || window < 1) return fail('The window is a whole number of samples, 1 or more.');
  const everyMs = Number(draft.everyMs);
  if (!Number.isInteger(everyMs) || everyMs < 100) return fail('Run every 100 ms or more (a whole number).');
  if (draft.outputProperty === '') return fail('Choose the telemetry the output is written to.');
  if (draft.inputs.includes(draft.outputProperty)) return fail('The output cannot be one of the inputs.');
  if (draft.shadowVersion !== '' && draft.shadowOutputProperty === draft.outputProperty)
    return fail('The shadow output needs a telemetry of its own (or none).');
  const fromMs = draft.referenceFrom === '' ? null : fromLocalInput(draft.referenceFrom);
  const toMs = draft.referenceTo === '' ? null : fromLocalInput(draft.referenceTo);
  if ((draft.referenceFrom === '') !== (draft.referenceTo === ''))
    return fail('Give the reference window both ends, or neither.');
  if (draft.referenceFrom !== '' && (fromMs === null || toMs === null || toMs <= fromMs))
    return fail('The reference window must end after it starts.');
  return {
    ok: true,
    id,
    body: {
      modelId: draft.modelId,
      mlModel: draft.mlModel,
      version: draft.version,
      ...(draft.shadowVersion === '' ? {} : { shadowVersion: draft.shadowVersion }),
      inputs: draft.inputs,
      window,
      everyMs,
      outputProperty: draft.outputProperty,
      ...(draft.shadowVersion === '' || draft.shadowOutputProperty === ''
        ? {}
        : { shadowOutputProperty: draft.shadowOutputProperty }),
      ...(fromMs === null || toMs === null
        ? {}
        : { referenceFrom: new Date(fromMs).toISOString(), referenceTo: new Date(toMs).toISOString() }),
    },
  };
}
