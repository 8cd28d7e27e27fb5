import { windowInputs } from './local-time-input';
import styles from './form.module.css';

export interface WindowPreset {
  readonly label: string;
  readonly title?: string;
  /** The window to fill in; null when there is none now (nothing to offer). */
  readonly range: () => { readonly fromMs: number; readonly toMs: number } | null;
}

export interface TimeWindowFieldsProps {
  readonly legend: string;
  /** `datetime-local` texts (local-time-input.ts). */
  readonly from: string;
  readonly to: string;
  readonly onChange: (window: { from: string; to: string }) => void;
  readonly presets?: readonly WindowPreset[];
  readonly disabled?: boolean;
}

/** A time window as two local date-time fields, with buttons that fill both (last 24 h, the chart's range). */
export function TimeWindowFields({
  legend,
  from,
  to,
  onChange,
  presets = [],
  disabled = false,
}: TimeWindowFieldsProps) {
  return (
    <fieldset className={styles.fieldset} disabled={disabled}>
      <legend className={styles.legend}>{legend}</legend>
      <div className={styles.row}>
        <label className={styles.field}>
          From
          <input
            className={styles.input}
            type="datetime-local"
            value={from}
            max={to || undefined}
            onChange={(event) => onChange({ from: event.target.value, to })}
          />
        </label>
        <label className={styles.field}>
          To
          <input
            className={styles.input}
            type="datetime-local"
            value={to}
            min={from || undefined}
            onChange={(event) => onChange({ from, to: event.target.value })}
          />
        </label>
        {presets.length > 0 && (
          <div className={styles.actions}>
            {presets.map((preset) => (
              <button
                key={preset.label}
                type="button"
                className={styles.button}
                title={preset.title}
                onClick={() => {
                  const range = preset.range();
                  if (range !== null) onChange(windowInputs(range.fromMs, range.toMs));
                }}
              >
                {preset.label}
              </button>
            ))}
          </div>
        )}
      </div>
    </fieldset>
  );
}
