import { ApiError } from '../api/api-error';
import styles from './problem-message.module.css';

interface ProblemMessageProps {
  readonly error: unknown;
  readonly onRetry?: () => void;
  readonly compact?: boolean;
}

/** An API error as the user should see it: what happened (`detail`) and what to do (`remedy`). */
export function ProblemMessage({ error, onRetry, compact = false }: ProblemMessageProps) {
  const detail = error instanceof Error ? error.message : String(error);
  const remedy = error instanceof ApiError ? error.remedy : '';
  return (
    <div
      className={compact ? `${styles.problem} ${styles.compact}` : styles.problem}
      role="alert"
      title={compact ? remedy : undefined}
    >
      <div className={styles.detail}>{detail}</div>
      {remedy !== '' && !compact && <div className={styles.remedy}>{remedy}</div>}
      {onRetry !== undefined && (
        <button type="button" className={styles.retry} onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
