import { useCallback } from 'react';
import type { DriftView, TwinModelsView } from '@doppel/protocol';
import { isRouteMissing } from '../../api/api-error';
import { useLivePath } from '../../live/use-live-twin';
import { useServices } from '../../services/services-context';
import { driftFigures } from '../../shared/drift-figures';
import { formatValue } from '../../shared/format-value';
import { usePoll } from '../health/use-poll';
import detail from '../twin-detail/twin-detail.module.css';
import styles from './ml-models.module.css';

/** The outputs are live (the value store); the list of bindings changes rarely. */
const REFRESH_MS = 30_000;

/**
 * The ONNX models that run on this twin (bindings of its DTDL model), with their latest output
 * and the shadow version's. Nothing when none runs, or when the platform has no such API.
 */
export function TwinMlBindings({ twinId }: { readonly twinId: string }) {
  const { rest } = useServices();
  const load = useCallback(
    (signal: AbortSignal): Promise<TwinModelsView | null> =>
      rest.getTwinModels(twinId, signal).catch((error: unknown) => {
        if (isRouteMissing(error)) return null;
        throw error;
      }),
    [rest, twinId],
  );
  const { value } = usePoll(load, REFRESH_MS);
  if (value === undefined || value === null || value.bindings.length === 0) return null;
  return (
    <section className={detail.section} aria-label="ML models">
      <h2 className={detail.sectionTitle}>ML models</h2>
      <div className={styles.tableScroll}>
        <table className={detail.table}>
          <thead>
            <tr>
              <th scope="col">Binding</th>
              <th scope="col">Model</th>
              <th scope="col" className={detail.numeric}>
                Output
              </th>
              <th scope="col" className={detail.numeric}>
                Shadow
              </th>
              <th scope="col">Drift</th>
            </tr>
          </thead>
          <tbody>
            {value.bindings.map((binding) => (
              <tr key={binding.id} data-binding={binding.id}>
                <td className={styles.mono}>{binding.id}</td>
                <td>
                  {binding.mlModel} <span className={detail.muted}>v{binding.version}</span>
                </td>
                <td className={detail.numeric} title={binding.outputProperty}>
                  <Output twinId={twinId} path={binding.outputProperty} fallback={binding.lastOutput} />
                </td>
                <td className={detail.numeric}>
                  {binding.shadowVersion === null ? (
                    <span className={detail.muted}>—</span>
                  ) : (
                    <>
                      {formatValue(binding.lastShadowOutput ?? undefined)}{' '}
                      <span className={detail.muted}>v{binding.shadowVersion}</span>
                    </>
                  )}
                </td>
                <td>
                  <DriftText drift={binding.drift ?? []} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The live output (written back as the twin's telemetry), else the binding's last as the server knew it. */
function Output({
  twinId,
  path,
  fallback,
}: {
  readonly twinId: string;
  readonly path: string;
  readonly fallback: number | null;
}) {
  const live = useLivePath(twinId, path);
  return <>{formatValue(live?.value ?? fallback ?? undefined)}</>;
}

/** The inputs that drifted on this twin, else "stable" (nothing until drift has watched any). */
function DriftText({ drift }: { readonly drift: readonly DriftView[] }) {
  if (drift.length === 0) return <span className={detail.muted}>—</span>;
  const drifted = drift.filter((input) => input.state === 'drifted');
  if (drifted.length === 0) return <span className={detail.muted}>stable</span>;
  return (
    <span className={styles.error} title={drifted.map((input) => `${input.input}: ${driftFigures(input)}`).join('\n')}>
      {drifted.map((input) => input.input).join(', ')} drifted
    </span>
  );
}
