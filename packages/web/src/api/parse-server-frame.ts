import type { ServerFrame } from '@doppel/protocol';

const SERVER_FRAME_TYPES: ReadonlySet<string> = new Set<ServerFrame['type']>([
  'hello',
  'subscribed',
  'twin.updated',
  'lagging',
  'pong',
  'error',
  'command.updated',
]);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isCommandView = (value: unknown): boolean =>
  isRecord(value) &&
  typeof value.id === 'string' &&
  typeof value.twinId === 'string' &&
  typeof value.name === 'string' &&
  typeof value.status === 'string' &&
  typeof value.createdMs === 'number' &&
  isRecord(value.statusTimesMs);

/**
 * Checks a frame from the server just enough that the UI cannot crash on it: a known `type`, and
 * for the frames whose fields we index into, those fields (`twin.updated`: a twin id and a paths
 * object; `command.updated`: the command's id, twin, name, status and times).
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
  if (data.type === 'command.updated' && !isCommandView(data.command)) return null;
  if (data.type === 'hello' && typeof data.protocolVersion !== 'number') return null;
  return data as unknown as ServerFrame;
}
