import { useAge } from '../../live/use-age';
import styles from './condition.module.css';

/** "as of 3 min ago" under a figure: readings come with each waveform, minutes or hours apart. */
export function SinceText({ timeMs }: { readonly timeMs: number }) {
  const age = useAge(timeMs);
  return (
    <span className={styles.since} title={new Date(timeMs).toISOString()}>
      as of {age}
    </span>
  );
}
