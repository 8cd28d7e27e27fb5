import { unitSymbol } from '../models/units';
import { formatValue } from '../shared/format-value';
import { useLivePath } from './use-live-twin';
import styles from './live.module.css';

interface LiveValueProps {
  readonly twinId: string;
  readonly path: string;
  /** DTDL unit name of the path, if its model declares one. */
  readonly unit: string | undefined;
  /** Briefly highlight the value when it changes. */
  readonly flash?: boolean;
}

/** A live value with its unit; re-renders only when this path of this twin changes. */
export function LiveValue({ twinId, path, unit, flash = false }: LiveValueProps) {
  const state = useLivePath(twinId, path);
  if (state === undefined) return <span className={styles.empty}>—</span>;
  const symbol = unitSymbol(unit);
  const text = formatValue(state.value);
  return (
    // Changing the key remounts the span, which restarts the highlight animation.
    <span
      key={flash ? state.changeSeq : undefined}
      className={flash && state.changeSeq > 0 ? `${styles.value} ${styles.flash}` : styles.value}
      title={typeof state.value === 'string' ? state.value : JSON.stringify(state.value)}
    >
      {text}
      {symbol !== undefined && <span className={styles.unit}>{symbol}</span>}
    </span>
  );
}
