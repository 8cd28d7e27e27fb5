import type { ReactNode } from 'react';
import { Sparkline } from './sparkline';
import styles from './health.module.css';

interface FigureTileProps {
  readonly label: string;
  readonly value: string;
  readonly unit?: string;
  readonly caption?: ReactNode;
  readonly trend: readonly number[];
  readonly trendLabel: string;
  readonly tone?: 'accent' | 'danger' | 'muted';
  /** Draws the value in the danger colour. */
  readonly alert?: boolean;
  readonly title?: string;
}

/** One headline figure with its sparkline: "Received 1,204 /s". */
export function FigureTile({
  label,
  value,
  unit,
  caption,
  trend,
  trendLabel,
  tone,
  alert = false,
  title,
}: FigureTileProps) {
  return (
    <div className={styles.tile} title={title}>
      <div className={styles.tileLabel}>{label}</div>
      <div className={alert ? `${styles.tileValue} ${styles.alertText}` : styles.tileValue}>
        {value}
        {unit !== undefined && <span className={styles.tileUnit}>{unit}</span>}
      </div>
      <Sparkline values={trend} tone={tone} label={trendLabel} />
      {caption !== undefined && <div className={styles.tileCaption}>{caption}</div>}
    </div>
  );
}
