import type { Clock } from '@doppel/core';
import type { AlertService } from '../alerts/alert-service.js';
import { analyticsRule } from '../alerts/analytics-rule.js';
import type { AlertRule } from '../rules/rule-types.js';
import type { DriftEvent } from './drift-event.js';

/**
 * Drift events as alerts on the twin (the subject): rule `<prefix>.<input>` ("Input drift:
 * flowRate"), raised when an input's live distribution moves away from the training window's,
 * cleared when it comes back. Minor: the model may still be right, but its inputs are no longer
 * what it learned from, so its outputs deserve less trust until someone looks.
 */
export function alertOnDrift(
  alerts: AlertService,
  clock: Clock,
  prefix: string,
  describe: string,
): (event: DriftEvent) => void {
  const rules = new Map<string, AlertRule>();
  const ruleOf = (input: string): AlertRule => {
    const id = `${prefix}.${input.replaceAll('/', '.')}`;
    let rule = rules.get(id);
    if (rule === undefined) {
      rule = analyticsRule(id, `Input drift (${describe}): ${input}`, 'minor');
      rules.set(id, rule);
    }
    return rule;
  };
  return (event) =>
    alerts.transition({
      type: event.kind === 'drifted' ? 'raised' : 'cleared',
      rule: ruleOf(event.input),
      twinId: event.subject,
      atMs: clock.nowMs(),
      sourceTimeMs: event.atMs,
      reason:
        `${event.input}: population stability index ${event.psi.toFixed(2)} against the training window ` +
        `(recent mean ${round(event.liveMean)}, training mean ${round(event.referenceMean)})`,
    });
}

const round = (value: number): string => String(Math.round(value * 1000) / 1000);
