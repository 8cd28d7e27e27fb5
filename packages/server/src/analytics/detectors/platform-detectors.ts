import type { Clock } from '@doppel/core';
import type { LabelScore } from '@doppel/protocol';
import { DoppelError } from '@doppel/core';
import { analyticsRule } from '../alerts/analytics-rule.js';
import type { AlertService } from '../alerts/alert-service.js';
import type { AlertRule, Severity } from '../rules/rule-types.js';
import type { DetectorEventKind } from './detector-event.js';
import { DETECTOR_EVENT_KINDS } from './detector-event.js';
import type { SeriesAnomaly } from './detector-hub.js';
import { DEFAULT_DETECTOR_HUB_OPTIONS, DetectorHub } from './detector-hub.js';
import { DetectorTolerances } from './detector-tolerances.js';

const KIND_NAMES: Readonly<Record<DetectorEventKind, string>> = {
  spike: 'Spike',
  stuck: 'Stuck value',
  drift: 'Drift',
  'level-shift': 'Level shift',
  outlier: 'Outlier',
};
/** A stuck or drifting sensor misleads until fixed; a spike is worth a look. */
const KIND_SEVERITY: Readonly<Record<DetectorEventKind, Severity>> = {
  spike: 'warning',
  stuck: 'minor',
  drift: 'minor',
  'level-shift': 'warning',
  outlier: 'warning',
};

/** How one detector kind does against the operators' labels. */
export interface DetectorScore extends LabelScore {
  readonly kind: DetectorEventKind;
}

/** Alerts read to score the detectors (newest first). */
const ALERTS_SCORED = 10_000;

/**
 * The streaming detectors wired to alerts: an event of a series raises an alert of the detector
 * rule `detector.<kind>.<path>` on the twin (a stuck run's end clears it); other events stay
 * open until a person clears them, repeats counting occurrences. Operators label alerts real or
 * expected and report what was missed; each kind's precision and recall come from those.
 */
export class PlatformDetectors {
  readonly hub: DetectorHub;
  /** What labels taught: per series and kind, the strength that is expected (detector-tolerances.ts). */
  readonly tolerances = new DetectorTolerances();
  private readonly rules = new Map<string, AlertRule>();

  constructor(
    private readonly alerts: AlertService,
    private readonly clock: Clock,
  ) {
    this.hub = new DetectorHub(DEFAULT_DETECTOR_HUB_OPTIONS, (anomaly) => this.raise(anomaly));
    alerts.onChange((alert, event) => {
      if (event === 'labelled') this.tolerances.learn(alert);
    });
  }

  /** Tunes the detectors by the labels stored so far, oldest first (a later label overrides). */
  async start(): Promise<void> {
    const labelled = (await this.alerts.list({}, ALERTS_SCORED)).filter((alert) => alert.label !== undefined);
    for (const alert of labelled.reverse()) this.tolerances.learn(alert);
  }

  async scores(): Promise<DetectorScore[]> {
    const alerts = await this.alerts.list({}, ALERTS_SCORED);
    return DETECTOR_EVENT_KINDS.map((kind) => {
      const own = alerts.filter((alert) => alert.ruleId.startsWith(`detector.${kind}.`));
      const real = own.filter((alert) => alert.label === 'real').length;
      const expected = own.filter((alert) => alert.label === 'expected').length;
      const missed = alerts.filter((alert) => alert.ruleId.startsWith(`missed.${kind}.`)).length;
      return {
        kind,
        raised: own.length,
        labelledReal: real,
        labelledExpected: expected,
        missed,
        precision: real + expected === 0 ? null : real / (real + expected),
        recall: real + missed === 0 ? null : real / (real + missed),
      };
    });
  }

  /** An anomaly the detectors did not raise: kept as a cleared, real alert of `missed.<kind>.<path>`. */
  async reportMissed(fields: { twinId: string; path: string; kind: string; atMs: number; by: string; note?: string }) {
    if (!(DETECTOR_EVENT_KINDS as readonly string[]).includes(fields.kind))
      throw new DoppelError('request.invalid', `"kind" must be one of ${DETECTOR_EVENT_KINDS.join(', ')}`);
    const kind = fields.kind as DetectorEventKind;
    this.tolerances.forget(fields.twinId, ruleSafe(fields.path), kind);
    return this.alerts.recordMissed({
      ruleId: `missed.${kind}.${ruleSafe(fields.path)}`,
      ruleName: `Missed ${KIND_NAMES[kind].toLowerCase()}: ${fields.path}`,
      twinId: fields.twinId,
      severity: KIND_SEVERITY[kind],
      atMs: fields.atMs,
      by: fields.by,
      note: fields.note,
      missedBy: 'the detectors',
    });
  }

  private raise({ twinId, path, event }: SeriesAnomaly): void {
    if (event.transition !== 'clear' && !this.tolerances.allows(twinId, ruleSafe(path), event.kind, event.score))
      return;
    const rule = this.ruleOf(event.kind, path);
    this.alerts.transition({
      type: event.transition === 'clear' ? 'cleared' : 'raised',
      rule,
      twinId,
      atMs: this.clock.nowMs(),
      sourceTimeMs: event.detectedAtMs,
      score: event.score,
      // When the anomaly was (the spike's own sample), which the next samples decided.
      reason: `${event.message} At ${new Date(event.timestampMs).toISOString()}.`,
    });
  }

  private ruleOf(kind: DetectorEventKind, path: string): AlertRule {
    const id = `detector.${kind}.${ruleSafe(path)}`;
    let rule = this.rules.get(id);
    if (rule === undefined) {
      rule = analyticsRule(id, `${KIND_NAMES[kind]}: ${path}`, KIND_SEVERITY[kind]);
      this.rules.set(id, rule);
    }
    return rule;
  }
}

/** A path in a rule id (component paths have slashes). */
const ruleSafe = (path: string): string => path.replaceAll('/', '.');
