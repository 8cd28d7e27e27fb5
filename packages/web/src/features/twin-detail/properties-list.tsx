import type { DigitalTwin, PropertyMetadata } from '@doppel/protocol';
import { useLivePathNames } from '../../live/use-live-twin';
import type { ResolvedModel } from '../../models/model-store';
import { unitSymbol } from '../../models/units';
import { formatValue } from '../../shared/format-value';
import styles from './twin-detail.module.css';

const isPropertyMetadata = (value: unknown): value is PropertyMetadata =>
  typeof value === 'object' && value !== null && typeof (value as PropertyMetadata).lastUpdateTime === 'string';

/**
 * The twin's properties as the twin document held them when it was opened, except those that are
 * live paths (reported properties), which the values table shows current.
 */
export function PropertiesList({
  twin,
  model,
}: {
  readonly twin: DigitalTwin;
  readonly model: ResolvedModel | undefined;
}) {
  const live = new Set(useLivePathNames(twin.$dtId));
  const names = Object.keys(twin).filter((key) => !key.startsWith('$') && !live.has(key));
  if (names.length === 0) return null;
  return (
    <section className={styles.section}>
      <h2 className={styles.sectionTitle}>Properties</h2>
      <dl className={styles.properties}>
        {names.map((name) => {
          const content = model?.byName.get(name);
          const metadata = twin.$metadata[name];
          const symbol = unitSymbol(content?.unit);
          return (
            <div key={name} className={styles.property}>
              <dt title={name}>{content?.displayName ?? name}</dt>
              <dd title={isPropertyMetadata(metadata) ? `Updated ${metadata.lastUpdateTime}` : undefined}>
                <span className={styles.tabular}>{formatValue(twin[name])}</span>
                {symbol !== undefined && <span className={styles.unit}>{symbol}</span>}
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}
