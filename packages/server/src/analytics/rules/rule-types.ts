/**
 * Alert rules (docs/alerts.md): conditions over twin state with graph context, evaluated as
 * ingest's entries arrive (rule-engine.ts), raising alerts with a lifecycle (alert.ts).
 */
import type { AlertSeverity } from '@doppel/protocol';

export type Severity = AlertSeverity;

export const SEVERITIES: readonly Severity[] = ['critical', 'major', 'minor', 'warning'];

/**
 * A condition on one twin, or on the twins related to it.
 *
 * - threshold: `{ "path", "above"?, "below"?, "hysteresis"? }` — true above `above` (or below
 *   `below`; with both, outside the band); once true it stays true until the value is back by
 *   `hysteresis` (default 0), so a value hovering at the threshold does not flap.
 * - rate of change: `{ "path", "risesFasterThan"?, "fallsFasterThan"?, "windowMs"? }` — per
 *   minute, over the last `windowMs` (default 60 s) of samples.
 * - staleness: `{ "path", "noDataForMs" }` — nothing received for the path for that long.
 * - combinations: `{ "all": [...] }`, `{ "any": [...] }`, `{ "not": {...} }`.
 * - graph context: `{ "related": "contains", "direction": "in", "model"?, "match": "any", "condition" }`
 *   — the condition on the twins reached by a relationship (`in`: those that point at this twin,
 *   e.g. the room containing a pump), true when any (or all) of them meet it.
 */
export type Condition =
  | ThresholdCondition
  | RateCondition
  | NoDataCondition
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition }
  | RelatedCondition;

export interface ThresholdCondition {
  readonly path: string;
  readonly above?: number;
  readonly below?: number;
  readonly hysteresis?: number;
}

export interface RateCondition {
  readonly path: string;
  /** Per minute. */
  readonly risesFasterThan?: number;
  /** Per minute (a positive number: a fall of more than this per minute). */
  readonly fallsFasterThan?: number;
  readonly windowMs?: number;
}

export interface NoDataCondition {
  readonly path: string;
  readonly noDataForMs: number;
}

export interface RelatedCondition {
  readonly related: string;
  readonly direction: 'out' | 'in';
  /** Only related twins of this model (or a model extending it). */
  readonly model?: string;
  readonly match: 'any' | 'all';
  readonly condition: Condition;
}

export interface AlertRule {
  /** Letters, digits, `-`, `_`, `.`; at most 64. */
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly severity: Severity;
  /** False: kept but not evaluated (its open alerts are cleared). */
  readonly enabled: boolean;
  /** The twins it watches: of these models (or models extending them) … */
  readonly models?: readonly string[];
  /** … and/or these twins by id. */
  readonly twins?: readonly string[];
  readonly condition: Condition;
  /** The condition must hold this long before the alert is raised (default 0). */
  readonly forMs: number;
  /** Notification channels (ids) told when its alerts are raised and cleared. */
  readonly channels: readonly string[];
}

export type AlertChannel =
  | {
      readonly id: string;
      readonly kind: 'webhook';
      readonly url: string;
      readonly headers?: Readonly<Record<string, string>>;
      /** Only alerts of this severity or worse (default: all). */
      readonly minSeverity?: Severity;
    }
  | {
      readonly id: string;
      readonly kind: 'mqtt';
      /** Topic prefix; the alert goes to `<topic>/<severity>/<ruleId>/<twinId>`. */
      readonly topic: string;
      readonly minSeverity?: Severity;
    };

/** Rules and channels as one file: what export writes and import reads (configuration as code). */
export interface AlertRuleSet {
  readonly version: 1;
  readonly channels: readonly AlertChannel[];
  readonly rules: readonly AlertRule[];
}
