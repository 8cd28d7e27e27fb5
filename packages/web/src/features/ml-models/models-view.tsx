import { useState } from 'react';
import type { MlBindingView } from '@doppel/protocol';
import { ProblemMessage } from '../../shared/problem-message';
import layout from '../../shared/view-layout.module.css';
import { AssetModelScores } from '../alerts/asset-model-scores';
import { TwinDetailPanel } from '../twin-detail/twin-detail-panel';
import { BindingCard } from './binding-card';
import { BindingForm } from './binding-form';
import { MlModelTable } from './ml-model-table';
import { UploadForm } from './upload-form';
import { useMlCatalog } from './use-ml-catalog';
import styles from './ml-models.module.css';

/**
 * The models page (`#/models?twin=<id>`): uploaded ONNX models and their versions, the bindings
 * that run them on twins (status, shadow comparison, drift), and the asset anomaly models; a
 * twin's detail beside when one is selected. A platform without the ONNX API gets an empty state.
 */
export function ModelsView({ twinId }: { readonly twinId: string | null }) {
  const catalog = useMlCatalog();
  const [editing, setEditing] = useState<MlBindingView | null>(null);
  const value = catalog.value;
  const unavailable = value !== undefined && value.models === null && value.bindings === null;

  return (
    <div className={layout.view}>
      <section className={`${layout.column} ${styles.page}`} aria-labelledby="models-title">
        <div className={styles.content}>
          <div className={styles.head}>
            <h1 id="models-title" className={styles.title}>
              Models
            </h1>
            <span className={styles.hint}>
              ONNX models run on the telemetry of a DTDL model&apos;s twins; anomaly models are trained per twin in its
              detail.
            </span>
          </div>
          {catalog.error !== undefined && <ProblemMessage error={catalog.error} onRetry={catalog.refresh} />}
          {value === undefined && catalog.error === undefined && <p className={styles.hint}>Loading…</p>}
          {unavailable && <Unavailable />}
          {value !== undefined && !unavailable && (
            <>
              <h2 className={styles.title}>ONNX models</h2>
              {value.models === null ? (
                <p className={styles.hint}>This platform does not list ONNX models (no /api/v1/ml-models).</p>
              ) : (
                <>
                  <MlModelTable models={value.models} onChanged={catalog.refresh} />
                  <UploadForm models={value.models} onUploaded={catalog.refresh} />
                </>
              )}
              <h2 className={styles.title}>Bindings</h2>
              {(value.bindings ?? []).length === 0 ? (
                <div className={styles.panel}>
                  <p className={styles.empty}>No binding yet: bind an uploaded model to a DTDL model below.</p>
                </div>
              ) : (
                <div className={styles.cards}>
                  {(value.bindings ?? []).map((binding) => (
                    <BindingCard key={binding.id} binding={binding} onEdit={setEditing} onChanged={catalog.refresh} />
                  ))}
                </div>
              )}
              <BindingForm
                key={editing?.id ?? '(new)'}
                models={value.models ?? []}
                editing={editing}
                onSaved={() => {
                  setEditing(null);
                  catalog.refresh();
                }}
                onCancel={() => setEditing(null)}
              />
            </>
          )}
          <h2 className={styles.title}>Asset anomaly models</h2>
          <AssetModelScores />
        </div>
      </section>
      <div className={twinId === null ? layout.detailHidden : layout.detail}>
        <TwinDetailPanel />
      </div>
    </div>
  );
}

function Unavailable() {
  return (
    <div className={`${styles.panel} ${styles.emptyState}`} role="region" aria-label="ONNX models">
      <p className={styles.emptyTitle}>No ONNX models on this platform yet</p>
      <p className={styles.emptyText}>
        This platform does not serve the ONNX model API (<code>/api/v1/ml-models</code> answered 404). Once it does,
        upload models here, bind them to the twins of a DTDL model, compare a shadow version before promoting it, and
        watch their inputs drift.
      </p>
    </div>
  );
}
