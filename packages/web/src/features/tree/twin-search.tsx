import { useEffect, useState } from 'react';
import { isAbortError } from '../../api/api-error';
import { useServices } from '../../services/services-context';
import { ProblemMessage } from '../../shared/problem-message';
import { twinSearchQuery } from './twin-search-query';
import styles from './tree.module.css';

/** Results shown at most (the query console has the rest). */
const RESULTS_MAX = 50;

interface Hit {
  readonly $dtId: string;
  readonly name?: unknown;
  readonly $model?: unknown;
}

type Search =
  | { readonly status: 'idle' }
  | { readonly status: 'searching' }
  | { readonly status: 'done'; readonly hits: readonly Hit[]; readonly more: boolean }
  | { readonly status: 'error'; readonly error: unknown };

/**
 * Every twin whose id or name contains the text, found by the platform (a query, server-side and
 * paged), not only the loaded part of the tree; optionally of one model.
 */
export function TwinSearch({
  text,
  modelId,
  onSelect,
}: {
  readonly text: string;
  readonly modelId: string | null;
  readonly onSelect: (twinId: string) => void;
}) {
  const { rest } = useServices();
  const [search, setSearch] = useState<Search>({ status: 'idle' });
  useEffect(() => {
    if (text.trim().length < 2 && modelId === null) {
      setSearch({ status: 'idle' });
      return undefined;
    }
    const controller = new AbortController();
    setSearch({ status: 'searching' });
    // A short pause: one query per pause in typing, not per key.
    const timer = setTimeout(() => {
      rest.runQuery({ query: twinSearchQuery(text, modelId), pageSize: RESULTS_MAX }, controller.signal).then(
        (answer) =>
          setSearch({
            status: 'done',
            hits: (answer.value as Hit[]).slice(0, RESULTS_MAX),
            more: answer.continuationToken !== undefined && answer.continuationToken !== null,
          }),
        (error: unknown) => {
          if (!isAbortError(error) && !controller.signal.aborted) setSearch({ status: 'error', error });
        },
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [rest, text, modelId]);

  if (search.status === 'idle') return null;
  return (
    <section className={styles.search} aria-label="Search results">
      <h2 className={styles.searchTitle}>
        All twins{search.status === 'done' && `: ${search.hits.length}${search.more ? '+' : ''}`}
      </h2>
      {search.status === 'searching' && <p className={styles.empty}>Searching…</p>}
      {search.status === 'error' && <ProblemMessage error={search.error} compact />}
      {search.status === 'done' && search.hits.length === 0 && <p className={styles.empty}>No twin matches.</p>}
      {search.status === 'done' && (
        <ul className={styles.searchList}>
          {search.hits.map((hit) => (
            <li key={hit.$dtId}>
              <button type="button" className={styles.searchHit} onClick={() => onSelect(hit.$dtId)}>
                <span className={styles.searchName}>{typeof hit.name === 'string' ? hit.name : hit.$dtId}</span>
                <span className={styles.searchId}>{hit.$dtId}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
