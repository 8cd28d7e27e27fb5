import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { CommandView } from '@doppel/protocol';
import { isAbortError } from '../../api/api-error';
import { useServices } from '../../services/services-context';

/** Commands fetched when the panel opens; the live frames keep them current after that. */
const RECENT_PAGE_SIZE = 20;

/**
 * Keeps the command store's list of a twin filled: fetched when mounted, and again each time the
 * live connection comes back (frames sent while it was down are lost, the list is not). Call once
 * per panel; read with useTwinCommands.
 */
export function useTwinCommandsFeed(twinId: string): { error: unknown; reload: () => void } {
  const { rest, live, commands } = useServices();
  const [error, setError] = useState<unknown>(undefined);
  const [attempt, setAttempt] = useState(0);
  const connected = useSyncExternalStore(live.status.subscribe, () => live.status.get().state === 'live');
  const wasConnected = useRef(connected);
  const [epoch, setEpoch] = useState(0);

  useEffect(() => {
    if (connected && !wasConnected.current) setEpoch((n) => n + 1);
    wasConnected.current = connected;
  }, [connected]);

  useEffect(() => {
    const controller = new AbortController();
    rest.getTwinCommands(twinId, { pageSize: RECENT_PAGE_SIZE }, controller.signal).then(
      (page) => {
        if (controller.signal.aborted) return;
        commands.applyAll(twinId, page.value);
        setError(undefined);
      },
      (thrown: unknown) => {
        if (!isAbortError(thrown) && !controller.signal.aborted) setError(thrown);
      },
    );
    return () => controller.abort();
  }, [rest, commands, twinId, attempt, epoch]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { error, reload };
}

/** The twin's commands and desired values, newest first; re-renders when one changes. */
export function useTwinCommands(twinId: string): readonly CommandView[] {
  const { commands } = useServices();
  const subscribe = useCallback((listener: () => void) => commands.subscribe(twinId, listener), [commands, twinId]);
  return useSyncExternalStore(subscribe, () => commands.list(twinId));
}

export type SendState =
  | { readonly phase: 'idle' }
  /** Asked, the platform has not answered yet: nothing is pending on its side yet either. */
  | { readonly phase: 'sending'; readonly value: unknown }
  | { readonly phase: 'accepted'; readonly commandId: string }
  | { readonly phase: 'refused'; readonly error: unknown };

/**
 * Sends a command or desired value over REST and follows it in the command store: the answer
 * (pending or sent) goes into the store at once, the live frames move it on from there.
 */
export function useCommandSender(): {
  state: SendState;
  send: (value: unknown, call: (signal: AbortSignal) => Promise<CommandView>) => void;
} {
  const { commands } = useServices();
  const [state, setState] = useState<SendState>({ phase: 'idle' });
  const controllerRef = useRef<AbortController | null>(null);

  useEffect(() => () => controllerRef.current?.abort(), []);

  const send = useCallback(
    (value: unknown, call: (signal: AbortSignal) => Promise<CommandView>) => {
      controllerRef.current?.abort();
      const controller = new AbortController();
      controllerRef.current = controller;
      setState({ phase: 'sending', value });
      call(controller.signal).then(
        (view) => {
          commands.apply(view);
          if (!controller.signal.aborted) setState({ phase: 'accepted', commandId: view.id });
        },
        (error: unknown) => {
          if (!isAbortError(error) && !controller.signal.aborted) setState({ phase: 'refused', error });
        },
      );
    },
    [commands],
  );
  return { state, send };
}
