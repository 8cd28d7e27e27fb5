/** Significant digits shown for measured values: enough for sensors, short enough to scan. */
const SIGNIFICANT_DIGITS = 4;
/** Longest text shown for strings and objects before an ellipsis; the full value is in the title. */
const TEXT_CHARS_MAX = 60;

const integerFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
/**
 * One formatter per number of fraction digits (0–3), made once: `toLocaleString` with options
 * builds a new formatter on every call, which cost a plan of 5,000 live values a core's tenth.
 */
const fractionFormats = [0, 1, 2, 3].map(
  (digits) => new Intl.NumberFormat(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits }),
);

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  // Four-digit integers stay ungrouped, as style guides advise: a year reads 1998, not 1,998.
  if (Number.isInteger(value)) return Math.abs(value) < 10_000 ? String(value) : integerFormat.format(value);
  const magnitude = Math.abs(value);
  // Fraction digits so that about SIGNIFICANT_DIGITS digits show, and at most 3 after the point.
  const fractionDigits =
    magnitude === 0 ? 0 : Math.min(3, Math.max(0, SIGNIFICANT_DIGITS - 1 - Math.floor(Math.log10(magnitude))));
  return (fractionFormats[fractionDigits] as Intl.NumberFormat).format(value);
}

const truncate = (text: string): string =>
  text.length > TEXT_CHARS_MAX ? `${text.slice(0, TEXT_CHARS_MAX - 1)}…` : text;

/** A twin value as a short text: numbers localised and rounded, booleans as on/off words. */
export function formatValue(value: unknown): string {
  switch (typeof value) {
    case 'number':
      return formatNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return truncate(value);
    case 'undefined':
      return '—';
    case 'bigint':
    case 'symbol':
    case 'function':
      return String(value);
    case 'object':
      return value === null ? 'null' : truncate(JSON.stringify(value));
  }
}

/** A whole counter for the footer: 1 234 567 → "1.23 M" above a million. */
export function formatCount(value: number): string {
  if (Math.abs(value) < 1_000_000) return integerFormat.format(value);
  return `${(value / 1_000_000).toLocaleString(undefined, { maximumFractionDigits: 2 })} M`;
}

/** A share as a whole percentage ("83 %"); "—" where there is none yet (no labels). */
export function percent(share: number | null | undefined): string {
  return share === null || share === undefined || !Number.isFinite(share) ? '—' : `${Math.round(share * 100)} %`;
}
