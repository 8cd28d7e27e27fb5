import { ApiError } from '../../api/api-error';
import { ProblemMessage } from '../../shared/problem-message';
import type { TextPosition } from './error-position';
import { errorExcerpt, errorPosition, errorWithoutPosition } from './error-position';
import styles from './query-console.module.css';

interface QueryErrorViewProps {
  readonly id: string;
  readonly error: unknown;
  /** The text that was run (the editor may have changed since). */
  readonly text: string;
  /** Puts the editor's cursor at the position. */
  readonly onShowPosition: (position: TextPosition) => void;
}

const TITLES: Readonly<Record<string, string>> = {
  'query.syntax': 'Syntax error',
  'query.unknown-alias': 'Unknown alias',
  'query.unknown-function': 'Unknown function',
  'query.invalid-argument': 'Invalid argument',
  'query.unsupported': 'Not supported',
  'query.timeout': 'Query took too long',
  'query.too-many-rows': 'Query looks at too many rows',
};

/**
 * A refused query as a compiler would show it: what is wrong, and where, with the line quoted and a
 * caret under the column. Errors that are not about the query (network, server) get the usual message.
 */
export function QueryErrorView({ id, error, text, onShowPosition }: QueryErrorViewProps) {
  if (!(error instanceof ApiError) || !error.code.startsWith('query.')) {
    return (
      <div id={id}>
        <ProblemMessage error={error} />
      </div>
    );
  }
  const position = errorPosition(error.message);
  const excerpt = position === null ? null : errorExcerpt(text, position);
  return (
    <div id={id} className={styles.queryError} role="alert">
      <div className={styles.queryErrorHead}>
        <span className={styles.queryErrorTitle}>{TITLES[error.code] ?? 'Query refused'}</span>
        {position !== null && (
          <button type="button" className={styles.linkButton} onClick={() => onShowPosition(position)}>
            line {position.line}, column {position.column}
          </button>
        )}
      </div>
      {excerpt !== null && (
        <pre className={styles.excerpt} aria-hidden="true">
          {excerpt.text}
          {'\n'}
          <span className={styles.caret}>{`${' '.repeat(excerpt.caret)}^`}</span>
        </pre>
      )}
      <p className={styles.queryErrorMessage}>{errorWithoutPosition(error.message)}</p>
      {error.remedy !== '' && <p className={styles.remedy}>{error.remedy}</p>}
    </div>
  );
}
