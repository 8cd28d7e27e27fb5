import { DriftError, integerIn } from './drift-error.js';
import { LIVE_WINDOW_MAX } from './live-histogram.js';

export interface DriftMonitorOptions {
  /** Live values per input compared with the reference, 1…100,000; default 500. */
  readonly windowSize: number;
  /** Values between two checks of an input, ≥ 1; default 100 (PSI costs O(bins), so this is about noise, not cost). */
  readonly checkEvery: number;
  /** Values the window must hold before the first check, 1…windowSize; default 200. */
  readonly minSamples: number;
  /**
   * stable → drifted at PSI ≥ this. 0.25 is the usual "significant shift" of the credit-scoring rule
   * of thumb (Siddiqi 2006, "Credit Risk Scorecards": < 0.1 no real change, 0.1–0.25 some, ≥ 0.25
   * significant). For scale: a 0.5σ shift of a normal input gives about 0.25 over deciles, a 1σ shift
   * about 0.9, while two samples of one distribution give about (bins − 1)(1/live + 1/reference) on
   * average, 0.02 for 500 live values against 2,000 reference ones, and single checks up to about 0.1.
   */
  readonly driftPsi: number;
  /**
   * drifted → stable at PSI < this, the rule of thumb's "no real change". The gap to driftPsi is the
   * hysteresis: an input hovering near one threshold does not flap between events.
   */
  readonly recoverPsi: number;
  /** Subjects watched at most; further ones are refused and counted in `refusedSubjects`. Default 100,000. */
  readonly subjectsMax: number;
  /** Inputs watched per subject at most; further ones are refused and counted in `refusedInputs`. Default 256. */
  readonly inputsPerSubjectMax: number;
  /** Drifted inputs listed at most by `view()` without a subject (all are counted). Default 1,000. */
  readonly driftedListMax: number;
}

export const DEFAULT_DRIFT_MONITOR_OPTIONS: DriftMonitorOptions = {
  windowSize: 500,
  checkEvery: 100,
  minSamples: 200,
  driftPsi: 0.25,
  recoverPsi: 0.1,
  subjectsMax: 100_000,
  inputsPerSubjectMax: 256,
  driftedListMax: 1_000,
};

export function resolveDriftMonitorOptions(options: Partial<DriftMonitorOptions>): DriftMonitorOptions {
  const resolved = { ...DEFAULT_DRIFT_MONITOR_OPTIONS, ...options };
  const { windowSize, checkEvery, minSamples, driftPsi, recoverPsi } = resolved;
  integerIn('windowSize', windowSize, 1, LIVE_WINDOW_MAX);
  integerIn('checkEvery', checkEvery, 1, Number.MAX_SAFE_INTEGER);
  integerIn('minSamples', minSamples, 1, windowSize);
  integerIn('subjectsMax', resolved.subjectsMax, 0, Number.MAX_SAFE_INTEGER);
  integerIn('inputsPerSubjectMax', resolved.inputsPerSubjectMax, 1, Number.MAX_SAFE_INTEGER);
  integerIn('driftedListMax', resolved.driftedListMax, 0, Number.MAX_SAFE_INTEGER);
  if (!(recoverPsi > 0 && recoverPsi < driftPsi && Number.isFinite(driftPsi))) {
    throw new DriftError(
      'drift.invalid-option',
      `Invalid drift option: need 0 < recoverPsi < driftPsi (finite), got recoverPsi ${recoverPsi} and driftPsi ${driftPsi}.`,
    );
  }
  return resolved;
}
