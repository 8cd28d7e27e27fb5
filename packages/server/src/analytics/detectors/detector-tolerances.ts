import type { DetectorEventKind } from './detector-event.js';
import { DETECTOR_EVENT_KINDS } from './detector-event.js';

/**
 * An "expected" label is worth more than a tick in a precision figure: the operator says that,
 * on this series, an event this strong is normal (a pump that always jumps at start-up, a
 * setpoint that is constant on purpose). So labels tune the streaming detectors per series and
 * kind: an expected event sets a tolerance a margin above its strength, and later events of that
 * kind on that series at or below it are not raised (counted in `suppressed`); a real one below
 * the tolerance lowers it under its own strength; a reported miss removes it. An expected stuck
 * run mutes stuck values on the series (a run's strength at raising is always the minimum).
 * Tolerances are derived from the stored labels, at start and as labels arrive.
 */
export const TOLERANCE_MARGIN = 1.1;

export interface LabelledDetectorAlert {
  readonly ruleId: string;
  readonly twinId: string;
  readonly label?: 'real' | 'expected';
  readonly score?: number;
}

export class DetectorTolerances {
  private readonly byKey = new Map<string, number>();
  /** Events not raised because a label said that strength is expected on their series. */
  suppressed = 0;

  get size(): number {
    return this.byKey.size;
  }

  /** Whether an event of this strength is to be raised. `pathKey` is the path as in rule ids (dots). */
  allows(twinId: string, pathKey: string, kind: DetectorEventKind, score: number): boolean {
    const tolerance = this.byKey.get(key(twinId, pathKey, kind));
    if (tolerance === undefined || score > tolerance) return true;
    this.suppressed++;
    return false;
  }

  /** Takes a labelled detector alert into account; false when it says nothing to tune by. */
  learn(alert: LabelledDetectorAlert): boolean {
    const parsed = parseRuleId(alert.ruleId);
    if (parsed === undefined || alert.label === undefined) return false;
    const id = key(alert.twinId, parsed.pathKey, parsed.kind);
    const current = this.byKey.get(id);
    if (parsed.kind === 'stuck') {
      if (alert.label === 'expected') this.byKey.set(id, Number.POSITIVE_INFINITY);
      else this.byKey.delete(id);
      return true;
    }
    if (alert.score === undefined || !Number.isFinite(alert.score)) return false;
    if (alert.label === 'expected') {
      this.byKey.set(id, Math.max(current ?? 0, alert.score * TOLERANCE_MARGIN));
    } else if (current !== undefined && alert.score <= current) {
      this.byKey.set(id, alert.score / TOLERANCE_MARGIN);
    }
    return true;
  }

  /** An anomaly of this kind was missed on the series: back to full sensitivity. */
  forget(twinId: string, pathKey: string, kind: DetectorEventKind): void {
    this.byKey.delete(key(twinId, pathKey, kind));
  }
}

const key = (twinId: string, pathKey: string, kind: string): string => `${twinId}\u0000${pathKey}\u0000${kind}`;

/** `detector.<kind>.<path>` → kind and path (kinds have no dots; paths may). */
export function parseRuleId(ruleId: string): { kind: DetectorEventKind; pathKey: string } | undefined {
  const [prefix, kind, ...path] = ruleId.split('.');
  if (prefix !== 'detector' || path.length === 0) return undefined;
  if (!(DETECTOR_EVENT_KINDS as readonly string[]).includes(kind ?? '')) return undefined;
  return { kind: kind as DetectorEventKind, pathKey: path.join('.') };
}
