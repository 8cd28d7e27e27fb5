import type { AnomalyModelView } from '@doppel/protocol';
import { useAge } from '../../live/use-age';
import { useLivePath } from '../../live/use-live-twin';
import type { ContentInfo } from '../../models/model-info';
import { DriftList } from '../../shared/drift-list';
import { formatValue, percent } from '../../shared/format-value';
import { formatWindow } from '../../shared/local-time-input';
import { HistoryChart } from '../history-chart/history-chart';
import { AnomalyModelActions } from './anomaly-model-actions';
import styles from './anomaly-model.module.css';
import { Figure, Figures } from '../../shared/figures';

export interface AnomalyModelSummaryProps {
  readonly view: AnomalyModelView;
  readonly numeric: readonly ContentInfo[];
  /** A retraining's answer, or null once deleted. */
  readonly onChanged: (model: AnomalyModelView | null) => void;
}

/** A trained model: its version and training, its live score against the threshold, labels, actions, its score over time. */
export function AnomalyModelSummary({ view, numeric, onChanged }: AnomalyModelSummaryProps) {
  const nameOf = (path: string): string => numeric.find((content) => content.name === path)?.displayName ?? path;
  const output = view.outputProperty;
  return (
    <div className={styles.summary}>
      <Figures>
        <Figure name="version" term="Version">
          <strong>{view.version}</strong> <TrainedAge timeMs={view.trainedMs} />
        </Figure>
        <Figure name="threshold" term="Threshold">
          {formatValue(view.threshold)}
        </Figure>
        <Figure name="score" term="Last score">
          <LastScore twinId={view.twinId} path={output} fallback={view.lastScore} threshold={view.threshold} />
        </Figure>
        <Figure name="raised" term="Alerts raised">
          {view.alertsRaised}
        </Figure>
        <Figure name="labels" term="Real · expected · missed">
          {view.labelledReal} · {view.labelledExpected} · {view.missed}
        </Figure>
        <Figure name="precision" term="Precision · recall">
          {percent(view.precision)} · {percent(view.recall)}
        </Figure>
        <Figure name="window" term="Trained on">
          {formatWindow(view.trainFromMs, view.trainToMs)} · {view.trainingRows.toLocaleString()} rows
        </Figure>
        <Figure name="inputs" term="Inputs">
          {view.properties.map(nameOf).join(', ')}
        </Figure>
      </Figures>
      <p className={styles.note}>
        {view.trees} trees ({view.extension === 'full' ? 'hyperplane' : 'axis-parallel'} splits), contamination{' '}
        {view.contamination}; score written to <code>{output}</code>
        {view.labelsUsed.real + view.labelsUsed.expected > 0 &&
          `; last trained with ${view.labelsUsed.real} real and ${view.labelsUsed.expected} expected labels`}
        .
      </p>
      {view.drift !== undefined && view.drift.length > 0 && (
        <div>
          <h3 className={styles.subTitle}>Input drift against the training window</h3>
          <DriftList drift={view.drift} />
        </div>
      )}
      <AnomalyModelActions view={view} onChanged={onChanged} />
      <HistoryChart
        twinId={view.twinId}
        title={`Anomaly score of ${view.twinId}`}
        paths={[output]}
        labels={{ [output]: nameOf(output) }}
        thresholds={[{ path: output, value: view.threshold, label: `threshold ${formatValue(view.threshold)}` }]}
      />
    </div>
  );
}

function TrainedAge({ timeMs }: { readonly timeMs: number }) {
  const age = useAge(timeMs);
  return (
    <span className={styles.muted} title={new Date(timeMs).toISOString()}>
      trained {age}
    </span>
  );
}

/** The live score (the value store), else the model's last as the server knew it; red at or above the threshold. */
function LastScore({
  twinId,
  path,
  fallback,
  threshold,
}: {
  readonly twinId: string;
  readonly path: string;
  readonly fallback: number | null;
  readonly threshold: number;
}) {
  const live = useLivePath(twinId, path);
  const score = typeof live?.value === 'number' ? live.value : fallback;
  if (score === null) return <span className={styles.muted}>none yet</span>;
  const above = score >= threshold;
  return (
    <span className={above ? styles.above : undefined} title={above ? 'At or above the threshold' : undefined}>
      {formatValue(score)}
      {above && ' ▲'}
    </span>
  );
}
