import type { PredictionOutcome } from '@doppel/protocol';
import type { Alert } from '../alerts/alert.js';
import type { AlertRule } from '../rules/rule-types.js';
import { pathsRead } from '../rules/condition-eval.js';
import type { MaintenanceEvent } from './maintenance-event.js';

/** Paths whose rules are predictions of a failure. */
const PREDICTIVE_PATHS = new Set(['rulP10Hours', 'rulP50Hours', 'rulP90Hours', 'healthIndex']);

/** Whether a rule predicts failures: it reads the remaining useful life or the health index. */
export function isPredictive(rule: AlertRule): boolean {
  return pathsRead(rule.condition).some(({ path }) => PREDICTIVE_PATHS.has(path));
}

/**
 * Predicted vs actual per predictive rule. An alert "occurred" when a failure of its twin was
 * recorded after it was raised and within `horizonMs`; a failure is "missed" when no alert of the
 * rule on that twin was raised within `horizonMs` before it (among twins the rule raised alerts
 * on, or that it watches by id or model: `watches`).
 */
export function predictionOutcomes(
  rules: readonly AlertRule[],
  alerts: readonly Alert[],
  events: readonly MaintenanceEvent[],
  watches: (rule: AlertRule, twinId: string) => boolean,
  horizonMs: number,
): PredictionOutcome[] {
  const failures = events.filter((event) => event.kind === 'failure');
  return rules.filter(isPredictive).map((rule) => {
    const own = alerts.filter((alert) => alert.ruleId === rule.id);
    // A prediction dates from the data that made it (back-filled data is checked as of then).
    const when = (alert: Alert): number => alert.sourceTimeMs ?? alert.raisedMs;
    const leads: number[] = [];
    for (const alert of own) {
      const failure = failures.find(
        (event) => event.twinId === alert.twinId && event.atMs >= when(alert) && event.atMs - when(alert) <= horizonMs,
      );
      if (failure !== undefined) leads.push(failure.atMs - when(alert));
    }
    const missed = failures.filter(
      (event) =>
        watches(rule, event.twinId) &&
        !own.some(
          (alert) =>
            alert.twinId === event.twinId && when(alert) <= event.atMs && event.atMs - when(alert) <= horizonMs,
        ),
    ).length;
    leads.sort((a, b) => a - b);
    const occurred = leads.length;
    return {
      ruleId: rule.id,
      ruleName: rule.name,
      predicted: own.length,
      occurred,
      missed,
      precision: own.length === 0 ? null : occurred / own.length,
      recall: occurred + missed === 0 ? null : occurred / (occurred + missed),
      medianLeadHours: leads.length === 0 ? null : (leads[Math.floor((leads.length - 1) / 2)] as number) / 3_600_000,
    };
  });
}
