import { routeHash } from '../../routing/route';
import styles from './health.module.css';

/** A twin id that opens the twin (`#/twins/<id>`); a real link, so it also opens in a new tab. */
export function TwinLink({ twinId }: { readonly twinId: string }) {
  return (
    <a className={styles.link} href={routeHash({ view: 'twins', twinId })} onClick={(event) => event.stopPropagation()}>
      {twinId}
    </a>
  );
}
