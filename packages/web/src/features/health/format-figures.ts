import { formatCount } from '../../shared/format-value';

/** A rate in points per second: one decimal below 10 (a trickle is not zero), whole above. */
export function formatRate(perSecond: number | null): string {
  if (perSecond === null) return '–';
  if (perSecond === 0) return '0';
  if (perSecond < 10) return perSecond.toFixed(1);
  return formatCount(Math.round(perSecond));
}

/** A duration for cadences and silences: "250 ms", "5 s", "1.5 min", "2 h", "3 d". */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1_000;
  if (seconds < 60) return `${trim(seconds)} s`;
  const minutes = seconds / 60;
  if (minutes < 60) return `${trim(minutes)} min`;
  const hours = minutes / 60;
  if (hours < 48) return `${trim(hours)} h`;
  return `${trim(hours / 24)} d`;
}

/** A 0–1 share as a percentage: "99.5 %", "100 %". */
export function formatPercent(share: number): string {
  const percent = share * 100;
  return `${percent >= 99.95 || percent === 0 ? Math.round(percent) : percent.toFixed(1)} %`;
}

/** One decimal only where it says something: 1.5, but 5 rather than 5.0, and 12 rather than 12.3. */
const trim = (value: number): string => (value >= 10 ? String(Math.round(value)) : String(Math.round(value * 10) / 10));
