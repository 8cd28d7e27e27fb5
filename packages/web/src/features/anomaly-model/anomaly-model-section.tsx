import { useMemo } from 'react';
import type { ResolvedModel } from '../../models/model-store';
import { ownContentsFirst } from '../../models/own-contents-first';
import { ProblemMessage } from '../../shared/problem-message';
import type { TimeRange } from '../history-chart/history-range';
import detail from '../twin-detail/twin-detail.module.css';
import { AnomalyModelForm } from './anomaly-model-form';
import { AnomalyModelSummary } from './anomaly-model-summary';
import { numericTelemetry } from './training-defaults';
import { useAnomalyModel } from './use-anomaly-model';

export interface AnomalyModelSectionProps {
  readonly twinId: string;
  readonly model: ResolvedModel | undefined;
  /** The range the detail's history chart shows now, if it has one: offered as the training window. */
  readonly chartRange?: () => TimeRange | null;
}

/**
 * The twin's anomaly model (issue 8: an isolation forest per asset): how it does and its score
 * over time, or a form to train one. Only for twins whose model has numeric telemetry.
 */
export function AnomalyModelSection({ twinId, model, chartRange }: AnomalyModelSectionProps) {
  const numeric = useMemo(() => numericTelemetry(ownContentsFirst(model)), [model]);
  if (numeric.length === 0) return null;
  return (
    <section className={detail.section} aria-label="Anomaly model">
      <h2 className={detail.sectionTitle}>Anomaly model</h2>
      <div className={detail.sectionBody}>
        <AnomalyModelBody twinId={twinId} numeric={numeric} chartRange={chartRange} />
      </div>
    </section>
  );
}

function AnomalyModelBody({
  twinId,
  numeric,
  chartRange,
}: {
  readonly twinId: string;
  readonly numeric: ReturnType<typeof numericTelemetry>;
  readonly chartRange: (() => TimeRange | null) | undefined;
}) {
  const { state, set, reload } = useAnomalyModel(twinId);
  switch (state.status) {
    case 'loading':
      return <p className={detail.muted}>Loading…</p>;
    case 'error':
      return <ProblemMessage error={state.error} onRetry={reload} />;
    case 'none':
      return <AnomalyModelForm twinId={twinId} numeric={numeric} chartRange={chartRange} onTrained={set} />;
    case 'loaded':
      return <AnomalyModelSummary view={state.model} numeric={numeric} onChanged={set} />;
  }
}
