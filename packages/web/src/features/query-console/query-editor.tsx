import type { KeyboardEvent, Ref } from 'react';
import { QUERY_PLACEHOLDER, runShortcutLabel } from './example-query';
import styles from './query-console.module.css';

interface QueryEditorProps {
  readonly text: string;
  readonly onTextChange: (text: string) => void;
  readonly onRun: () => void;
  readonly running: boolean;
  /** Id of the error message under the editor, when the last run failed. */
  readonly errorId: string | undefined;
  readonly textareaRef: Ref<HTMLTextAreaElement>;
}

const shortcut = runShortcutLabel(typeof navigator === 'undefined' ? '' : navigator.userAgent);

/** The query text (monospace, resizable) with its Run button; Ctrl/Cmd+Enter runs from the keyboard. */
export function QueryEditor({ text, onTextChange, onRun, running, errorId, textareaRef }: QueryEditorProps) {
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      onRun();
    }
  };
  return (
    <form
      className={styles.editor}
      onSubmit={(event) => {
        event.preventDefault();
        onRun();
      }}
    >
      <label className={styles.editorLabel} htmlFor="query-console-text">
        Twin query
      </label>
      <textarea
        id="query-console-text"
        ref={textareaRef}
        className={styles.textarea}
        value={text}
        onChange={(event) => onTextChange(event.target.value)}
        onKeyDown={onKeyDown}
        placeholder={QUERY_PLACEHOLDER}
        rows={4}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        autoCorrect="off"
        aria-invalid={errorId !== undefined}
        aria-describedby={errorId}
      />
      <div className={styles.editorBar}>
        <span className={styles.hint}>
          Azure Digital Twins query language · <kbd className={styles.kbd}>{shortcut}</kbd> runs
        </span>
        <button type="submit" className={styles.runButton} disabled={text.trim() === ''} aria-busy={running}>
          {running ? 'Running…' : 'Run'}
        </button>
      </div>
    </form>
  );
}
