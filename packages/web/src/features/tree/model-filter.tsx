import { useEffect, useState } from 'react';
import type { ModelData } from '@doppel/protocol';
import { useServices } from '../../services/services-context';
import styles from './tree.module.css';

/** Picks a model to search within (its subtypes included); the models come from the platform. */
export function ModelFilter({
  value,
  onChange,
}: {
  readonly value: string | null;
  readonly onChange: (modelId: string | null) => void;
}) {
  const { rest } = useServices();
  const [models, setModels] = useState<readonly ModelData[]>([]);
  useEffect(() => {
    const controller = new AbortController();
    rest.listModels({ pageSize: 1_000 }, controller.signal).then(
      (page) => setModels([...page.value].sort((a, b) => label(a).localeCompare(label(b)))),
      () => undefined, // the filter is optional: without models, no choice to offer
    );
    return () => controller.abort();
  }, [rest]);
  if (models.length === 0) return null;
  return (
    <select
      className={styles.modelFilter}
      aria-label="Only twins of a model"
      value={value ?? ''}
      onChange={(event) => onChange(event.target.value === '' ? null : event.target.value)}
    >
      <option value="">All models</option>
      {models.map((model) => (
        <option key={model.id} value={model.id}>
          {label(model)}
        </option>
      ))}
    </select>
  );
}

function label(model: ModelData): string {
  return model.displayName?.en ?? Object.values(model.displayName ?? {})[0] ?? model.id;
}
