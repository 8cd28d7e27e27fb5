import type { DriftEvent, DriftInputView } from './drift-event.js';
import type { DriftMonitorOptions } from './drift-monitor-options.js';
import { resolveDriftMonitorOptions } from './drift-monitor-options.js';
import { InputWatch } from './input-watch.js';
import type { ReferenceDistribution } from './reference-distribution.js';

/** A subject's watched inputs and the reference of each (its training window's distribution). */
export type DriftReferences =
  ReadonlyMap<string, ReferenceDistribution> | Readonly<Record<string, ReferenceDistribution>>;

/** The whole monitor, for the API: counts, and the drifted inputs (at most `driftedListMax` of them). */
export interface DriftOverview {
  readonly subjects: number;
  readonly inputs: number;
  readonly drifted: number;
  readonly driftedInputs: DriftInputView[];
  readonly refusedSubjects: number;
  readonly refusedInputs: number;
  readonly unwatchedValues: number;
  readonly nonFiniteValues: number;
}

/**
 * Input drift of models in production: for each watched (subject, input), the live distribution of
 * the last `windowSize` values is compared with the input's reference (training window) every
 * `checkEvery` values; PSI ≥ `driftPsi` raises a 'drifted' event, PSI < `recoverPsi` afterwards a
 * 'recovered' one. Fed by the caller in its order (for telemetry, ingest's applied entries in log
 * order), with the caller's times, so replaying the same values raises the same events.
 *
 * Nothing is dropped silently: subjects beyond `subjectsMax`, inputs beyond `inputsPerSubjectMax`,
 * values of unwatched pairs and non-finite values are counted.
 */
export class DriftMonitor {
  private readonly options: DriftMonitorOptions;
  private readonly subjects = new Map<string, Map<string, InputWatch>>();
  /** Live proportions at a check, one buffer per bin count: checks allocate nothing. */
  private readonly scratchByBinCount: Float64Array[] = [];
  private inputCount = 0;
  private driftedCount = 0;
  private refusedSubjectCount = 0;
  private refusedInputCount = 0;
  private unwatchedValueCount = 0;
  private nonFiniteValueCount = 0;

  constructor(
    options: Partial<DriftMonitorOptions>,
    private readonly onEvent: (event: DriftEvent) => void,
  ) {
    this.options = resolveDriftMonitorOptions(options);
  }

  /**
   * Starts watching a subject's inputs, each against its reference; a subject watched already starts
   * over with these (after retraining, say), without events for the inputs it leaves. False when the
   * subject is new and `subjectsMax` are watched: it is then counted in `refusedSubjects`.
   */
  watch(subject: string, references: DriftReferences): boolean {
    const previous = this.subjects.get(subject);
    if (previous !== undefined) this.drop(previous);
    else if (this.subjects.size >= this.options.subjectsMax) {
      this.refusedSubjectCount++;
      return false;
    }
    const inputs = new Map<string, InputWatch>();
    const entries = references instanceof Map ? references : Object.entries(references);
    for (const [input, reference] of entries) {
      if (inputs.size >= this.options.inputsPerSubjectMax) {
        this.refusedInputCount++;
        continue;
      }
      inputs.set(input, new InputWatch(reference, this.options, this.scratchFor(reference.binCount)));
    }
    this.subjects.set(subject, inputs);
    this.inputCount += inputs.size;
    return true;
  }

  /** One value of one input, at the caller's time (epoch ms). O(1); may call `onEvent` once. */
  observe(subject: string, input: string, value: number, atMs: number): void {
    const watch = this.subjects.get(subject)?.get(input);
    if (watch === undefined) {
      this.unwatchedValueCount++;
      return;
    }
    if (!Number.isFinite(value)) {
      this.nonFiniteValueCount++;
      return;
    }
    const kind = watch.observe(value, atMs);
    if (kind === undefined) return;
    this.driftedCount += kind === 'drifted' ? 1 : -1;
    this.onEvent({
      subject,
      input,
      kind,
      psi: watch.psi as number,
      ks: watch.ks as number,
      liveMean: watch.liveMean as number,
      referenceMean: watch.reference.summary.mean,
      atMs,
    });
  }

  /** Stops watching a subject (its model was unbound or the twin deleted); no events for it. */
  forget(subject: string): boolean {
    const inputs = this.subjects.get(subject);
    if (inputs === undefined) return false;
    this.drop(inputs);
    this.subjects.delete(subject);
    return true;
  }

  /** A subject's inputs ([] when not watched). */
  view(subject: string): DriftInputView[];
  /** The whole monitor: counts and the drifted inputs. */
  view(): DriftOverview;
  view(subject?: string): DriftInputView[] | DriftOverview {
    if (subject !== undefined) {
      return [...(this.subjects.get(subject) ?? [])].map(([input, watch]) => watch.view(subject, input));
    }
    const driftedInputs: DriftInputView[] = [];
    const listMax = Math.min(this.options.driftedListMax, this.driftedCount);
    outer: for (const [name, inputs] of this.subjects) {
      for (const [input, watch] of inputs) {
        if (driftedInputs.length >= listMax) break outer;
        if (watch.state === 'drifted') driftedInputs.push(watch.view(name, input));
      }
    }
    return {
      subjects: this.subjects.size,
      inputs: this.inputCount,
      drifted: this.driftedCount,
      driftedInputs,
      refusedSubjects: this.refusedSubjectCount,
      refusedInputs: this.refusedInputCount,
      unwatchedValues: this.unwatchedValueCount,
      nonFiniteValues: this.nonFiniteValueCount,
    };
  }

  get subjectCount(): number {
    return this.subjects.size;
  }

  /** `watch` calls refused because `subjectsMax` subjects were watched. */
  get refusedSubjects(): number {
    return this.refusedSubjectCount;
  }

  /** Inputs not watched because a subject had more than `inputsPerSubjectMax`. */
  get refusedInputs(): number {
    return this.refusedInputCount;
  }

  private drop(inputs: Map<string, InputWatch>): void {
    this.inputCount -= inputs.size;
    for (const watch of inputs.values()) if (watch.state === 'drifted') this.driftedCount--;
  }

  private scratchFor(binCount: number): Float64Array {
    return (this.scratchByBinCount[binCount] ??= new Float64Array(binCount));
  }
}
