import type { ServerFrame, TwinUpdate } from '@doppel/protocol';

const SERVER_FRAME_TYPES: ReadonlySet<string> = new Set<ServerFrame['type']>([
  'hello',
  'subscribed',
  'twin.updated',
  'twins.updated',
  'lagging',
  'pong',
  'error',
  'command.updated',
  'alert.updated',
]);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isTwinUpdate = (value: unknown): value is TwinUpdate =>
  isRecord(value) && typeof value.twinId === 'string' && isRecord(value.paths);

const isAlertView = (value: unknown): boolean =>
  isRecord(value) &&
  typeof value.id === 'string' &&
  typeof value.twinId === 'string' &&
  typeof value.status === 'string' &&
  typeof value.severity === 'string' &&
  typeof value.raisedMs === 'number' &&
  Array.isArray(value.log);

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
 * for the frames whose fields we index into, those fields (`twin.updated` and each entry of
 * `twins.updated`: a twin id and a paths object; `command.updated`: the command's id, twin, name, status and times).
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
  if (data.type === 'twin.updated' && !isTwinUpdate(data)) return null;
  if (data.type === 'twins.updated') {
    if (!Array.isArray(data.twins)) return null;
    // A malformed entry is dropped, not the whole frame: the other twins' values are good.
    return { ...data, twins: data.twins.filter(isTwinUpdate) } as unknown as ServerFrame;
  }
  if (data.type === 'command.updated' && !isCommandView(data.command)) return null;
  if (data.type === 'alert.updated' && !isAlertView(data.alert)) return null;
  if (data.type === 'hello' && typeof data.protocolVersion !== 'number') return null;
  return data as unknown as ServerFrame;
}
