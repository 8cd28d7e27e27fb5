import { useLivePath } from '../../live/use-live-twin';
import { healthGrade } from './condition-text';
import { HEALTH_PATH } from './condition-paths';
import { SinceText } from './since-text';
import styles from './condition.module.css';

/** The health index (1 healthy … 0), its grade in words and colour, and a bar. */
export function HealthFigure({ twinId }: { readonly twinId: string }) {
  const state = useLivePath(twinId, HEALTH_PATH);
  const value = typeof state?.value === 'number' && Number.isFinite(state.value) ? state.value : undefined;
  if (value === undefined) {
    return (
      <div className={styles.figure}>
        <span className={styles.label}>Health index</span>
        <span className={styles.muted}>not measured yet</span>
      </div>
    );
  }
  const grade = healthGrade(value);
  const clamped = Math.min(1, Math.max(0, value));
  return (
    <div className={styles.figure} data-grade={grade}>
      <span className={styles.label}>Health index</span>
      <span className={styles.value}>
        <span className={styles.health} data-testid="health-index">
          {value.toFixed(2)}
        </span>
        <span className={styles.grade}>{grade}</span>
      </span>
      <div
        className={styles.meter}
        role="meter"
        aria-label="Health index"
        aria-valuemin={0}
        aria-valuemax={1}
        aria-valuenow={Math.round(clamped * 100) / 100}
        aria-valuetext={`${value.toFixed(2)}, ${grade}`}
      >
        <div className={styles.meterFill} style={{ width: `${clamped * 100}%` }} />
      </div>
      {state !== undefined && <SinceText timeMs={state.sourceTimeMs} />}
    </div>
  );
}
