import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { navigate, useRoute } from '../../routing/route';
import { browserStorage } from './browser-storage';
import type { TextPosition } from './error-position';
import { offsetOfPosition } from './error-position';
import { EXAMPLE_QUERY } from './example-query';
import { QueryEditor } from './query-editor';
import { QueryErrorView } from './query-error-view';
import { loadHistory, rememberQuery, saveHistory } from './query-history';
import { QueryHistoryList } from './query-history-list';
import { QueryResults } from './query-results';
import { useQueryRunner } from './use-query-runner';
import styles from './query-console.module.css';

/**
 * The query console (`#/query?q=…`): a twin query, its rows with twin ids linking to the twins,
 * errors pointing into the text, and the last queries run. Running puts the text in the URL, so a
 * link to the console runs the same query.
 */
export function QueryConsole() {
  const route = useRoute();
  const routeText = route.view === 'query' ? route.text : null;
  const [text, setText] = useState(() => routeText ?? EXAMPLE_QUERY);
  const [history, setHistory] = useState(() => loadHistory(browserStorage()));
  const { state, run, loadMore, requestedText } = useQueryRunner();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const errorId = useId();

  const runText = useCallback(
    (query: string) => {
      if (query.trim() === '') return;
      run(query);
      navigate({ view: 'query', text: query }, { replace: true });
      const next = rememberQuery(history, query);
      setHistory(next);
      saveHistory(browserStorage(), next);
    },
    [run, history],
  );

  // A link (or the back button) brought a query: show it and run it.
  useEffect(() => {
    if (routeText === null || routeText === requestedText()) return;
    setText(routeText);
    runText(routeText);
  }, [routeText, requestedText, runText]);

  const showPosition = useCallback(
    (position: TextPosition) => {
      const element = textarea.current;
      if (element === null) return;
      const offset = offsetOfPosition(text, position);
      element.focus();
      element.setSelectionRange(offset, Math.min(text.length, offset + 1));
    },
    [text],
  );

  return (
    <section className={styles.console} aria-label="Query console">
      <div className={styles.workspace}>
        <QueryEditor
          text={text}
          onTextChange={setText}
          onRun={() => runText(text)}
          running={state.running}
          errorId={state.error === null ? undefined : errorId}
          textareaRef={textarea}
        />
        {state.error !== null && (
          <QueryErrorView
            id={errorId}
            error={state.error.error}
            text={state.error.text}
            onShowPosition={showPosition}
          />
        )}
        {state.error === null && <QueryResults result={state.result} running={state.running} onLoadMore={loadMore} />}
      </div>
      <QueryHistoryList
        history={history}
        onPick={(picked) => {
          setText(picked);
          runText(picked);
        }}
      />
    </section>
  );
}
