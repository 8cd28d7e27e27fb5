import type { DigitalTwin } from '@doppel/protocol';
import type { ResolvedModel } from '../../models/model-store';
import { twinLabel } from './twin-label';
import styles from './twin-detail.module.css';

/** Name, id and model of the twin. */
export function TwinHeader({ twin, model }: { readonly twin: DigitalTwin; readonly model: ResolvedModel | undefined }) {
  const label = twinLabel(twin);
  return (
    <header className={styles.header}>
      <h1 className={styles.title}>{label}</h1>
      <dl className={styles.identity}>
        {label !== twin.$dtId && (
          <div>
            <dt>Id</dt>
            <dd className={styles.mono}>{twin.$dtId}</dd>
          </div>
        )}
        <div>
          <dt>Model</dt>
          <dd>
            {model !== undefined && <span className={styles.modelName}>{model.info.displayName}</span>}
            <span className={styles.mono}>{twin.$metadata.$model}</span>
          </dd>
        </div>
      </dl>
      {model?.info.description !== undefined && <p className={styles.description}>{model.info.description}</p>}
    </header>
  );
}
