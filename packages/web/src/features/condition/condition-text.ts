/**
 * The words of a bearing's condition: its health index as a grade, its remaining useful life as
 * the median with the p10–p90 band ("RUL 41 h (p10 30 h – p90 55 h)"). Pure, for tests.
 */

export type HealthGrade = 'good' | 'fair' | 'poor';

/** At or above: good. The platform's health index is 1 for the first (healthy) waveforms. */
export const HEALTH_GOOD_MIN = 0.7;
/** Below: poor (worn enough to plan a replacement). */
export const HEALTH_POOR_BELOW = 0.4;

export function healthGrade(health: number): HealthGrade {
  if (health >= HEALTH_GOOD_MIN) return 'good';
  if (health >= HEALTH_POOR_BELOW) return 'fair';
  return 'poor';
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** "7.5 h", "41 h", "1,234 h": tenths only where they matter (under 10 h). */
export function formatHours(hours: number): string {
  if (!Number.isFinite(hours)) return '—';
  if (Math.abs(hours) < 10) return `${(Math.round(hours * 10) / 10).toString()} h`;
  return `${grouped.format(Math.round(hours))} h`;
}

/** The same in days, for a title: "≈ 4.2 days"; nothing under two days. */
export function hoursInDays(hours: number): string | undefined {
  if (!Number.isFinite(hours) || hours < 48) return undefined;
  return `≈ ${(hours / 24).toFixed(1)} days`;
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** "RUL 41 h (p10 30 h – p90 55 h)", or "RUL 41 h" without the band; undefined without a median. */
export function rulText(p10: unknown, p50: unknown, p90: unknown): string | undefined {
  if (!isNumber(p50)) return undefined;
  const band = isNumber(p10) && isNumber(p90) ? ` (p10 ${formatHours(p10)} – p90 ${formatHours(p90)})` : '';
  return `RUL ${formatHours(p50)}${band}`;
}
