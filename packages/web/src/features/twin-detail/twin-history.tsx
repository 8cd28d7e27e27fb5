import { useMemo } from 'react';
import type { ResolvedModel } from '../../models/model-store';
import { HistoryChart } from '../history-chart/history-chart';
import styles from './twin-detail.module.css';

/** Numeric types a chart can draw. */
const NUMERIC = new Set(['double', 'float', 'integer', 'long']);
/** Series in one chart, at most: more is noise on a panel (the query console has the rest). */
const PATHS_MAX = 4;

/** The twin's numeric telemetry over time (issue 7: charts in the detail panel). */
export function TwinHistory({ twinId, model }: { readonly twinId: string; readonly model: ResolvedModel | undefined }) {
  const { paths, units } = useMemo(() => {
    const numeric = (model?.contents ?? []).filter(
      (content) => content.kind === 'telemetry' && content.schema !== undefined && NUMERIC.has(content.schema),
    );
    return {
      paths: numeric.slice(0, PATHS_MAX).map((content) => content.name),
      units: Object.fromEntries(numeric.map((content) => [content.name, content.unit])),
    };
  }, [model]);
  if (paths.length === 0) return null;
  return (
    <section className={styles.section} aria-label="History">
      <h2 className={styles.sectionTitle}>History</h2>
      <div className={styles.sectionBody}>
        <HistoryChart twinId={twinId} paths={paths} units={units} />
      </div>
    </section>
  );
}
