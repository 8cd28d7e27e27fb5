import type { Freshness } from './freshness';
import { useFreshness } from './use-freshness';
import styles from './live.module.css';

const LABELS: Readonly<Record<Freshness, string>> = {
  fresh: 'Live: updated recently',
  stale: 'Stale: no update for more than 3 intervals',
  missing: 'No data',
};

/** Green while the path updates at its usual pace, amber when it stopped, grey when never seen. */
export function FreshnessDot({ twinId, path }: { readonly twinId: string; readonly path: string | undefined }) {
  const freshness = useFreshness(twinId, path);
  return (
    <span
      className={`${styles.dot} ${styles[freshness]}`}
      title={LABELS[freshness]}
      aria-label={LABELS[freshness]}
      role="img"
    />
  );
}
