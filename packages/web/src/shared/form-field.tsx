import type { ReactNode } from 'react';
import { useId } from 'react';
import form from './form.module.css';

/**
 * A caption above a control, tied by id: for a `<select>`, whose options' text a wrapping label
 * would take into its own (so that "Version" would also read "Choose… 1 2").
 */
export function FormField({
  label,
  children,
}: {
  readonly label: string;
  readonly children: (id: string) => ReactNode;
}) {
  const id = useId();
  return (
    <div className={form.field}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}
