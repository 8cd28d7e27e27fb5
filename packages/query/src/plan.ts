import type { Expr, MatchEdge, SelectQuery } from './ast.js';
import type { Compiled, Scope, Slot } from './compile-expr.js';
import { compileExpr, modelTest, resolvePath, slotsOf } from './compile-expr.js';
import { exprText } from './expr-text.js';
import { HistoryAnswers, isHistoryFunction } from './history-calls.js';
import { QueryError } from './query-error.js';
import type { QuerySource } from './source.js';

/**
 * A query planned: the order in which aliases are bound (an anchor scan, then expansions along
 * relationships), each WHERE condition attached to the first step after which all its aliases are
 * bound (so that JOINs only expand rows that can still match), and how the anchor finds its first
 * twins: by id, by model index, or by scanning every twin, taken from the WHERE's conditions.
 */
export interface Plan {
  readonly scope: Scope;
  /** Whether the query calls history (AVG(x, 'PT1H') …): then it runs in two passes (history-calls.ts). */
  readonly readsHistory: boolean;
  readonly slotNames: readonly string[];
  readonly steps: readonly Step[];
  readonly projection: SelectQuery['projection'];
  readonly top: number | undefined;
  /** The plan as text, one line per step (EXPLAIN queries only; empty otherwise). */
  readonly explain: readonly string[];
}

export type Seed =
  | { readonly kind: 'ids'; readonly ids: readonly string[] }
  /** `T.prop = literal` through the source's property index, else `fallback`. */
  | {
      readonly kind: 'property';
      readonly path: readonly string[];
      readonly value: string | number | boolean;
      readonly fallback: Exclude<Seed, { kind: 'property' }>;
    }
  | { readonly kind: 'model'; readonly modelId: string; readonly exact: boolean }
  | { readonly kind: 'all' };

/** What a step binds, before its conditions are attached. */
export type StepCore =
  | { readonly kind: 'scan-twins'; readonly slot: number; readonly seed: Seed }
  | { readonly kind: 'scan-relationships'; readonly slot: number }
  | {
      readonly kind: 'expand';
      readonly from: number;
      readonly to: number;
      readonly relationship: number | undefined;
      readonly names: readonly string[];
      /** Relative to `from`: out follows relationships from it, in those to it. */
      readonly direction: 'out' | 'in' | 'any';
      readonly minHops: number;
      readonly maxHops: number;
    };

export type Step = StepCore & { readonly filters: readonly Compiled[]; readonly filterText: readonly string[] };

export function planQuery(
  query: SelectQuery,
  source: QuerySource,
  history: HistoryAnswers = new HistoryAnswers(),
): Plan {
  const slots = new Map<string, Slot>();
  const add = (name: string, kind: Slot['kind'], at: { line: number; column: number; offset: number }): number => {
    if (slots.has(name)) throw new QueryError('query.invalid-argument', `alias "${name}" is used twice.`, at);
    slots.set(name, { index: slots.size, kind });
    return slots.size - 1;
  };
  const cores: StepCore[] = [];
  const conjuncts = query.where === undefined ? [] : splitAnd(query.where);
  const fromKind = query.from.collection === 'RELATIONSHIPS' ? 'relationship' : 'twin';
  let implicit: string | undefined;

  if (query.match !== undefined) {
    if (query.joins.length > 0)
      throw new QueryError('query.unsupported', 'use either JOIN or MATCH, not both.', query.match.at);
    const { nodes, edges } = query.match;
    for (const node of nodes) add(node.alias, 'twin', node.at);
    edges.forEach((edge) => {
      if (edge.alias !== undefined) {
        if (edge.maxHops > 1) {
          throw new QueryError(
            'query.unsupported',
            `relationship alias "${edge.alias}" on a variable-length edge; remove it or use one hop.`,
            edge.at,
          );
        }
        add(edge.alias, 'relationship', edge.at);
      }
    });
    const scope: Scope = { slots, implicit, history };
    // Anchor on the node the WHERE narrows down most; expand right of it, then left.
    const seeds = nodes.map((node) => seedFor(slots.get(node.alias) as Slot, conjuncts, scope, source));
    const anchor = bestSeed(seeds);
    cores.push({ kind: 'scan-twins', slot: anchor, seed: seeds[anchor] as Seed });
    for (let i = anchor; i < edges.length; i++)
      cores.push(matchStep(edges[i] as MatchEdge, i, i + 1, slots, nodes, false));
    for (let i = anchor - 1; i >= 0; i--) cores.push(matchStep(edges[i] as MatchEdge, i + 1, i, slots, nodes, true));
  } else {
    implicit = query.from.alias === undefined && query.joins.length === 0 ? '' : undefined;
    const fromSlot = add(query.from.alias ?? '', fromKind, query.from.at);
    for (const join of query.joins) {
      const source = slots.get(join.source);
      if (source === undefined || source.kind !== 'twin') {
        throw new QueryError(
          'query.unknown-alias',
          `JOIN … RELATED ${join.source}.${join.relationship}: "${join.source}" is not a twin alias of this query.`,
          join.at,
        );
      }
      const to = add(join.alias, 'twin', join.at);
      const relationship =
        join.relationshipAlias === undefined ? undefined : add(join.relationshipAlias, 'relationship', join.at);
      cores.push({
        kind: 'expand',
        from: source.index,
        to,
        relationship,
        names: [join.relationship],
        direction: 'out',
        minHops: 1,
        maxHops: 1,
      });
    }
    const scope: Scope = { slots, implicit, history };
    // The FROM scan goes first, before the JOINs' expansions.
    cores.unshift(
      fromKind === 'twin'
        ? {
            kind: 'scan-twins',
            slot: fromSlot,
            seed: seedFor(slots.get(query.from.alias ?? '') as Slot, conjuncts, scope, source),
          }
        : { kind: 'scan-relationships', slot: fromSlot },
    );
  }

  const scope: Scope = { slots, implicit, history };
  // Each condition runs after the step that binds the last of its aliases.
  const boundAfter: Set<number>[] = [];
  const bound = new Set<number>();
  for (const core of cores) {
    if (core.kind === 'expand') {
      bound.add(core.to);
      if (core.relationship !== undefined) bound.add(core.relationship);
    } else bound.add(core.slot);
    boundAfter.push(new Set(bound));
  }
  const attached: Expr[][] = cores.map(() => []);
  for (const conjunct of conjuncts) {
    // IS_OF_MODEL that the anchor's model index already answers needs no test per twin.
    if (answeredBySeed(conjunct, cores[0] as StepCore, scope)) continue;
    const needs = slotsOf(conjunct, scope);
    const at = boundAfter.findIndex((set) => [...needs].every((slot) => set.has(slot)));
    (attached[at < 0 ? cores.length - 1 : at] as Expr[]).push(conjunct);
  }
  const steps = cores.map((core, index): Step => ({
    ...core,
    filters: (attached[index] as Expr[]).map((expr) => compileExpr(expr, scope, source)),
    filterText: (attached[index] as Expr[]).map(exprText),
  }));
  // Compile the projection now, so that its errors come before any work.
  if (query.projection.kind === 'items')
    for (const item of query.projection.items) compileExpr(item.expr, scope, source);
  const slotNames = [...slots.keys()];
  return {
    scope,
    readsHistory: callsHistory(query),
    slotNames,
    steps,
    projection: query.projection,
    top: query.top,
    explain: query.explain ? explainLines(steps, slotNames, query) : [],
  };
}

function matchStep(
  edge: MatchEdge,
  from: number,
  to: number,
  slots: Map<string, Slot>,
  nodes: readonly { alias: string }[],
  reversed: boolean,
): StepCore {
  const flip = { out: 'in', in: 'out', any: 'any' } as const;
  return {
    kind: 'expand',
    from: (slots.get((nodes[from] as { alias: string }).alias) as Slot).index,
    to: (slots.get((nodes[to] as { alias: string }).alias) as Slot).index,
    relationship: edge.alias === undefined ? undefined : (slots.get(edge.alias) as Slot).index,
    names: edge.names,
    direction: reversed ? flip[edge.direction] : edge.direction,
    minHops: edge.minHops,
    maxHops: edge.maxHops,
  };
}

function answeredBySeed(conjunct: Expr, anchor: StepCore, scope: Scope): boolean {
  if (anchor.kind !== 'scan-twins' || anchor.seed.kind !== 'model') return false;
  if (conjunct.kind !== 'call' || conjunct.name !== 'IS_OF_MODEL') return false;
  const test = modelTest(conjunct, scope);
  return test.slot.index === anchor.slot && test.modelId === anchor.seed.modelId && test.exact === anchor.seed.exact;
}

function splitAnd(expr: Expr): Expr[] {
  return expr.kind === 'binary' && expr.op === 'AND' ? [...splitAnd(expr.left), ...splitAnd(expr.right)] : [expr];
}

/** The narrowest way to find a twin slot's candidates from the top-level AND conditions. */
function seedFor(slot: Slot, conjuncts: readonly Expr[], scope: Scope, source: QuerySource): Seed {
  let best: Exclude<Seed, { kind: 'property' }> = { kind: 'all' };
  let property: { path: string[]; value: string | number | boolean } | undefined;
  for (const conjunct of conjuncts) {
    const ids = idsSeed(conjunct, slot, scope);
    if (ids !== undefined) return { kind: 'ids', ids };
    if (property === undefined && source.twinIdsByProperty !== undefined)
      property = propertyEquality(conjunct, slot, scope);
    if (best.kind === 'all' && conjunct.kind === 'call' && conjunct.name === 'IS_OF_MODEL') {
      const test = modelTest(conjunct, scope);
      if (test.slot.index === slot.index) best = { kind: 'model', modelId: test.modelId, exact: test.exact };
    }
    if (best.kind === 'all' && conjunct.kind === 'binary' && conjunct.op === '=') {
      const model = literalAgainst(conjunct, slot, scope, ['$metadata', '$model']);
      if (typeof model === 'string') best = { kind: 'model', modelId: model, exact: true };
    }
  }
  return property === undefined ? best : { kind: 'property', ...property, fallback: best };
}

/** `slot.prop = literal` (either way round) with a property path and a string, number or boolean. */
function propertyEquality(
  conjunct: Expr,
  slot: Slot,
  scope: Scope,
): { path: string[]; value: string | number | boolean } | undefined {
  if (conjunct.kind !== 'binary' || conjunct.op !== '=') return undefined;
  for (const [side, other] of [
    [conjunct.left, conjunct.right],
    [conjunct.right, conjunct.left],
  ] as const) {
    if (side.kind !== 'path' || other.kind !== 'literal') continue;
    const { slot: found, rest } = resolvePath(side.parts, scope, side.at);
    const value = other.value;
    if (found.index !== slot.index || rest.length === 0 || (rest[0] as string).startsWith('$')) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      return { path: rest, value };
  }
  return undefined;
}

function idsSeed(conjunct: Expr, slot: Slot, scope: Scope): string[] | undefined {
  if (conjunct.kind !== 'binary') return undefined;
  if (conjunct.op === '=') {
    const id = literalAgainst(conjunct, slot, scope, ['$dtId']);
    return typeof id === 'string' ? [id] : undefined;
  }
  if (conjunct.op === 'IN' && isPathTo(conjunct.left, slot, scope, ['$dtId']) && conjunct.right.kind === 'list') {
    const ids = conjunct.right.items.map((item) => (item.kind === 'literal' ? item.value : undefined));
    // Once each, in the list's order (a twin listed twice is still one row).
    return ids.every((id) => typeof id === 'string') ? [...new Set(ids as string[])] : undefined;
  }
  return undefined;
}

/** For `path = literal` (either way round) where path is `slot.<property>`: the literal. */
function literalAgainst(
  expr: Extract<Expr, { kind: 'binary' }>,
  slot: Slot,
  scope: Scope,
  property: readonly string[],
): unknown {
  if (isPathTo(expr.left, slot, scope, property) && expr.right.kind === 'literal') return expr.right.value;
  if (isPathTo(expr.right, slot, scope, property) && expr.left.kind === 'literal') return expr.left.value;
  return undefined;
}

function isPathTo(expr: Expr, slot: Slot, scope: Scope, property: readonly string[]): boolean {
  if (expr.kind !== 'path') return false;
  const { slot: found, rest } = resolvePath(expr.parts, scope, expr.at);
  return found.index === slot.index && rest.length === property.length && rest.every((part, i) => part === property[i]);
}

function bestSeed(seeds: readonly Seed[]): number {
  const rank = (seed: Seed): number =>
    seed.kind === 'ids' ? 0 : seed.kind === 'property' ? 1 : seed.kind === 'model' ? 2 : 3;
  let best = 0;
  seeds.forEach((seed, index) => {
    if (rank(seed) < rank(seeds[best] as Seed)) best = index;
  });
  return best;
}

function explainLines(steps: readonly Step[], names: readonly string[], query: SelectQuery): string[] {
  const name = (slot: number): string => names[slot] || '(twins)';
  const lines = steps.map((step, index) => {
    let text: string;
    if (step.kind === 'scan-twins') {
      const describe = (seed: Seed): string =>
        seed.kind === 'ids'
          ? `by id ${seed.ids.map((id) => `'${id}'`).join(', ')}`
          : seed.kind === 'property'
            ? `property index ${seed.path.join('.')} = ${JSON.stringify(seed.value)} where the source keeps one, else ${describe(seed.fallback)}`
            : seed.kind === 'model'
              ? `model index ${seed.modelId}${seed.exact ? ' (exact)' : ' (with models that extend it)'}`
              : 'every twin (full scan)';
      const how = describe(step.seed);
      text = `scan ${name(step.slot)}: ${how}`;
    } else if (step.kind === 'scan-relationships') text = `scan ${name(step.slot)}: every relationship (full scan)`;
    else {
      const rel = step.names.length === 0 ? 'any relationship' : step.names.join('|');
      const hops = step.minHops === 1 && step.maxHops === 1 ? '' : ` ${step.minHops}..${step.maxHops} hops`;
      const arrow = step.direction === 'out' ? '->' : step.direction === 'in' ? '<-' : '--';
      const alias = step.relationship === undefined ? '' : ` as ${name(step.relationship)}`;
      text = `expand ${name(step.from)} ${arrow} ${name(step.to)} over ${rel}${hops}${alias}`;
    }
    const filters = step.filterText.map((filter) => `\n     where ${filter}`).join('');
    return `${index + 1}. ${text}${filters}`;
  });
  const projection =
    query.projection.kind === 'all'
      ? '*'
      : query.projection.kind === 'count'
        ? 'COUNT()'
        : query.projection.items
            .map((item) => exprText(item.expr) + (item.alias === undefined ? '' : ` AS ${item.alias}`))
            .join(', ');
  lines.push(`project ${projection}${query.top === undefined ? '' : `, TOP(${query.top})`}`);
  return lines;
}

function callsHistory(query: SelectQuery): boolean {
  const visit = (expr: Expr): boolean => {
    switch (expr.kind) {
      case 'call':
        return isHistoryFunction(expr.name) || expr.args.some(visit);
      case 'list':
        return expr.items.some(visit);
      case 'unary':
        return visit(expr.operand);
      case 'binary':
        return visit(expr.left) || visit(expr.right);
      case 'literal':
      case 'keyword':
      case 'path':
        return false;
    }
  };
  const projected = query.projection.kind === 'items' ? query.projection.items.map((item) => item.expr) : [];
  return [...projected, ...(query.where === undefined ? [] : [query.where])].some(visit);
}
