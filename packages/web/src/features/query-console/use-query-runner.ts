import { useCallback, useEffect, useRef, useState } from 'react';
import { isAbortError } from '../../api/api-error';
import { useServices } from '../../services/services-context';

/**
 * Rows kept across "Load more": the table is virtualised, so this bounds memory, not rendering.
 * Past it the console asks for a narrower query instead of offering more pages.
 */
export const RESULT_ROWS_MAX = 100_000;

export interface QueryResultState {
  /** The query text these rows answer (continuation tokens are only valid with it). */
  readonly text: string;
  readonly rows: readonly unknown[];
  readonly continuationToken: string | undefined;
  /** `EXPLAIN`: the plan instead of rows. */
  readonly explain: readonly string[] | undefined;
  /** Round trips of all pages so far, as the browser measured them. */
  readonly elapsedMs: number;
  /** The platform's own figures for the pages so far. */
  readonly serverElapsedMs: number;
  readonly rowsExamined: number;
  readonly loadingMore: boolean;
  readonly loadMoreError: unknown;
}

export interface QueryRunnerState {
  /** A new query is on its way; `result` still shows the previous one. */
  readonly running: boolean;
  readonly result: QueryResultState | null;
  readonly error: { readonly text: string; readonly error: unknown } | null;
}

export interface QueryRunner {
  readonly state: QueryRunnerState;
  run(text: string): void;
  loadMore(): void;
  /** The text of the last run asked for, until it is cancelled by unmounting. */
  requestedText(): string | null;
}

/** Runs twin queries (`POST /api/v1/query`) one at a time: a new run cancels the one in flight. */
export function useQueryRunner(): QueryRunner {
  const { rest } = useServices();
  const [state, setState] = useState<QueryRunnerState>({ running: false, result: null, error: null });
  const inFlight = useRef<AbortController | null>(null);
  const requested = useRef<string | null>(null);

  useEffect(
    () => () => {
      inFlight.current?.abort();
      requested.current = null;
    },
    [],
  );

  const start = (): AbortController => {
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    return controller;
  };

  const run = useCallback(
    (text: string) => {
      const controller = start();
      requested.current = text;
      setState((previous) => ({ ...previous, running: true, error: null }));
      const startedMs = performance.now();
      rest.runQuery({ query: text }, controller.signal).then(
        (page) => {
          if (controller.signal.aborted) return;
          setState({
            running: false,
            error: null,
            result: {
              text,
              rows: page.value,
              continuationToken: page.continuationToken,
              explain: page.explain,
              elapsedMs: performance.now() - startedMs,
              serverElapsedMs: page.stats?.elapsedMs ?? 0,
              rowsExamined: page.stats?.rowsExamined ?? 0,
              loadingMore: false,
              loadMoreError: undefined,
            },
          });
        },
        (error: unknown) => {
          if (isAbortError(error) || controller.signal.aborted) return;
          setState({ running: false, result: null, error: { text, error } });
        },
      );
    },
    [rest],
  );

  const current = state.result;
  const loadMore = useCallback(() => {
    if (current === null || current.continuationToken === undefined || current.loadingMore) return;
    if (current.rows.length >= RESULT_ROWS_MAX) return;
    const controller = start();
    const { text, continuationToken } = current;
    const update = (change: (result: QueryResultState) => QueryResultState): void =>
      setState((previous) =>
        previous.result?.text === text && previous.result.continuationToken === continuationToken
          ? { ...previous, result: change(previous.result) }
          : previous,
      );
    update((result) => ({ ...result, loadingMore: true, loadMoreError: undefined }));
    const startedMs = performance.now();
    rest.runQuery({ query: text, continuationToken }, controller.signal).then(
      (page) => {
        if (controller.signal.aborted) return;
        update((result) => ({
          ...result,
          rows: [...result.rows, ...page.value],
          continuationToken: page.continuationToken,
          elapsedMs: result.elapsedMs + performance.now() - startedMs,
          serverElapsedMs: result.serverElapsedMs + (page.stats?.elapsedMs ?? 0),
          rowsExamined: result.rowsExamined + (page.stats?.rowsExamined ?? 0),
          loadingMore: false,
        }));
      },
      (error: unknown) => {
        if (isAbortError(error) || controller.signal.aborted) return;
        update((result) => ({ ...result, loadingMore: false, loadMoreError: error }));
      },
    );
  }, [rest, current]);

  const requestedText = useCallback(() => requested.current, []);
  return { state, run, loadMore, requestedText };
}
