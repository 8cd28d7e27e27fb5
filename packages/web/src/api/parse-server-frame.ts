import type { ServerFrame } from '@doppel/protocol';

const SERVER_FRAME_TYPES: ReadonlySet<string> = new Set<ServerFrame['type']>([
  'hello',
  'subscribed',
  'twin.updated',
  'lagging',
  'pong',
  'error',
]);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks a frame from the server just enough that the UI cannot crash on it: a known `type`, and
 * for `twin.updated` (the only frame whose fields we index into) a twin id and a paths object.
 * Returns null for anything else; the caller counts it and carries on.
 */
export function parseServerFrame(text: string): ServerFrame | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(data) || typeof data.type !== 'string' || !SERVER_FRAME_TYPES.has(data.type)) return null;
  if (data.type === 'twin.updated' && (typeof data.twinId !== 'string' || !isRecord(data.paths))) return null;
  if (data.type === 'hello' && typeof data.protocolVersion !== 'number') return null;
  return data as unknown as ServerFrame;
}
