import { DriftError } from './drift-error.js';
import { BINS_MAX } from './quantile-bins.js';
import type { ReferenceSummary } from './reference-summary.js';
import { REFERENCE_SAMPLE_MIN } from './reference-summary.js';

/**
 * The stored form of a reference distribution (for a SQLite TEXT column beside the model): plain
 * JSON, versioned. JSON keeps every float64 exactly (shortest round-trip digits), so a reference
 * read back bins values exactly as before. A change of meaning gets a new `version`; a version this
 * code does not know is refused, never read as if it were version 1.
 *
 * Version 1: `edges` are the upper edges of bins closed above (bin i = (edges[i − 1], edges[i]], the
 * first open below, the last open above); `counts` the reference values per bin (edges + 1 of them).
 */
export const REFERENCE_JSON_FORMAT = 'doppel.drift-reference';
export const REFERENCE_JSON_VERSION = 1;

export interface ReferenceDistributionJson {
  readonly format: typeof REFERENCE_JSON_FORMAT;
  readonly version: typeof REFERENCE_JSON_VERSION;
  readonly edges: readonly number[];
  readonly counts: readonly number[];
  readonly summary: ReferenceSummary;
}

export interface ReferenceParts {
  readonly edges: Float64Array;
  readonly counts: Uint32Array;
  readonly summary: ReferenceSummary;
}

const SUMMARY_KEYS = ['count', 'mean', 'std', 'min', 'p5', 'p50', 'p95', 'max'] as const;

export function readReferenceJson(json: unknown): ReferenceParts {
  const root = readObject(typeof json === 'string' ? parse(json) : json, 'the reference');
  if (root.format !== REFERENCE_JSON_FORMAT) {
    throw invalid(`format must be "${REFERENCE_JSON_FORMAT}", got ${show(root.format)}`);
  }
  if (root.version !== REFERENCE_JSON_VERSION) {
    throw invalid(`version ${show(root.version)} is not supported, only ${REFERENCE_JSON_VERSION}`);
  }
  const edges = Float64Array.from(readArray(root.edges, 'edges', 1, BINS_MAX), (edge, i) =>
    finite(edge, `edges[${i}]`),
  );
  edges.forEach((edge, i) => {
    if (i > 0 && edge <= (edges[i - 1] as number)) throw invalid(`edges must increase strictly, edges[${i}] does not`);
  });
  const counts = Uint32Array.from(readArray(root.counts, 'counts', edges.length + 1, edges.length + 1), (count, i) => {
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 0xffff_ffff) {
      throw invalid(`counts[${i}] must be a non-negative integer, got ${show(count)}`);
    }
    return count;
  });
  const summary = readSummary(readObject(root.summary, 'summary'));
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total !== summary.count) throw invalid(`counts add up to ${total}, not summary.count ${summary.count}`);
  return { edges, counts, summary };
}

function readSummary(json: Readonly<Record<string, unknown>>): ReferenceSummary {
  const entries = SUMMARY_KEYS.map((key) => [key, finite(json[key], `summary.${key}`)] as const);
  const summary = Object.fromEntries(entries) as Record<(typeof SUMMARY_KEYS)[number], number>;
  if (!Number.isInteger(summary.count) || summary.count < REFERENCE_SAMPLE_MIN) {
    throw invalid(`summary.count must be an integer ≥ ${REFERENCE_SAMPLE_MIN}, got ${summary.count}`);
  }
  if (summary.std < 0) throw invalid(`summary.std must be ≥ 0, got ${summary.std}`);
  const ordered = [summary.min, summary.p5, summary.p50, summary.p95, summary.max];
  if (ordered.some((value, i) => i > 0 && value < (ordered[i - 1] as number))) {
    throw invalid('summary must have min ≤ p5 ≤ p50 ≤ p95 ≤ max');
  }
  return summary;
}

function readObject(value: unknown, path: string): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${path} must be an object, got ${show(value)}`);
  }
  return value as Readonly<Record<string, unknown>>;
}

function readArray(value: unknown, path: string, lengthMin: number, lengthMax: number): readonly unknown[] {
  if (!Array.isArray(value)) throw invalid(`${path} must be an array, got ${show(value)}`);
  if (value.length < lengthMin || value.length > lengthMax) {
    throw invalid(`${path} must have ${lengthMin}…${lengthMax} items, got ${value.length}`);
  }
  return value;
}

function finite(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw invalid(`${path} must be a finite number, got ${show(value)}`);
  return value;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw invalid(`the text does not parse (${error instanceof Error ? error.message : String(error)})`, error);
  }
}

function invalid(detail: string, cause?: unknown): DriftError {
  return new DriftError('drift.invalid-json', `Invalid drift reference JSON: ${detail}.`, { cause });
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'an object';
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value);
}
