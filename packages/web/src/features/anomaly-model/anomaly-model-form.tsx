import type { FormEvent } from 'react';
import { useState } from 'react';
import type { AnomalyModelView } from '@doppel/protocol';
import type { ContentInfo } from '../../models/model-info';
import { useServices } from '../../services/services-context';
import { fromLocalInput, windowInputs } from '../../shared/local-time-input';
import { FormField } from '../../shared/form-field';
import { ProblemMessage } from '../../shared/problem-message';
import { TimeWindowFields } from '../../shared/time-window-fields';
import type { WindowPreset } from '../../shared/time-window-fields';
import type { TimeRange } from '../history-chart/history-range';
import form from '../../shared/form.module.css';
import layout from '../../shared/view-layout.module.css';
import { isDerivedSource, trainingDefaults } from './training-defaults';

const DAY_MS = 86_400_000;
/** The platform's default share of the training rows flagged (docs/models.md). */
const CONTAMINATION_DEFAULT = 0.01;

export interface AnomalyModelFormProps {
  readonly twinId: string;
  /** The twin's numeric telemetry (training-defaults.ts). */
  readonly numeric: readonly ContentInfo[];
  readonly chartRange: (() => TimeRange | null) | undefined;
  readonly onTrained: (model: AnomalyModelView) => void;
}

/**
 * Trains the twin's first anomaly model: which telemetry, a window of normal operation (the last
 * 24 h unless changed, or the history chart's range), where the score goes. The server checks
 * the rest (enough rows in history, numeric and historized paths) and says what to fix.
 */
export function AnomalyModelForm({ twinId, numeric, chartRange, onTrained }: AnomalyModelFormProps) {
  const { rest, clock, values } = useServices();
  const [defaults] = useState(() => {
    const live = Object.entries(values.get(twinId)?.paths ?? {});
    return trainingDefaults(
      numeric,
      new Set(live.filter(([, state]) => !isDerivedSource(state.source)).map(([path]) => path)),
    );
  });
  const [inputs, setInputs] = useState<ReadonlySet<string>>(() => new Set(defaults.inputs));
  const [output, setOutput] = useState(defaults.output);
  const [trainWindow, setTrainWindow] = useState(() => windowInputs(clock.nowMs() - DAY_MS, clock.nowMs()));
  const [contamination, setContamination] = useState(String(CONTAMINATION_DEFAULT));
  const [extension, setExtension] = useState<'full' | 'none'>('full');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const fromMs = fromLocalInput(trainWindow.from);
  const toMs = fromLocalInput(trainWindow.to);
  const share = Number(contamination);
  const missing =
    inputs.size === 0
      ? 'Tick at least one input.'
      : output === ''
        ? 'Choose the telemetry the score is written to.'
        : fromMs === null || toMs === null
          ? 'Set the window of normal operation.'
          : toMs <= fromMs
            ? 'The window must end after it starts.'
            : !(share >= 0.001 && share <= 0.2)
              ? 'Contamination is a share from 0.001 to 0.2.'
              : null;

  const presets: WindowPreset[] = [
    { label: 'Last 24 h', range: () => ({ fromMs: clock.nowMs() - DAY_MS, toMs: clock.nowMs() }) },
    ...(chartRange === undefined
      ? []
      : [{ label: 'Chart’s range', title: 'The range the History chart above shows', range: chartRange }]),
  ];

  const toggle = (name: string, on: boolean): void => {
    const next = new Set(inputs);
    if (on) next.add(name);
    else next.delete(name);
    setInputs(next);
  };
  const chooseOutput = (name: string): void => {
    setOutput(name);
    if (inputs.has(name)) toggle(name, false);
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (missing !== null || fromMs === null || toMs === null) return;
    setBusy(true);
    setError(undefined);
    rest
      .putAnomalyModel(twinId, {
        // In the model's order, whatever order they were ticked in.
        properties: numeric.map((content) => content.name).filter((name) => inputs.has(name)),
        trainFrom: new Date(fromMs).toISOString(),
        trainTo: new Date(toMs).toISOString(),
        outputProperty: output,
        contamination: share,
        extension,
      })
      .then(
        (model) => {
          setBusy(false);
          onTrained(model);
        },
        (failure: unknown) => {
          setBusy(false);
          setError(failure);
        },
      );
  };

  return (
    <form className={form.form} onSubmit={submit} aria-label="Train an anomaly model">
      <p className={form.hint}>
        No anomaly model yet. An isolation forest learns a window of normal operation, then scores the live values
        together and raises an alert when they are unusual.
      </p>
      <fieldset className={form.fieldset} disabled={busy}>
        <legend className={form.legend}>Inputs</legend>
        <div className={form.checks}>
          {numeric
            .filter((content) => content.name !== output)
            .map((content) => (
              <label key={content.name} className={form.check} title={content.name}>
                <input
                  type="checkbox"
                  checked={inputs.has(content.name)}
                  onChange={(event) => toggle(content.name, event.target.checked)}
                />
                {content.displayName}
              </label>
            ))}
        </div>
      </fieldset>
      <TimeWindowFields
        legend="Normal operation"
        from={trainWindow.from}
        to={trainWindow.to}
        onChange={setTrainWindow}
        presets={presets}
        disabled={busy}
      />
      <div className={form.row}>
        <FormField label="Score written to">
          {(id) => (
            <select
              id={id}
              className={form.input}
              value={output}
              disabled={busy}
              onChange={(event) => chooseOutput(event.target.value)}
            >
              <option value="">Choose…</option>
              {numeric.map((content) => (
                <option key={content.name} value={content.name}>
                  {content.displayName}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <label className={form.field}>
          Contamination
          <input
            className={`${form.input} ${form.narrow}`}
            type="number"
            min={0.001}
            max={0.2}
            step={0.001}
            value={contamination}
            disabled={busy}
            title="Share of the window's rows the first threshold flags (0.001–0.2)"
            onChange={(event) => setContamination(event.target.value)}
          />
        </label>
        <FormField label="Splits">
          {(id) => (
            <select
              id={id}
              className={form.input}
              value={extension}
              disabled={busy}
              onChange={(event) => setExtension(event.target.value === 'none' ? 'none' : 'full')}
            >
              <option value="full">Hyperplanes (extended)</option>
              <option value="none">Axis-parallel</option>
            </select>
          )}
        </FormField>
      </div>
      <div className={form.actions}>
        <button
          type="submit"
          className={`${layout.primaryButton} ${layout.primaryButtonCompact}`}
          disabled={busy || missing !== null}
        >
          {busy ? 'Training…' : 'Train'}
        </button>
        {missing !== null && <span className={form.hint}>{missing}</span>}
      </div>
      {error !== undefined && <ProblemMessage error={error} />}
    </form>
  );
}
