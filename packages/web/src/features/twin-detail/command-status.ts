import type { CommandStatus, CommandView } from '@doppel/protocol';
import { isFinalStatus } from '../../live/command-store';

/** How a status is drawn: in progress (spinner), done well, done badly, or neither. */
export type StatusTone = 'progress' | 'success' | 'danger' | 'warning' | 'neutral';

const LABELS: Readonly<Record<CommandStatus, string>> = {
  pending: 'pending',
  sent: 'sent',
  acknowledged: 'acknowledged',
  succeeded: 'succeeded',
  failed: 'failed',
  'timed-out': 'timed out',
  expired: 'expired',
  cancelled: 'cancelled',
};

const TONES: Readonly<Record<CommandStatus, StatusTone>> = {
  pending: 'progress',
  sent: 'progress',
  acknowledged: 'progress',
  succeeded: 'success',
  failed: 'danger',
  'timed-out': 'danger',
  expired: 'warning',
  cancelled: 'neutral',
};

/** What each status in progress means for the operator. */
const HINTS: Readonly<Partial<Record<CommandStatus, string>>> = {
  pending: 'waiting for the device to connect',
  sent: 'sent to the device, waiting for its answer',
  acknowledged: 'the device is carrying it out',
};

export const statusLabel = (status: CommandStatus): string => LABELS[status] ?? status;
export const statusTone = (status: CommandStatus): StatusTone => TONES[status] ?? 'neutral';
export const statusHint = (status: CommandStatus): string => HINTS[status] ?? '';

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

/** A response value as one line: strings bare, anything else as compact JSON. */
export function responseText(response: unknown): string {
  if (response === undefined) return '';
  if (typeof response === 'string') return response;
  return JSON.stringify(response) ?? String(response);
}

/** How a command ended, in words ('' while it is in progress). */
export function outcomeText(view: CommandView): string {
  switch (view.status) {
    case 'succeeded':
      return view.response === undefined ? 'done' : responseText(view.response);
    case 'failed':
      return view.error === undefined || view.error === '' ? 'the device refused it' : view.error;
    case 'timed-out':
      return `no answer within ${seconds(view.timeoutMs)} of sending`;
    case 'expired':
      return 'no device took it before it expired';
    case 'cancelled':
      return 'cancelled before it was sent';
    case 'pending':
    case 'sent':
    case 'acknowledged':
      return '';
  }
}

/** How long a command took from asking to its final status, or undefined while in progress. */
export function durationMs(view: CommandView): number | undefined {
  const endMs = view.statusTimesMs[view.status];
  return isFinalStatus(view.status) && endMs !== undefined ? endMs - view.createdMs : undefined;
}

/**
 * What a desired value shows next to the reported one: `pending` (new value, not confirmed yet),
 * `confirmed` (the device applied it or reported it), `rolled-back` (it was not applied: the old
 * reported value stands, with the reason).
 */
export type DesiredDisplay =
  | { readonly phase: 'pending'; readonly desired: unknown; readonly detail: string }
  | { readonly phase: 'confirmed'; readonly desired: unknown }
  | { readonly phase: 'rolled-back'; readonly desired: unknown; readonly reason: string };

export function desiredDisplay(view: CommandView): DesiredDisplay {
  const desired = view.request;
  switch (view.status) {
    case 'succeeded':
      return { phase: 'confirmed', desired };
    case 'failed':
      return {
        phase: 'rolled-back',
        desired,
        reason: `not applied: failed: ${view.error === undefined || view.error === '' ? 'the device refused it' : view.error}`,
      };
    case 'timed-out':
      return { phase: 'rolled-back', desired, reason: 'not applied: timed out' };
    case 'expired':
      return { phase: 'rolled-back', desired, reason: 'not applied: expired (no device took it)' };
    case 'cancelled':
      return { phase: 'rolled-back', desired, reason: 'not applied: cancelled' };
    case 'pending':
    case 'sent':
    case 'acknowledged':
      return { phase: 'pending', desired, detail: statusHint(view.status) };
  }
}

/** The newest command of this kind and name in a twin's list (newest first). */
export function latestOf(
  list: readonly CommandView[],
  kind: CommandView['kind'],
  name: string,
): CommandView | undefined {
  return list.find((view) => view.kind === kind && view.name === name);
}

/** Who asked, readably: `http:127.0.0.1` → `127.0.0.1 (REST)`, `live-client-7` → `live client 7`. */
export function requesterText(requestedBy: string): string {
  if (requestedBy.startsWith('http:')) return `${requestedBy.slice(5)} (REST)`;
  const live = /^live-client-(.+)$/.exec(requestedBy);
  if (live !== null) return `live client ${live[1] ?? ''}`;
  return requestedBy;
}
