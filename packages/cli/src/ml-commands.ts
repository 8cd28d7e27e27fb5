import { readFile } from 'node:fs/promises';
import type { ApiClient } from './api-client.js';
import { formatTable } from './format-table.js';

type Out = (text: string) => void;

interface VersionView {
  readonly version: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly featuresPerRow: number;
}

interface BindingView {
  readonly id: string;
  readonly modelId: string;
  readonly mlModel: string;
  readonly version: string;
  readonly shadowVersion?: string;
  readonly outputProperty: string;
  readonly status: { readonly inferences: number; readonly errors: number; readonly lastError?: string };
  readonly shadow: { readonly count: number; readonly meanAbsDiff: number | null } | null;
  readonly drift: readonly { readonly subject: string; readonly input: string }[];
}

/** `doppel ml upload NAME VERSION FILE`: an ONNX file as a new version (docs/models.md). */
export async function uploadModel(api: ApiClient, args: readonly string[], out: Out): Promise<number> {
  const [name, version, file] = args;
  if (name === undefined || version === undefined || file === undefined) {
    out('usage: doppel ml upload NAME VERSION FILE.onnx\n');
    return 2;
  }
  const bytes = await readFile(file);
  const view = await api.requestText<VersionView>(
    'PUT',
    `/ml-models/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}`,
    new Uint8Array(bytes),
    'application/octet-stream',
  );
  out(
    `${name} ${view.version}: ${view.sizeBytes} bytes, ${view.featuresPerRow} features per row, sha256 ${view.sha256}\n`,
  );
  return 0;
}

/** `doppel ml list`: every version of every uploaded model. */
export async function listModels(api: ApiClient, out: Out): Promise<number> {
  const { value } = await api.request<{ value: { name: string; versions: VersionView[] }[] }>('GET', '/ml-models');
  const rows = value.flatMap(({ name, versions }) =>
    versions.map((version) => [name, version.version, String(version.sizeBytes), String(version.featuresPerRow)]),
  );
  out(formatTable(['model', 'version', 'bytes', 'features'], rows));
  return 0;
}

/** `doppel ml bind FILE`: a binding from a JSON file with its "id" (created or replaced). */
export async function bindModel(api: ApiClient, file: string | undefined, out: Out): Promise<number> {
  if (file === undefined) {
    out('usage: doppel ml bind FILE.json\n');
    return 2;
  }
  const { id, ...binding } = JSON.parse(await readFile(file, 'utf8')) as { id?: unknown };
  if (typeof id !== 'string') {
    out(`${file}: the binding needs an "id"\n`);
    return 1;
  }
  const view = await api.request<BindingView>('PUT', `/ml-bindings/${encodeURIComponent(id)}`, binding);
  out(`binding ${view.id}: ${view.mlModel} ${view.version} on ${view.modelId} → ${view.outputProperty}\n`);
  return 0;
}

/** `doppel ml bindings`: each binding with its version, shadow, counters and drifted inputs. */
export async function listBindings(api: ApiClient, out: Out): Promise<number> {
  const { value } = await api.request<{ value: BindingView[] }>('GET', '/ml-bindings');
  out(
    formatTable(
      ['binding', 'model', 'version', 'shadow', 'inferences', 'errors', 'shadow |diff|', 'drifted'],
      value.map((binding) => [
        binding.id,
        binding.mlModel,
        binding.version,
        binding.shadowVersion ?? '',
        String(binding.status.inferences),
        String(binding.status.errors),
        binding.shadow?.meanAbsDiff === null || binding.shadow === null
          ? ''
          : binding.shadow.meanAbsDiff.toPrecision(3),
        String(binding.drift.length),
      ]),
    ),
  );
  return 0;
}

/** `doppel ml promote ID`: the shadow version becomes the active one. */
export async function promoteBinding(api: ApiClient, id: string | undefined, out: Out): Promise<number> {
  if (id === undefined) {
    out('usage: doppel ml promote BINDING\n');
    return 2;
  }
  const view = await api.request<BindingView>('POST', `/ml-bindings/${encodeURIComponent(id)}/promote`);
  out(`binding ${view.id} now runs ${view.mlModel} ${view.version}\n`);
  return 0;
}
