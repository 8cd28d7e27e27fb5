import { useState } from 'react';
import type { MlBindingView } from '@doppel/protocol';
import { useServices } from '../../services/services-context';
import { formatValue, percent } from '../../shared/format-value';
import { ProblemMessage } from '../../shared/problem-message';
import layout from '../../shared/view-layout.module.css';
import { Figure, Figures } from '../../shared/figures';
import styles from './ml-models.module.css';

const number = (value: number | null): string => (value === null ? '—' : formatValue(value));

/**
 * The shadow version against the active one, over the outputs both gave: how far apart (mean and
 * max absolute difference), how alike (correlation, agreement), and Promote when it looks right.
 */
export function ShadowComparison({
  binding,
  onPromoted,
}: {
  readonly binding: MlBindingView;
  readonly onPromoted: () => void;
}) {
  const { rest } = useServices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const shadow = binding.shadow;
  const promote = (): void => {
    setBusy(true);
    setError(undefined);
    rest.promoteMlBinding(binding.id).then(
      () => {
        setBusy(false);
        onPromoted();
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failure);
      },
    );
  };
  return (
    <div className={styles.shadow} role="group" aria-label="Shadow comparison">
      <h4 className={styles.subTitle}>
        Shadow: version {binding.shadowVersion}
        {binding.shadowOutputProperty ? ` → ${binding.shadowOutputProperty}` : ''}
      </h4>
      {shadow === null || shadow.count === 0 ? (
        <p className={styles.hint}>No outputs compared yet.</p>
      ) : (
        <Figures>
          <Figure term="Compared">{shadow.count.toLocaleString()}</Figure>
          <Figure term="Mean |Δ|">{number(shadow.meanAbsDiff)}</Figure>
          <Figure term="Max |Δ|">{number(shadow.maxAbsDiff)}</Figure>
          <Figure term="RMS Δ">{number(shadow.rmsDiff)}</Figure>
          <Figure term="Correlation">{number(shadow.correlation)}</Figure>
          {shadow.agreement != null && (
            <Figure term={`Agreement at ${formatValue(shadow.agreement.threshold)}`}>
              {percent(shadow.agreement.rate)}
            </Figure>
          )}
          <Figure term="Mean active · shadow">{`${number(shadow.activeMean)} · ${number(shadow.shadowMean)}`}</Figure>
        </Figures>
      )}
      <div>
        <button
          type="button"
          className={`${layout.primaryButton} ${layout.primaryButtonCompact}`}
          disabled={busy}
          onClick={promote}
          title={`Version ${binding.shadowVersion} becomes the active one`}
        >
          {busy ? 'Promoting…' : `Promote version ${binding.shadowVersion}`}
        </button>
      </div>
      {error !== undefined && <ProblemMessage error={error} compact />}
    </div>
  );
}
