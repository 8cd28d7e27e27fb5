import type { FormEvent } from 'react';
import { useMemo, useState } from 'react';
import type { MlBindingView, MlModel } from '@doppel/protocol';
import { ownContentsFirst } from '../../models/own-contents-first';
import { useModel } from '../../models/use-model';
import { useServices } from '../../services/services-context';
import { FormField } from '../../shared/form-field';
import { ProblemMessage } from '../../shared/problem-message';
import { TimeWindowFields } from '../../shared/time-window-fields';
import form from '../../shared/form.module.css';
import layout from '../../shared/view-layout.module.css';
import { numericTelemetry } from '../anomaly-model/training-defaults';
import type { BindingDraft } from './binding-draft';
import { EMPTY_DRAFT, checkDraft, draftOf } from './binding-draft';
import { formatTensor } from './ml-format';
import { OutputSelect } from './output-select';
import { useDtdlModels } from './use-dtdl-models';
import styles from './ml-models.module.css';

const DAY_MS = 86_400_000;

export interface BindingFormProps {
  /** The uploaded ONNX models to choose from. */
  readonly models: readonly MlModel[];
  /** The binding edited; null to create one. */
  readonly editing: MlBindingView | null;
  readonly onSaved: () => void;
  readonly onCancel: () => void;
}

/**
 * Creates or edits a binding: which DTDL model's twins, which ONNX model and version (and a shadow
 * version to compare), which telemetry goes in (ticked from the DTDL model's numeric telemetry),
 * how many samples and how often, where the output goes, and an optional drift reference window.
 */
export function BindingForm({ models, editing, onSaved, onCancel }: BindingFormProps) {
  const { rest, clock } = useServices();
  const [draft, setDraft] = useState<BindingDraft>(() => (editing === null ? EMPTY_DRAFT : draftOf(editing)));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const dtdlModels = useDtdlModels();
  const { model } = useModel(draft.modelId === '' ? undefined : draft.modelId);
  const numeric = useMemo(() => numericTelemetry(ownContentsFirst(model)), [model]);
  const versions = models.find((candidate) => candidate.name === draft.mlModel)?.versions ?? [];
  const active = versions.find((candidate) => candidate.version === draft.version);
  const check = checkDraft(draft);
  const update = (patch: Partial<BindingDraft>): void => setDraft((current) => ({ ...current, ...patch }));
  const toggle = (name: string, on: boolean): void =>
    update({ inputs: on ? [...draft.inputs, name] : draft.inputs.filter((input) => input !== name) });

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!check.ok) return;
    setBusy(true);
    setError(undefined);
    rest.putMlBinding(check.id, check.body).then(
      () => {
        setBusy(false);
        if (editing === null) setDraft(EMPTY_DRAFT);
        onSaved();
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failure);
      },
    );
  };

  const title = editing === null ? 'New binding' : `Edit binding ${editing.id}`;
  return (
    <form className={`${styles.panel} ${styles.panelBody} ${form.form}`} onSubmit={submit} aria-label={title}>
      <fieldset className={form.fieldset} disabled={busy}>
        <legend className={form.legend}>{title}</legend>
        <div className={form.row}>
          <label className={form.field}>
            Name
            <input
              className={form.input}
              value={draft.id}
              disabled={editing !== null}
              autoComplete="off"
              onChange={(event) => update({ id: event.target.value })}
            />
          </label>
          <FormField label="Twins of">
            {(id) => (
              <select
                id={id}
                className={form.input}
                value={draft.modelId}
                onChange={(event) => update({ modelId: event.target.value, inputs: [], outputProperty: '' })}
              >
                <option value="">Choose a DTDL model…</option>
                {dtdlModels.map((choice) => (
                  <option key={choice.id} value={choice.id}>
                    {choice.label}
                  </option>
                ))}
              </select>
            )}
          </FormField>
        </div>
        <div className={form.row}>
          <FormField label="ONNX model">
            {(id) => (
              <select
                id={id}
                className={form.input}
                value={draft.mlModel}
                onChange={(event) => update({ mlModel: event.target.value, version: '', shadowVersion: '' })}
              >
                <option value="">Choose…</option>
                {models.map((candidate) => (
                  <option key={candidate.name} value={candidate.name}>
                    {candidate.name}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField label="Version">
            {(id) => (
              <select
                id={id}
                className={form.input}
                value={draft.version}
                onChange={(event) => update({ version: event.target.value })}
              >
                <option value="">Choose…</option>
                {versions.map((candidate) => (
                  <option key={candidate.version} value={candidate.version}>
                    {candidate.version}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField label="Shadow version">
            {(id) => (
              <select
                id={id}
                className={form.input}
                value={draft.shadowVersion}
                onChange={(event) => update({ shadowVersion: event.target.value })}
              >
                <option value="">None</option>
                {versions
                  .filter((candidate) => candidate.version !== draft.version)
                  .map((candidate) => (
                    <option key={candidate.version} value={candidate.version}>
                      {candidate.version}
                    </option>
                  ))}
              </select>
            )}
          </FormField>
        </div>
        {active !== undefined && (
          <p className={form.hint}>
            Takes {active.inputs.map(formatTensor).join(', ')}; gives {active.outputs.map(formatTensor).join(', ')}.
          </p>
        )}
      </fieldset>
      <fieldset className={form.fieldset} disabled={busy}>
        <legend className={form.legend}>Inputs</legend>
        {draft.modelId === '' ? (
          <p className={form.hint}>Choose the DTDL model first: its numeric telemetry is listed here.</p>
        ) : numeric.length === 0 ? (
          <p className={form.hint}>
            {model === undefined ? 'Loading the model…' : 'This model has no numeric telemetry.'}
          </p>
        ) : (
          <div className={form.checks}>
            {numeric
              .filter((content) => content.name !== draft.outputProperty && content.name !== draft.shadowOutputProperty)
              .map((content) => (
                <label key={content.name} className={form.check} title={content.name}>
                  <input
                    type="checkbox"
                    checked={draft.inputs.includes(content.name)}
                    onChange={(event) => toggle(content.name, event.target.checked)}
                  />
                  {content.displayName}
                </label>
              ))}
          </div>
        )}
        <div className={form.row}>
          <label className={form.field}>
            Window (samples)
            <input
              className={`${form.input} ${form.narrow}`}
              type="number"
              min={1}
              step={1}
              value={draft.window}
              onChange={(event) => update({ window: event.target.value })}
            />
          </label>
          <label className={form.field}>
            Every (ms)
            <input
              className={`${form.input} ${form.narrow}`}
              type="number"
              min={100}
              step={100}
              value={draft.everyMs}
              onChange={(event) => update({ everyMs: event.target.value })}
            />
          </label>
          <OutputSelect
            label="Output to"
            value={draft.outputProperty}
            options={numeric.filter((content) => !draft.inputs.includes(content.name))}
            onChange={(name) => update({ outputProperty: name })}
          />
          {draft.shadowVersion !== '' && (
            <OutputSelect
              label="Shadow output to"
              value={draft.shadowOutputProperty}
              options={numeric.filter(
                (content) => !draft.inputs.includes(content.name) && content.name !== draft.outputProperty,
              )}
              onChange={(name) => update({ shadowOutputProperty: name })}
              none="Not written"
            />
          )}
        </div>
      </fieldset>
      <TimeWindowFields
        legend="Drift reference (optional)"
        from={draft.referenceFrom}
        to={draft.referenceTo}
        onChange={({ from, to }) => update({ referenceFrom: from, referenceTo: to })}
        presets={[{ label: 'Last 24 h', range: () => ({ fromMs: clock.nowMs() - DAY_MS, toMs: clock.nowMs() }) }]}
        disabled={busy}
      />
      <div className={form.actions}>
        <button
          type="submit"
          className={`${layout.primaryButton} ${layout.primaryButtonCompact}`}
          disabled={busy || !check.ok}
        >
          {busy ? 'Saving…' : editing === null ? 'Create binding' : 'Save binding'}
        </button>
        {editing !== null && (
          <button type="button" className={form.button} onClick={onCancel}>
            Cancel
          </button>
        )}
        {(draft.referenceFrom !== '' || draft.referenceTo !== '') && (
          <button type="button" className={form.button} onClick={() => update({ referenceFrom: '', referenceTo: '' })}>
            No reference
          </button>
        )}
        {!check.ok && <span className={form.hint}>{check.problem}</span>}
      </div>
      {error !== undefined && <ProblemMessage error={error} />}
    </form>
  );
}
