import { sparklinePoints } from './sparkline-points';
import styles from './health.module.css';

/** Drawing units; the SVG stretches to its box (the stroke keeps its width). */
const VIEW_WIDTH = 120;
const VIEW_HEIGHT = 28;

interface SparklineProps {
  readonly values: readonly number[];
  readonly tone?: 'accent' | 'danger' | 'muted';
  /** Read out instead of the drawing, e.g. "last 2 minutes, peak 1,200/s". */
  readonly label: string;
}

/** A small line of recent values, zero at the bottom: the shape of the last minutes at a glance. */
export function Sparkline({ values, tone = 'accent', label }: SparklineProps) {
  const points = sparklinePoints(values, VIEW_WIDTH, VIEW_HEIGHT, 1.5);
  return (
    <svg
      className={`${styles.sparkline} ${styles[tone]}`}
      viewBox={`0 0 ${VIEW_WIDTH} ${VIEW_HEIGHT}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
    >
      {points !== '' && (
        <>
          <polygon
            className={styles.sparkArea}
            points={`${points} ${VIEW_WIDTH - 1.5},${VIEW_HEIGHT} 1.5,${VIEW_HEIGHT}`}
          />
          <polyline className={styles.sparkLine} points={points} vectorEffect="non-scaling-stroke" />
        </>
      )}
    </svg>
  );
}
