import { FormField } from '../../shared/form-field';
import form from '../../shared/form.module.css';

/** A telemetry to write a model's output to, or none yet. */
export function OutputSelect({
  label,
  value,
  options,
  onChange,
  none = 'Choose…',
}: {
  readonly label: string;
  readonly value: string;
  readonly options: readonly { readonly name: string; readonly displayName: string }[];
  readonly onChange: (name: string) => void;
  readonly none?: string;
}) {
  return (
    <FormField label={label}>
      {(id) => (
        <select id={id} className={form.input} value={value} onChange={(event) => onChange(event.target.value)}>
          <option value="">{none}</option>
          {options.map((content) => (
            <option key={content.name} value={content.name}>
              {content.displayName}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );
}
