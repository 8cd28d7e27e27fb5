import { useState } from 'react';
import type { AnomalyModelView } from '@doppel/protocol';
import { useServices } from '../../services/services-context';
import { FormField } from '../../shared/form-field';
import { ProblemMessage } from '../../shared/problem-message';
import { useReportTime } from '../../shared/use-report-time';
import form from '../../shared/form.module.css';

/**
 * An anomaly the model did not flag, reported for its recall: when it happened (now unless a time
 * is chosen, see useReportTime) and a note. The model's figures are fetched again after.
 */
export function MissedAnomalyForm({
  twinId,
  onChanged,
}: {
  readonly twinId: string;
  readonly onChanged: (model: AnomalyModelView) => void;
}) {
  const { rest } = useServices();
  const when = useReportTime();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [reported, setReported] = useState(false);

  const report = (): void => {
    if (when.atMs === null) return;
    setBusy(true);
    setError(undefined);
    setReported(false);
    rest
      .reportMissedAnomaly(twinId, {
        ...when.field(),
        ...(note.trim() === '' ? {} : { note }),
      })
      .then(() => rest.getAnomalyModel(twinId))
      .then(
        (view) => {
          setReported(true);
          setNote('');
          onChanged(view);
        },
        (failure: unknown) => setError(failure),
      )
      .finally(() => setBusy(false));
  };

  return (
    <details className={form.options}>
      <summary>Report a missed anomaly…</summary>
      <div className={form.form} role="form" aria-label="Report a missed anomaly">
        <div className={form.row}>
          <FormField label="When">
            {(id) => (
              <input
                id={id}
                className={form.input}
                type="datetime-local"
                value={when.text}
                onChange={(e) => when.onChange(e.target.value)}
              />
            )}
          </FormField>
          <FormField label="What happened">
            {(id) => (
              <input
                id={id}
                className={form.input}
                value={note}
                maxLength={2_048}
                onChange={(e) => setNote(e.target.value)}
              />
            )}
          </FormField>
        </div>
        <div className={form.actions}>
          <button
            type="button"
            className={form.button}
            disabled={busy || when.atMs === null}
            onClick={report}
            title="The model raised nothing for it: counts against its recall"
          >
            {busy ? 'Reporting…' : 'Report'}
          </button>
          {reported && <span className={form.hint}>Missed anomaly recorded.</span>}
        </div>
        {error !== undefined && <ProblemMessage error={error} compact />}
      </div>
    </details>
  );
}
