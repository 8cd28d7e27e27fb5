import { useState } from 'react';
import form from './form.module.css';

export interface ConfirmButtonProps {
  /** "Delete…": the first click only asks. */
  readonly label: string;
  /** "Delete the model": the second click does it. */
  readonly confirmLabel: string;
  readonly busyLabel?: string;
  readonly busy?: boolean;
  readonly disabled?: boolean;
  readonly onConfirm: () => void;
  /** Names what the button acts on, for assistive technology ("Delete pump-ae 2"). */
  readonly ariaLabel?: string;
}

/** A destructive action asked twice, in place (no dialog: a browser's confirm() blocks the page and its tests). */
export function ConfirmButton({
  label,
  confirmLabel,
  busyLabel,
  busy = false,
  disabled = false,
  onConfirm,
  ariaLabel,
}: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  if (!asking && !busy) {
    return (
      <button
        type="button"
        className={`${form.button} ${form.danger}`}
        disabled={disabled}
        aria-label={ariaLabel}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <>
      <button
        type="button"
        className={`${form.button} ${form.danger}`}
        disabled={busy || disabled}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {busy ? (busyLabel ?? confirmLabel) : confirmLabel}
      </button>
      {!busy && (
        <button type="button" className={form.button} onClick={() => setAsking(false)}>
          Cancel
        </button>
      )}
    </>
  );
}
