import { memo, useMemo } from 'react';
import { FreshnessDot } from '../../live/freshness-dot';
import { LiveValue } from '../../live/live-value';
import { useAge } from '../../live/use-age';
import { useLivePath, useLivePathNames } from '../../live/use-live-twin';
import type { ContentInfo } from '../../models/model-info';
import type { ResolvedModel } from '../../models/model-store';
import { valueRows } from './value-rows';
import styles from './twin-detail.module.css';

/** Current values of the twin, updated live; only the row whose value changed re-renders. */
export function ValuesTable({ twinId, model }: { readonly twinId: string; readonly model: ResolvedModel | undefined }) {
  const livePaths = useLivePathNames(twinId);
  const rows = useMemo(() => valueRows(model, livePaths), [model, livePaths]);
  return (
    <section className={styles.section}>
      <h2 className={styles.sectionTitle}>Current values</h2>
      {rows.length === 0 ? (
        <p className={styles.muted}>No values yet: they appear as soon as the twin reports telemetry or properties.</p>
      ) : (
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col" className={styles.numeric}>
                Value
              </th>
              <th scope="col">Updated</th>
              <th scope="col" className={styles.sourceColumn}>
                Source
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <ValueRow key={row.path} twinId={twinId} path={row.path} content={row.content} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

interface ValueRowProps {
  readonly twinId: string;
  readonly path: string;
  readonly content: ContentInfo | undefined;
}

const ValueRow = memo(function ValueRow({ twinId, path, content }: ValueRowProps) {
  const state = useLivePath(twinId, path);
  const name = content?.displayName ?? path;
  return (
    <tr>
      <th scope="row" className={styles.nameCell}>
        {/* Freshness needs a reporting pace: telemetry has one, reported properties do not. */}
        {(content?.kind ?? state?.kind) === 'telemetry' ? (
          <FreshnessDot twinId={twinId} path={path} />
        ) : (
          <span className={styles.dotSpacer} />
        )}
        <span className={styles.name} title={path}>
          {name}
        </span>
        {state?.kind === 'property' && <span className={styles.kind}>property</span>}
      </th>
      <td className={styles.numeric}>
        <LiveValue twinId={twinId} path={path} unit={content?.unit} flash />
      </td>
      <td className={styles.ageCell}>
        {state === undefined ? (
          <span className={styles.muted}>no data</span>
        ) : (
          <Age timeMs={state.sourceTimeMs} receivedMs={state.receivedMs} />
        )}
      </td>
      <td className={`${styles.sourceColumn} ${styles.source}`} title={state?.source}>
        {state?.source ?? ''}
      </td>
    </tr>
  );
});

/** Its own component so that the once-a-second tick re-renders only this cell. */
function Age({ timeMs, receivedMs }: { readonly timeMs: number; readonly receivedMs: number }) {
  const age = useAge(timeMs);
  const title = `Source time ${new Date(timeMs).toISOString()}\nReceived ${new Date(receivedMs).toISOString()}`;
  return <span title={title}>{age}</span>;
}
