import type { FormEvent } from 'react';
import { useState } from 'react';
import type { MlModel } from '@doppel/protocol';
import { useServices } from '../../services/services-context';
import { ProblemMessage } from '../../shared/problem-message';
import form from '../../shared/form.module.css';
import layout from '../../shared/view-layout.module.css';
import { formatBytes } from './ml-format';
import styles from './ml-models.module.css';

/** Names and versions go into the URL path: short slugs. */
const SLUG = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Uploads an `.onnx` file as a version of a model (a new name makes a new model). */
export function UploadForm({
  models,
  onUploaded,
}: {
  readonly models: readonly MlModel[];
  readonly onUploaded: () => void;
}) {
  const { rest } = useServices();
  const [name, setName] = useState('');
  const [version, setVersion] = useState('');
  const [file, setFile] = useState<File | null>(null);
  // A new key empties the file input after an upload (its value cannot be set).
  const [fileKey, setFileKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState<string | null>(null);

  const missing = !SLUG.test(name.trim())
    ? 'Name the model (letters, digits, “.”, “_”, “-”).'
    : !SLUG.test(version.trim())
      ? 'Give the version (“1”, “2026-01”).'
      : file === null
        ? 'Choose the .onnx file.'
        : null;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (missing !== null || file === null) return;
    setBusy(true);
    setError(undefined);
    setDone(null);
    rest.putMlModelVersion(name.trim(), version.trim(), file).then(
      (uploaded) => {
        setBusy(false);
        setDone(`Uploaded ${name.trim()} version ${uploaded.version} (${formatBytes(uploaded.sizeBytes)}).`);
        setVersion('');
        setFile(null);
        setFileKey((n) => n + 1);
        onUploaded();
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failure);
      },
    );
  };

  return (
    <form
      className={`${styles.panel} ${styles.panelBody} ${form.form}`}
      onSubmit={submit}
      aria-label="Upload an ONNX model"
    >
      <fieldset className={form.fieldset} disabled={busy}>
        <legend className={form.legend}>Upload a model version</legend>
        <div className={form.row}>
          <label className={form.field}>
            Name
            <input
              className={form.input}
              value={name}
              list="ml-model-names"
              autoComplete="off"
              onChange={(event) => setName(event.target.value)}
            />
            <datalist id="ml-model-names">
              {models.map((model) => (
                <option key={model.name} value={model.name} />
              ))}
            </datalist>
          </label>
          <label className={form.field}>
            Version
            <input
              className={`${form.input} ${form.narrow}`}
              value={version}
              autoComplete="off"
              onChange={(event) => setVersion(event.target.value)}
            />
          </label>
          <label className={form.field}>
            ONNX file
            <input
              key={fileKey}
              className={form.input}
              type="file"
              accept=".onnx,application/octet-stream"
              onChange={(event) => setFile(event.target.files?.[0] ?? null)}
            />
          </label>
        </div>
      </fieldset>
      <div className={form.actions}>
        <button
          type="submit"
          className={`${layout.primaryButton} ${layout.primaryButtonCompact}`}
          disabled={busy || missing !== null}
        >
          {busy ? 'Uploading…' : 'Upload'}
        </button>
        {missing !== null && <span className={form.hint}>{missing}</span>}
        {done !== null && (
          <span className={form.hint} role="status">
            {done}
          </span>
        )}
      </div>
      {error !== undefined && <ProblemMessage error={error} />}
    </form>
  );
}
