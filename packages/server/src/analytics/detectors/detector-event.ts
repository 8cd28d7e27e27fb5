import type { DriftAlarm } from './drift-detector.js';
import type { SpikeDecision } from './spike-detector.js';
import type { StuckTransition } from './stuck-detector.js';

/** What the streaming detectors of one numeric series report, and how their outcomes become events. */

export const DETECTOR_EVENT_KINDS = ['spike', 'stuck', 'drift', 'level-shift', 'outlier'] as const;
export type DetectorEventKind = (typeof DETECTOR_EVENT_KINDS)[number];

/** Stuck runs are states with a start and a clear; every other kind is a point event. */
export type DetectorTransition = 'start' | 'clear';

export interface DetectorEvent {
  readonly kind: DetectorEventKind;
  /**
   * The sample the event is about (epoch ms): the spike itself, the first sample at a new level,
   * the first sample of a stuck run (start) or the first varying one (clear), the sample at which
   * the drift alarm fired.
   */
  readonly timestampMs: number;
  /** The sample that let the detector decide (epoch ms); later than `timestampMs` for spikes and stuck runs. */
  readonly detectedAtMs: number;
  /**
   * Strength: the robust |z| for spike, outlier and level-shift, the CUSUM statistic for drift,
   * the run length in samples for stuck.
   */
  readonly score: number;
  readonly message: string;
  /** Present on stuck events only. */
  readonly transition?: DetectorTransition;
}

const iso = (timestampMs: number): string => new Date(timestampMs).toISOString();
const sigmas = (z: number): string => `${z.toFixed(1)}σ`;
const readable = (value: number): string => String(Number(value.toPrecision(6)));

export function stuckEvent(transition: StuckTransition): DetectorEvent {
  const start = transition.transition === 'start';
  return {
    kind: 'stuck',
    transition: transition.transition,
    timestampMs: start ? transition.runStartMs : transition.timestampMs,
    detectedAtMs: transition.timestampMs,
    score: transition.count,
    message: start
      ? `Stuck at ${readable(transition.value)} since ${iso(transition.runStartMs)} (${transition.count} samples).`
      : `No longer stuck at ${readable(transition.value)} after ${transition.count} samples.`,
  };
}

export function spikeEvent(decision: SpikeDecision): DetectorEvent {
  const { kind, timestampMs, detectedAtMs, score } = decision;
  const message =
    kind === 'spike'
      ? `Spike of ${sigmas(score)} that the next samples did not confirm.`
      : kind === 'level-shift'
        ? `Level shift of ${sigmas(score)}: the next samples stayed at the new level.`
        : `Outlier of ${sigmas(score)}: the next samples neither returned nor stayed.`;
  return { kind, timestampMs, detectedAtMs, score, message };
}

export function driftEvent(alarm: DriftAlarm): DetectorEvent {
  return {
    kind: 'drift',
    timestampMs: alarm.timestampMs,
    detectedAtMs: alarm.timestampMs,
    score: alarm.score,
    message: `Drift ${alarm.direction} since about ${iso(alarm.sinceMs)} (CUSUM ${alarm.score.toFixed(1)}).`,
  };
}
