import { pathsRead } from './condition-eval.js';
import type { AlertRule, Condition, RelatedCondition } from './rule-types.js';

/** A relationship a rule looks across: from a watched twin, `name` in `direction`. */
export interface Hop {
  readonly name: string;
  readonly direction: 'in' | 'out';
}

/**
 * Which rules a change can affect, so that evaluation costs what changed and not rules × twins:
 * a value of twin T at path P wakes the rules that read P and watch T (by T's model or by id),
 * and the rules that read P on related twins, evaluated for the watched twins T relates to.
 */
export class RuleIndex {
  /** Watched model → path → rules reading it on the twin itself. */
  private readonly byModelPath = new Map<string, Map<string, AlertRule[]>>();
  /** Watched twin id → path → rules reading it on the twin itself. */
  private readonly byTwinPath = new Map<string, Map<string, AlertRule[]>>();
  /** Path → rules reading it on related twins, with the hops to walk back to the watched twins. */
  private readonly relatedByPath = new Map<string, { rule: AlertRule; hops: Hop[] }[]>();

  constructor(rules: readonly AlertRule[]) {
    for (const rule of rules) {
      if (!rule.enabled) continue;
      const read = pathsRead(rule.condition);
      for (const { path, related } of read) {
        if (related) continue;
        for (const model of rule.models ?? []) push(nested(this.byModelPath, model), path, rule);
        for (const twinId of rule.twins ?? []) push(nested(this.byTwinPath, twinId), path, rule);
      }
      const hops = relatedHops(rule.condition);
      for (const { path } of read.filter((entry) => entry.related)) {
        const list = this.relatedByPath.get(path) ?? [];
        if (!list.some((entry) => entry.rule === rule)) list.push({ rule, hops });
        this.relatedByPath.set(path, list);
      }
    }
  }

  /** Rules that read `path` on the twin itself, for a twin of `models` (its model and ancestors). */
  ownRules(twinId: string, models: readonly string[], path: string, out: Set<AlertRule>): void {
    for (const rule of this.byTwinPath.get(twinId)?.get(path) ?? []) out.add(rule);
    for (const model of models) for (const rule of this.byModelPath.get(model)?.get(path) ?? []) out.add(rule);
  }

  relatedRules(path: string): readonly { rule: AlertRule; hops: Hop[] }[] {
    return this.relatedByPath.get(path) ?? [];
  }
}

function nested(index: Map<string, Map<string, AlertRule[]>>, key: string): Map<string, AlertRule[]> {
  let inner = index.get(key);
  if (inner === undefined) index.set(key, (inner = new Map()));
  return inner;
}

function push(index: Map<string, AlertRule[]>, path: string, rule: AlertRule): void {
  const list = index.get(path) ?? [];
  if (!list.includes(rule)) list.push(rule);
  index.set(path, list);
}

/** The relationships a rule's related conditions cross (related conditions do not nest). */
function relatedHops(condition: Condition, out: Hop[] = []): Hop[] {
  if ('all' in condition) for (const part of condition.all) relatedHops(part, out);
  else if ('any' in condition) for (const part of condition.any) relatedHops(part, out);
  else if ('not' in condition) relatedHops(condition.not, out);
  else if ('related' in condition) {
    const { related: name, direction } = condition as RelatedCondition;
    if (!out.some((hop) => hop.name === name && hop.direction === direction)) out.push({ name, direction });
  }
  return out;
}
