import { useCallback, useEffect, useRef, useState } from 'react';
import { isAbortError } from '../../api/api-error';
import { useServices } from '../../services/services-context';

export type ReplayState =
  | { readonly status: 'idle' }
  | { readonly status: 'replaying' }
  | { readonly status: 'replayed'; readonly applied: number }
  | { readonly status: 'refused'; readonly error: unknown };

/** Replays one dead letter (`POST /deadletters/{id}/replay`); `onReplayed` lets the lists refresh. */
export function useReplay(letterId: string, onReplayed: () => void): { state: ReplayState; replay: () => void } {
  const { rest } = useServices();
  const [state, setState] = useState<ReplayState>({ status: 'idle' });
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const replay = useCallback(() => {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setState({ status: 'replaying' });
    rest.replayDeadLetter(letterId, current.signal).then(
      (outcome) => {
        if (current.signal.aborted) return;
        setState({ status: 'replayed', applied: outcome.applied });
        onReplayed();
      },
      (error: unknown) => {
        if (!isAbortError(error) && !current.signal.aborted) setState({ status: 'refused', error });
      },
    );
  }, [rest, letterId, onReplayed]);

  return { state, replay };
}
