/**
 * InfluxDB as the correctness oracle: both engines' answers to the same query must agree bucket
 * by bucket (same timestamps, means within 1e-9 relative, equal counts; raw samples likewise).
 */
import type { QuerySpec } from './dataset.js';
import type { Answer } from './engine.js';

const RELATIVE_TOLERANCE = 1e-9;
const SHOWN_HEAD = 3;
const SHOWN_TAIL = 2;

export interface Agreement {
  readonly query: QuerySpec['name'];
  /** A disagreement on a checked query fails the bench. */
  readonly checked: boolean;
  readonly agrees: boolean;
  readonly rows: { readonly ours: number; readonly influxdb: number };
  readonly mismatches: number;
  readonly firstMismatch?: string;
  /** A few rows of both answers side by side, for the output. */
  readonly sideBySide: readonly string[];
}

export function compareAnswers(query: QuerySpec, ours: Answer, peer: Answer): Agreement {
  const length = Math.max(ours.timestamps.length, peer.timestamps.length);
  let mismatches = 0;
  let firstMismatch: string | undefined;
  for (let index = 0; index < length; index++) {
    const problem = rowProblem(query, ours, peer, index);
    if (problem === undefined) continue;
    mismatches++;
    firstMismatch ??= problem;
  }
  const shown = [...new Set([...range(0, SHOWN_HEAD), ...range(length - SHOWN_TAIL, length)])].filter(
    (index) => index >= 0 && index < length,
  );
  const sideBySide = [
    `${'time (UTC)'.padEnd(24)}  ${'doppel'.padEnd(34)}  influxdb`,
    ...shown.map(
      (index) =>
        `${iso(ours.timestamps[index] ?? peer.timestamps[index])}  ${describe(query, ours, index).padEnd(34)}  ${describe(query, peer, index)}`,
    ),
  ];
  return {
    query: query.name,
    checked: query.checked,
    agrees: mismatches === 0 && length > 0,
    rows: { ours: ours.timestamps.length, influxdb: peer.timestamps.length },
    mismatches,
    ...(firstMismatch === undefined ? {} : { firstMismatch }),
    sideBySide,
  };
}

function rowProblem(query: QuerySpec, ours: Answer, peer: Answer, index: number): string | undefined {
  const at = ours.timestamps[index] ?? peer.timestamps[index] ?? NaN;
  if (ours.timestamps[index] !== peer.timestamps[index]) {
    return `row ${index}: time ${iso(ours.timestamps[index])} vs ${iso(peer.timestamps[index])}`;
  }
  for (const field of query.fields) {
    const a = ours.fields[field]?.[index] ?? null;
    const b = peer.fields[field]?.[index] ?? null;
    if (!close(a, b)) return `${iso(at)} ${field}: ${String(a)} vs ${String(b)}`;
  }
  if (query.stepMs !== undefined && ours.counts?.[index] !== peer.counts?.[index]) {
    return `${iso(at)} count: ${String(ours.counts?.[index])} vs ${String(peer.counts?.[index])}`;
  }
  return undefined;
}

function close(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

function describe(query: QuerySpec, answer: Answer, index: number): string {
  if (index >= answer.timestamps.length) return '–';
  if (query.stepMs === undefined) {
    // Raw rows: the first two fields stand for the ten.
    return query.fields
      .slice(0, 2)
      .map((field) => `${field}=${String(answer.fields[field]?.[index])}`)
      .join(' ');
  }
  const mean = answer.fields[query.fields[0] as string]?.[index];
  return `mean ${mean === null || mean === undefined ? 'null' : mean.toFixed(6)} n=${String(answer.counts?.[index])}`;
}

function iso(ms: number | undefined): string {
  return ms === undefined || !Number.isFinite(ms) ? '–'.padEnd(24) : new Date(ms).toISOString();
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, index) => from + index);
}
