import { useState } from 'react';
import type { AnomalyModelView } from '@doppel/protocol';
import { useServices } from '../../services/services-context';
import { ConfirmButton } from '../../shared/confirm-button';
import { ProblemMessage } from '../../shared/problem-message';
import form from '../../shared/form.module.css';
import { MissedAnomalyForm } from './missed-anomaly-form';

/**
 * Retrain (same window, with the labels given since), delete (asked twice), and report an
 * anomaly the model missed. Errors are shown in place.
 */
export function AnomalyModelActions({
  view,
  onChanged,
}: {
  readonly view: AnomalyModelView;
  readonly onChanged: (model: AnomalyModelView | null) => void;
}) {
  const { rest } = useServices();
  const [busy, setBusy] = useState<'retrain' | 'delete' | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const twinId = view.twinId;
  const labels = view.labelledReal + view.labelledExpected;

  const run = (kind: 'retrain' | 'delete', action: () => Promise<void>): void => {
    setBusy(kind);
    setError(undefined);
    action().then(
      () => setBusy(null),
      (failure: unknown) => {
        setBusy(null);
        setError(failure);
      },
    );
  };
  const retrain = (): void => run('retrain', () => rest.retrainAnomalyModel(twinId).then(onChanged));
  const remove = (): void => run('delete', () => rest.deleteAnomalyModel(twinId).then(() => onChanged(null)));

  return (
    <div className={form.form}>
      <div className={form.actions}>
        <button
          type="button"
          className={form.button}
          disabled={busy !== null}
          onClick={retrain}
          title="Train again on the same window, learning from the alerts labelled real or expected"
        >
          {busy === 'retrain'
            ? 'Retraining…'
            : labels > 0
              ? `Retrain with ${labels} label${labels === 1 ? '' : 's'}`
              : 'Retrain'}
        </button>
        <ConfirmButton
          label="Delete…"
          confirmLabel="Delete the model"
          busyLabel="Deleting…"
          busy={busy === 'delete'}
          disabled={busy !== null && busy !== 'delete'}
          onConfirm={remove}
        />
      </div>
      <p className={form.hint} data-testid="auto-retrain">
        {view.retrainAfterLabels === 0
          ? 'Retrains only by hand.'
          : `Retrains on its own after ${view.retrainAfterLabels} label${view.retrainAfterLabels === 1 ? '' : 's'} since training (${view.labelsSinceTraining} so far).`}
      </p>
      {error !== undefined && <ProblemMessage error={error} compact />}
      <MissedAnomalyForm twinId={twinId} onChanged={onChanged} />
    </div>
  );
}
