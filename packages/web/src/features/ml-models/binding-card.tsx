import { useState } from 'react';
import type { MlBindingView } from '@doppel/protocol';
import { useServices } from '../../services/services-context';
import { ConfirmButton } from '../../shared/confirm-button';
import { formatValue } from '../../shared/format-value';
import { ProblemMessage } from '../../shared/problem-message';
import form from '../../shared/form.module.css';
import { ShadowComparison } from './shadow-comparison';
import { BindingDrift } from './binding-drift';
import { Figure, Figures } from '../../shared/figures';
import styles from './ml-models.module.css';

/** One binding: what runs on which twins, its counters, the shadow comparison, its inputs' drift. */
export function BindingCard({
  binding,
  onEdit,
  onChanged,
}: {
  readonly binding: MlBindingView;
  readonly onEdit: (binding: MlBindingView) => void;
  readonly onChanged: () => void;
}) {
  const { rest } = useServices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const { status } = binding;
  const remove = (): void => {
    setBusy(true);
    setError(undefined);
    rest.deleteMlBinding(binding.id).then(onChanged, (failure: unknown) => {
      setBusy(false);
      setError(failure);
    });
  };
  return (
    <article className={styles.card} aria-label={`Binding ${binding.id}`} data-binding={binding.id}>
      <div className={styles.cardHead}>
        <h3 className={styles.cardTitle}>{binding.id}</h3>
        <div className={form.actions}>
          <button type="button" className={form.button} onClick={() => onEdit(binding)}>
            Edit
          </button>
          <ConfirmButton
            label="Delete…"
            confirmLabel="Delete binding"
            busyLabel="Deleting…"
            busy={busy}
            onConfirm={remove}
          />
        </div>
      </div>
      <p className={styles.cardText}>
        Runs <strong>{binding.mlModel}</strong> version {binding.version} on the twins of{' '}
        <code className={styles.mono}>{binding.modelId}</code>: {binding.window} sample
        {binding.window === 1 ? '' : 's'} of {binding.inputs.join(', ')} every {binding.everyMs.toLocaleString()} ms,
        output to <code className={styles.mono}>{binding.outputProperty}</code>.
      </p>
      <Figures label="Status">
        <Figure term="Twins">{status.twins.toLocaleString()}</Figure>
        <Figure term="Inferences">{status.inferences.toLocaleString()}</Figure>
        <Figure term="Batches">{status.batches.toLocaleString()}</Figure>
        <Figure term="Errors">{status.errors.toLocaleString()}</Figure>
        <Figure term="Dropped">{status.dropped.toLocaleString()}</Figure>
        <Figure term="Queued">{(status.queued ?? 0).toLocaleString()}</Figure>
        <Figure term="Last run took">
          {status.batches === 0 || status.lastRunMs === null ? '—' : `${formatValue(status.lastRunMs)} ms`}
        </Figure>
      </Figures>
      {status.lastError !== undefined && status.lastError !== '' && (
        <p className={styles.error}>Last error: {status.lastError}</p>
      )}
      {binding.shadowVersion != null && binding.shadowVersion !== '' && (
        <ShadowComparison binding={binding} onPromoted={onChanged} />
      )}
      <BindingDrift binding={binding} />
      {error !== undefined && <ProblemMessage error={error} compact />}
    </article>
  );
}
