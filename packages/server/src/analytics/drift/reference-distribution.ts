import { DriftError, integerIn } from './drift-error.js';
import { BINS_MAX, binIndex, quantileEdges } from './quantile-bins.js';
import type { ReferenceDistributionJson } from './reference-json.js';
import { readReferenceJson, REFERENCE_JSON_FORMAT, REFERENCE_JSON_VERSION } from './reference-json.js';
import type { ReferenceSummary } from './reference-summary.js';
import { REFERENCE_SAMPLE_MIN, summarise } from './reference-summary.js';

export const REFERENCE_DEFAULTS = {
  /** Deciles: the usual PSI binning (Siddiqi 2006), fine enough for shape, coarse enough for 500-value windows. */
  bins: 10,
} as const;

export interface ReferenceOptions {
  /** Bins asked for, 2…100; fewer remain on discrete data (one per distinct value at most). Default 10. */
  readonly bins?: number;
}

/**
 * The distribution of one model input over its training (reference) window: quantile bins, the
 * reference's proportion in each, and summary statistics. Immutable, so one reference can serve
 * every subject bound to the same model.
 */
export class ReferenceDistribution {
  private constructor(
    /** Upper edges of bins 0…k−1, strictly increasing; bin k is open above (see quantile-bins.ts). */
    readonly edges: Float64Array,
    /** Reference values per bin; sums to summary.count. */
    readonly counts: Uint32Array,
    readonly summary: ReferenceSummary,
    /** counts / summary.count. */
    readonly proportions: Float64Array = Float64Array.from(counts, (c) => c / summary.count),
  ) {}

  /**
   * From the training window's values of one input. Non-finite values (gaps) are skipped; fewer
   * than 20 finite ones is an error that says how many there were.
   */
  static fromSample(sample: ArrayLike<number>, options: ReferenceOptions = {}): ReferenceDistribution {
    const bins = integerIn('bins', options.bins ?? REFERENCE_DEFAULTS.bins, 2, BINS_MAX);
    const finite: number[] = [];
    for (let i = 0; i < sample.length; i++) {
      const value = sample[i] as number;
      if (Number.isFinite(value)) finite.push(value);
    }
    if (finite.length < REFERENCE_SAMPLE_MIN) {
      const skipped = sample.length - finite.length;
      throw new DriftError(
        'drift.invalid-reference-sample',
        `A reference sample needs at least ${REFERENCE_SAMPLE_MIN} finite values, got ${finite.length}` +
          (skipped > 0 ? ` (${skipped} of ${sample.length} were not finite numbers).` : '.'),
      );
    }
    const sorted = Float64Array.from(finite).sort();
    const edges = quantileEdges(sorted, bins);
    const counts = new Uint32Array(edges.length + 1);
    for (const value of sorted) counts[binIndex(edges, value)]! += 1;
    return new ReferenceDistribution(edges, counts, summarise(sorted));
  }

  /** Reads a stored reference (JSON text or the parsed value); throws a `drift.invalid-json` DriftError saying what is wrong. */
  static fromJSON(json: unknown): ReferenceDistribution {
    const { edges, counts, summary } = readReferenceJson(json);
    return new ReferenceDistribution(edges, counts, summary);
  }

  get binCount(): number {
    return this.counts.length;
  }

  /** The bin of a finite value. */
  binOf(value: number): number {
    return binIndex(this.edges, value);
  }

  /** The stored form; `JSON.stringify(reference)` calls it. */
  toJSON(): ReferenceDistributionJson {
    return {
      format: REFERENCE_JSON_FORMAT,
      version: REFERENCE_JSON_VERSION,
      edges: Array.from(this.edges),
      counts: Array.from(this.counts),
      summary: { ...this.summary },
    };
  }
}
