import type { ReferenceSummary } from './reference-summary.js';

/** An input's state: its live distribution agrees with the reference, or has moved away from it. */
export type DriftState = 'stable' | 'drifted';

export type DriftEventKind = 'drifted' | 'recovered';

/** A change of state of one input of one subject (events are past tense: it has drifted, it has recovered). */
export interface DriftEvent {
  /** What the model serves, e.g. a twin id. */
  readonly subject: string;
  /** The model input, e.g. the telemetry path bound to it. */
  readonly input: string;
  readonly kind: DriftEventKind;
  /** The Population Stability Index that decided. */
  readonly psi: number;
  /** The binned Kolmogorov–Smirnov statistic at the same check (approximate, see drift-metrics.ts). */
  readonly ks: number;
  readonly liveMean: number;
  readonly referenceMean: number;
  /** The time the caller gave with the observation that completed the check (epoch ms). */
  readonly atMs: number;
}

/** One input of one subject, for the API. */
export interface DriftInputView {
  readonly subject: string;
  readonly input: string;
  readonly state: DriftState;
  /** At the last check; undefined until the window first holds minSamples values. */
  readonly psi: number | undefined;
  readonly ks: number | undefined;
  /** When the last check ran (epoch ms, the caller's time); undefined before the first. */
  readonly checkedAtMs: number | undefined;
  /** When the state last changed (epoch ms); undefined while it has been stable since watching began. */
  readonly stateSinceMs: number | undefined;
  /** Values in the live window now. */
  readonly samples: number;
  /** Finite values observed since watching began. */
  readonly observed: number;
  /** Recent mean (exponentially weighted over about a window, see live-histogram.ts); undefined before any value. */
  readonly liveMean: number | undefined;
  readonly reference: ReferenceSummary;
}
