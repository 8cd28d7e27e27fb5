import { useState } from 'react';
import type { AnomalyModelView } from '@doppel/protocol';
import { useServices } from '../../services/services-context';
import { FormField } from '../../shared/form-field';
import { fromLocalInput, toLocalInput } from '../../shared/local-time-input';
import { ProblemMessage } from '../../shared/problem-message';
import form from '../../shared/form.module.css';

/**
 * An anomaly the model did not flag, reported for its recall: when it happened (now unless a time
 * is chosen; the field shows minutes, so an untouched field sends no time and the server takes
 * its own now) and a note. The model's figures are fetched again after.
 */
export function MissedAnomalyForm({
  twinId,
  onChanged,
}: {
  readonly twinId: string;
  readonly onChanged: (model: AnomalyModelView) => void;
}) {
  const { rest } = useServices();
  const [at, setAt] = useState(() => toLocalInput(Date.now()));
  const [atEdited, setAtEdited] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [reported, setReported] = useState(false);
  const atMs = fromLocalInput(at);

  const report = (): void => {
    if (atMs === null) return;
    setBusy(true);
    setError(undefined);
    setReported(false);
    rest
      .reportMissedAnomaly(twinId, {
        ...(atEdited ? { at: new Date(atMs).toISOString() } : {}),
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
                value={at}
                onChange={(e) => {
                  setAt(e.target.value);
                  setAtEdited(true);
                }}
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
            disabled={busy || atMs === null}
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
