import { useState } from 'react';
import type { MlModel, MlModelVersion } from '@doppel/protocol';
import { useServices } from '../../services/services-context';
import { ConfirmButton } from '../../shared/confirm-button';
import { formatMoment } from '../../shared/local-time-input';
import { ProblemMessage } from '../../shared/problem-message';
import { formatBytes, formatTensor } from './ml-format';
import styles from './ml-models.module.css';

/** Uploaded ONNX models, a row per version: size, checksum, when, its tensors, and Delete. */
export function MlModelTable({
  models,
  onChanged,
}: {
  readonly models: readonly MlModel[];
  readonly onChanged: () => void;
}) {
  const rows = models.flatMap((model) => model.versions.map((version) => ({ name: model.name, version })));
  if (rows.length === 0) {
    return (
      <div className={styles.panel} role="region" aria-label="ONNX models">
        <p className={styles.empty}>No ONNX model uploaded yet: upload one below.</p>
      </div>
    );
  }
  return (
    <div className={styles.panel} role="region" aria-label="ONNX models">
      <div className={styles.tableScroll}>
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Version</th>
              <th scope="col">Size</th>
              <th scope="col">Uploaded</th>
              <th scope="col">Inputs</th>
              <th scope="col">Outputs</th>
              <th scope="col">
                <span className={styles.hint}>SHA-256</span>
              </th>
              <th scope="col" aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {rows.map(({ name, version }) => (
              <VersionRow key={`${name}\n${version.version}`} name={name} version={version} onChanged={onChanged} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function VersionRow({
  name,
  version,
  onChanged,
}: {
  readonly name: string;
  readonly version: MlModelVersion;
  readonly onChanged: () => void;
}) {
  const { rest } = useServices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const remove = (): void => {
    setBusy(true);
    setError(undefined);
    rest.deleteMlModelVersion(name, version.version).then(
      () => {
        setBusy(false);
        onChanged();
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failure); // 409 mlmodel.in-use: a binding runs it; the detail says which
      },
    );
  };
  return (
    <tr data-model={name} data-version={version.version}>
      <td className={styles.mono}>{name}</td>
      <td>{version.version}</td>
      <td>{formatBytes(version.sizeBytes)}</td>
      <td title={new Date(version.uploadedMs).toISOString()}>{formatMoment(version.uploadedMs)}</td>
      <td>
        <ul className={styles.tensors}>
          {version.inputs.map((tensor) => (
            <li key={tensor.name}>{formatTensor(tensor)}</li>
          ))}
        </ul>
      </td>
      <td>
        <ul className={styles.tensors}>
          {version.outputs.map((tensor) => (
            <li key={tensor.name}>{formatTensor(tensor)}</li>
          ))}
        </ul>
      </td>
      <td className={styles.mono} title={version.sha256}>
        {version.sha256.slice(0, 12)}…
      </td>
      <td>
        <ConfirmButton
          label="Delete…"
          confirmLabel="Delete"
          busyLabel="Deleting…"
          busy={busy}
          onConfirm={remove}
          ariaLabel={`Delete ${name} version ${version.version}`}
        />
        {error !== undefined && <ProblemMessage error={error} compact />}
      </td>
    </tr>
  );
}
