import type { TensorInfo } from '@doppel/protocol';

/** "812 B", "14.2 KB", "3.1 MB": an upload's size (binary multiples, as file managers show). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** "input: float32 [?×4]": a tensor's name, element type and shape (free dimensions as their name or ?). */
export function formatTensor(tensor: TensorInfo): string {
  const shape = tensor.shape.map((dim) => (dim === null || dim === '' ? '?' : String(dim))).join('×');
  return `${tensor.name}: ${tensor.type} [${shape}]`;
}
