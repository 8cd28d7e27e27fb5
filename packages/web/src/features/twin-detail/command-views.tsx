import type { CommandStatus, CommandView } from '@doppel/protocol';
import type { FieldSpec } from './request-form';
import { outcomeText, statusHint, statusLabel, statusTone } from './command-status';
import styles from './commands.module.css';

const TONE_CLASS = {
  progress: styles.toneProgress,
  success: styles.toneSuccess,
  danger: styles.toneDanger,
  warning: styles.toneWarning,
  neutral: styles.toneNeutral,
} as const;

/** A status as a small badge; a spinner while the command is in progress. */
export function StatusBadge({
  status,
  label,
}: {
  readonly status: CommandStatus | 'sending';
  readonly label?: string;
}) {
  const tone = status === 'sending' ? 'progress' : statusTone(status);
  const text = label ?? (status === 'sending' ? 'sending' : statusLabel(status));
  return (
    <span className={`${styles.badge} ${TONE_CLASS[tone]}`} data-status={status}>
      {tone === 'progress' && <span className={styles.spinner} aria-hidden="true" />}
      {text}
    </span>
  );
}

/** One command's status line: badge, what it means or how it ended, and its correlation id. */
export function CommandProgress({ view }: { readonly view: CommandView }) {
  const outcome = outcomeText(view);
  const hint = statusHint(view.status);
  return (
    <div className={styles.progress} aria-live="polite">
      <StatusBadge status={view.status} />
      {outcome !== '' ? (
        <span
          className={view.status === 'succeeded' ? styles.response : styles.error}
          title={outcome}
          data-testid="command-outcome"
        >
          {outcome}
        </span>
      ) : (
        <span className={styles.hint}>{hint}</span>
      )}
      <span className={styles.correlation} title="Correlation id: the device answers with it">
        id <code>{view.id}</code>
      </span>
    </div>
  );
}

/** The input of a FieldSpec; `text` is what the user typed, parsed by the caller. */
export function FieldInput({
  spec,
  text,
  onChange,
  label,
  invalid,
  disabled,
}: {
  readonly spec: FieldSpec;
  readonly text: string;
  readonly onChange: (text: string) => void;
  readonly label: string;
  readonly invalid: boolean;
  readonly disabled?: boolean;
}) {
  const common = {
    'aria-label': label,
    'aria-invalid': invalid,
    disabled,
    className: invalid ? `${styles.input} ${styles.invalid}` : styles.input,
  };
  switch (spec.kind) {
    case 'number':
      return (
        <input
          {...common}
          type="text"
          inputMode="decimal"
          value={text}
          placeholder={spec.integer ? 'whole number' : 'number'}
          onChange={(event) => onChange(event.target.value)}
        />
      );
    case 'text':
      return (
        <input
          {...common}
          type="text"
          value={text}
          placeholder={spec.placeholder}
          onChange={(event) => onChange(event.target.value)}
        />
      );
    case 'boolean':
      return (
        <select {...common} value={text} onChange={(event) => onChange(event.target.value)}>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      );
    case 'enum':
      return (
        <select {...common} value={text} onChange={(event) => onChange(event.target.value)}>
          {spec.options.map((option) => (
            <option key={option.key} value={option.key}>
              {option.label}
            </option>
          ))}
        </select>
      );
    case 'json':
      return (
        <textarea
          {...common}
          className={`${common.className} ${styles.json}`}
          rows={Math.min(8, Math.max(3, text.split('\n').length))}
          spellCheck={false}
          value={text}
          onChange={(event) => onChange(event.target.value)}
        />
      );
  }
}
