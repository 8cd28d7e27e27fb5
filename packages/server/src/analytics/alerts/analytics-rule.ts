import type { AlertRule, Severity } from '../rules/rule-types.js';

/**
 * The rule an analytics component raises its alerts under (a detector kind on a path, an asset
 * model, an input's drift): never in the rule set and never evaluated, so it has no condition,
 * twins or channels of its own; it names and grades the alerts, and keeps one open per twin.
 */
export function analyticsRule(id: string, name: string, severity: Severity): AlertRule {
  return { id, name, severity, enabled: true, twins: [], condition: { any: [] }, forMs: 0, channels: [] };
}
