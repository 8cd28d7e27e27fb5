import { useLivePath } from '../../live/use-live-twin';
import { hoursInDays, rulText } from './condition-text';
import { RUL_PATHS } from './condition-paths';
import { SinceText } from './since-text';
import styles from './condition.module.css';

/** The remaining useful life: the median and its p10–p90 band, in hours, in words. */
export function RulFigure({ twinId }: { readonly twinId: string }) {
  const p10 = useLivePath(twinId, RUL_PATHS.p10);
  const p50 = useLivePath(twinId, RUL_PATHS.p50);
  const p90 = useLivePath(twinId, RUL_PATHS.p90);
  const text = rulText(p10?.value, p50?.value, p90?.value);
  return (
    <div className={styles.figure}>
      <span className={styles.label}>Remaining useful life</span>
      {text === undefined ? (
        <span className={styles.muted} title="The health index shows no downward trend to extrapolate yet.">
          not estimated yet
        </span>
      ) : (
        <span
          className={styles.rul}
          data-testid="rul"
          title={typeof p50?.value === 'number' ? hoursInDays(p50.value) : undefined}
        >
          {text}
        </span>
      )}
      {p50 !== undefined && <SinceText timeMs={p50.sourceTimeMs} />}
    </div>
  );
}
