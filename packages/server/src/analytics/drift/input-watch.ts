import type { DriftEventKind, DriftInputView, DriftState } from './drift-event.js';
import { binnedKolmogorovSmirnov, populationStabilityIndex } from './drift-metrics.js';
import type { DriftMonitorOptions } from './drift-monitor-options.js';
import { LiveHistogram } from './live-histogram.js';
import type { ReferenceDistribution } from './reference-distribution.js';

/**
 * One input of one subject: its live window, the last check's numbers and the state machine.
 * Checks run every `checkEvery` values once the window holds `minSamples`; between the two PSI
 * thresholds the state stays as it is (hysteresis).
 */
export class InputWatch {
  private readonly histogram: LiveHistogram;
  private sinceCheck = 0;
  state: DriftState = 'stable';
  psi: number | undefined;
  ks: number | undefined;
  checkedAtMs: number | undefined;
  stateSinceMs: number | undefined;

  constructor(
    readonly reference: ReferenceDistribution,
    private readonly options: DriftMonitorOptions,
    /** Live proportions are written here at a check: exactly binCount long, shared by watches of that bin count. */
    private readonly scratch: Float64Array,
  ) {
    this.histogram = new LiveHistogram(reference, options.windowSize);
  }

  get liveMean(): number | undefined {
    return this.histogram.mean;
  }

  /** Observes a finite value; returns the change of state when this value completed a check that made one. */
  observe(value: number, atMs: number): DriftEventKind | undefined {
    this.histogram.observe(value);
    this.sinceCheck++;
    if (this.sinceCheck < this.options.checkEvery || this.histogram.samples < this.options.minSamples) return undefined;
    this.sinceCheck = 0;
    const live = this.histogram.proportionsInto(this.scratch);
    const psi = populationStabilityIndex(this.reference.proportions, live);
    this.psi = psi;
    this.ks = binnedKolmogorovSmirnov(this.reference.proportions, live);
    this.checkedAtMs = atMs;
    const change = this.transition(psi);
    if (change !== undefined) {
      this.state = change === 'drifted' ? 'drifted' : 'stable';
      this.stateSinceMs = atMs;
    }
    return change;
  }

  view(subject: string, input: string): DriftInputView {
    return {
      subject,
      input,
      state: this.state,
      psi: this.psi,
      ks: this.ks,
      checkedAtMs: this.checkedAtMs,
      stateSinceMs: this.stateSinceMs,
      samples: this.histogram.samples,
      observed: this.histogram.observed,
      liveMean: this.histogram.mean,
      reference: this.reference.summary,
    };
  }

  private transition(psi: number): DriftEventKind | undefined {
    switch (this.state) {
      case 'stable':
        return psi >= this.options.driftPsi ? 'drifted' : undefined;
      case 'drifted':
        return psi < this.options.recoverPsi ? 'recovered' : undefined;
    }
  }
}
