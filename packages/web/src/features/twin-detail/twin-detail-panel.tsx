import { useCallback, useMemo, useRef } from 'react';
import { useRetainTwins } from '../../live/use-retain-twins';
import { useModel } from '../../models/use-model';
import { useSelectedTwin } from '../../routing/selection';
import { ProblemMessage } from '../../shared/problem-message';
import { AnomalyModelSection } from '../anomaly-model/anomaly-model-section';
import { ConditionSection } from '../condition/condition-section';
import type { TimeRange } from '../history-chart/history-range';
import { TwinMlBindings } from '../ml-models/twin-ml-bindings';
import { PropertiesList } from './properties-list';
import { TwinAlerts } from './twin-alerts';
import { TwinControls } from './twin-controls';
import { TwinHistory } from './twin-history';
import { TwinHeader } from './twin-header';
import { useTwinDetail } from './use-twin-detail';
import { ValuesTable } from './values-table';
import styles from './twin-detail.module.css';

/** The right-hand panel: the selected twin, or a hint to select one. */
export function TwinDetailPanel() {
  const twinId = useSelectedTwin();
  return (
    <section className={styles.panel} aria-label="Twin detail">
      {twinId === null ? (
        <div className={styles.placeholder}>
          <p className={styles.placeholderTitle}>No twin selected</p>
          <p>Select a twin in the tree to see its properties and live values.</p>
        </div>
      ) : (
        // A new key per twin resets all state: no value of the previous twin can flash through.
        <TwinDetail key={twinId} twinId={twinId} />
      )}
    </section>
  );
}

function TwinDetail({ twinId }: { readonly twinId: string }) {
  const liveIds = useMemo(() => [twinId], [twinId]);
  useRetainTwins(liveIds);
  const { state, reload } = useTwinDetail(twinId);
  const modelId = state.status === 'loaded' ? state.twin.$metadata.$model : undefined;
  const { model } = useModel(modelId);
  // The history chart's range, read when the anomaly form asks for it (not state: it moves every 10 s).
  const chartRange = useRef<TimeRange | null>(null);
  const onChartRange = useCallback((range: TimeRange) => {
    chartRange.current = range;
  }, []);
  const readChartRange = useCallback(() => chartRange.current, []);

  if (state.status === 'error') {
    return (
      <div className={styles.body}>
        <h1 className={styles.title}>{twinId}</h1>
        <ProblemMessage error={state.error} onRetry={reload} />
      </div>
    );
  }
  if (state.status === 'loading') {
    return (
      <div className={styles.body} aria-busy="true">
        <h1 className={styles.title}>{twinId}</h1>
        <p className={styles.muted}>Loading…</p>
      </div>
    );
  }
  return (
    <div className={styles.body}>
      <TwinHeader twin={state.twin} model={model} />
      <ValuesTable twinId={twinId} model={model} />
      <ConditionSection twinId={twinId} />
      <TwinAlerts twinId={twinId} />
      <TwinHistory twinId={twinId} model={model} onRangeChange={onChartRange} />
      <AnomalyModelSection twinId={twinId} model={model} chartRange={readChartRange} />
      <TwinMlBindings twinId={twinId} />
      <PropertiesList twin={state.twin} model={model} />
      <TwinControls twin={state.twin} model={model} />
    </div>
  );
}
