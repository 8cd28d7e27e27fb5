import type { DriftView } from '@doppel/protocol';
import { formatValue } from './format-value';

const two = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2, minimumFractionDigits: 2 });
const isNumber = (value: number | null | undefined): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/** "PSI 0.03 · KS 0.08 · mean 50.2 (reference 50.0) · 120 samples", or "not checked yet" before enough values. */
export function driftFigures(input: DriftView): string {
  const parts: string[] = [];
  if (isNumber(input.psi) && isNumber(input.ks))
    parts.push(`PSI ${two.format(input.psi)}`, `KS ${two.format(input.ks)}`);
  else parts.push('not checked yet');
  if (isNumber(input.liveMean) && input.reference !== undefined)
    parts.push(`mean ${formatValue(input.liveMean)} (reference ${formatValue(input.reference.mean)})`);
  parts.push(`${input.samples.toLocaleString()} sample${input.samples === 1 ? '' : 's'}`);
  return parts.join(' · ');
}
