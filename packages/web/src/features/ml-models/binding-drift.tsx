import type { MlBindingView } from '@doppel/protocol';
import { driftFigures } from '../../shared/drift-figures';
import badge from '../../shared/drift-list.module.css';
import styles from './ml-models.module.css';

/** Twins listed per drifted input, at most: the alerts page has every drift alert. */
const TWINS_SHOWN_MAX = 3;

/**
 * Each input of a binding with its drift state across the binding's twins: drifted on how many
 * (the worst first, with its figures), else stable, or still learning its reference.
 */
export function BindingDrift({ binding }: { readonly binding: MlBindingView }) {
  return (
    <div>
      <h4 className={styles.subTitle}>Input drift</h4>
      <ul className={badge.list} aria-label="Input drift">
        {binding.inputs.map((input) => {
          const drifted = binding.drift
            .filter((entry) => entry.input === input && entry.state === 'drifted')
            .sort((a, b) => (b.psi ?? 0) - (a.psi ?? 0));
          const state = drifted.length > 0 ? 'drifted' : binding.referenceReady === false ? 'learning' : 'stable';
          return (
            <li key={input} className={badge.item} data-input={input} data-state={state}>
              <span className={badge.name}>{input}</span>
              <span className={badge.badge} data-state={state}>
                {state}
              </span>
              <span className={badge.figures}>
                {state === 'drifted'
                  ? `on ${drifted.length} twin${drifted.length === 1 ? '' : 's'}: ${drifted
                      .slice(0, TWINS_SHOWN_MAX)
                      .map((entry) => `${entry.subject ?? '?'} (${driftFigures(entry)})`)
                      .join('; ')}${drifted.length > TWINS_SHOWN_MAX ? '; …' : ''}`
                  : state === 'learning'
                    ? 'learning the reference from the first values'
                    : 'within its reference on every twin'}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
