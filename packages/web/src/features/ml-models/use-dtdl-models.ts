import { useEffect, useState } from 'react';
import type { ModelData } from '@doppel/protocol';
import { localized } from '../../models/model-info';
import { useServices } from '../../services/services-context';

export interface DtdlModelChoice {
  readonly id: string;
  readonly label: string;
}

/** The platform's DTDL models, by display name, to bind an ONNX model to (one page: the API's maximum). */
export function useDtdlModels(): readonly DtdlModelChoice[] {
  const { rest } = useServices();
  const [models, setModels] = useState<readonly DtdlModelChoice[]>([]);
  useEffect(() => {
    const controller = new AbortController();
    rest.listModels({ pageSize: 1_000 }, controller.signal).then(
      (page) => setModels(page.value.map(choice).sort((a, b) => a.label.localeCompare(b.label))),
      () => undefined, // the form says "choose a model" with an empty list; the page shows other errors
    );
    return () => controller.abort();
  }, [rest]);
  return models;
}

const choice = (model: ModelData): DtdlModelChoice => ({
  id: model.id,
  label: `${localized(model.displayName) ?? model.id} (${model.id})`,
});
