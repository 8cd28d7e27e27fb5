import { lazy, Suspense } from 'react';
import styles from './three-d.module.css';

// three.js is large: the 3D view (and three with it) is a separate chunk, fetched when it opens.
const ThreeDView = lazy(() => import('./three-d-view').then((module) => ({ default: module.ThreeDView })));

/** The 3D view's route (`#/3d?twin=<id>[&from=…&to=…]`): loads the view's code on first use. */
export function ThreeDRoute(props: {
  readonly twinId: string | null;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}) {
  return (
    <Suspense fallback={<p className={styles.loading}>Loading the 3D view…</p>}>
      <ThreeDView twinId={props.twinId} from={props.from} to={props.to} />
    </Suspense>
  );
}
