import type { Expr, Position } from './ast.js';
import type { HistoryAnswers } from './history-calls.js';
import type { HistoryFunction } from './history-calls.js';
import { isHistoryFunction, parseWindow } from './history-calls.js';
import { QueryError } from './query-error.js';
import type { QueryRelationship, QuerySource, QueryTwin } from './source.js';
import type { Value } from './values.js';
import { and, arithmetic, compare, inList, not, or, readPath } from './values.js';

/** What a query binds to its aliases, by slot. */
export type Bound = QueryTwin | QueryRelationship;
export type Row = (Bound | undefined)[];

export interface Slot {
  readonly index: number;
  readonly kind: 'twin' | 'relationship';
}

/** How names in expressions find their slot. */
export interface Scope {
  readonly slots: ReadonlyMap<string, Slot>;
  /** In a query without aliases (`FROM DIGITALTWINS WHERE name = …`), the slot a bare name reads. */
  readonly implicit: string | undefined;
  /** Where history calls (AVG(x, 'PT1H') …) record what they need and read their answers. */
  readonly history: HistoryAnswers;
}

export type Compiled = (row: Row) => Value;

/** A path split into its alias and the property path below it. */
export function resolvePath(parts: readonly string[], scope: Scope, at: Position): { slot: Slot; rest: string[] } {
  const [head, ...rest] = parts;
  const named = head === undefined ? undefined : scope.slots.get(head);
  if (named !== undefined) return { slot: named, rest };
  const implicit = scope.implicit === undefined ? undefined : scope.slots.get(scope.implicit);
  if (implicit !== undefined) return { slot: implicit, rest: [...parts] };
  const names = [...scope.slots.keys()].map((name) => `"${name}"`).join(', ');
  throw new QueryError(
    'query.unknown-alias',
    `"${parts.join('.')}" does not start with an alias of this query (${names}); write it as alias.property.`,
    at,
  );
}

/** `$dtId`, `$metadata.$model`, `$sourceId`…: the QueryTwin / QueryRelationship field that holds it. */
function identityField(slot: Slot, rest: readonly string[]): string | undefined {
  const path = rest.join('.');
  if (slot.kind === 'twin') return path === '$dtId' ? 'id' : path === '$metadata.$model' ? 'modelId' : undefined;
  const fields: Record<string, string> = {
    $relationshipId: 'id',
    $sourceId: 'sourceId',
    $targetId: 'targetId',
    $relationshipName: 'name',
  };
  return fields[path];
}

/** The aliases an expression reads (to run each condition as soon as its aliases are bound). */
export function slotsOf(expr: Expr, scope: Scope): Set<number> {
  const found = new Set<number>();
  const visit = (node: Expr): void => {
    switch (node.kind) {
      case 'path':
        found.add(resolvePath(node.parts, scope, node.at).slot.index);
        return;
      case 'list':
        node.items.forEach(visit);
        return;
      case 'call':
        if (node.name === 'IS_OF_MODEL' && isModelOnlyCall(node.args)) {
          found.add(implicitSlot(scope, node.at).index);
        }
        node.args.forEach(visit);
        return;
      case 'unary':
        visit(node.operand);
        return;
      case 'binary':
        visit(node.left);
        visit(node.right);
        return;
      case 'literal':
      case 'keyword':
        return;
    }
  };
  visit(expr);
  return found;
}

/** `IS_OF_MODEL('dtmi:…' [, exact])`, without a twin argument. */
export function isModelOnlyCall(args: readonly Expr[]): boolean {
  return args[0]?.kind === 'literal';
}

export function implicitSlot(scope: Scope, at: Position): Slot {
  const slot = scope.implicit === undefined ? undefined : scope.slots.get(scope.implicit);
  if (slot === undefined) {
    throw new QueryError(
      'query.invalid-argument',
      "IS_OF_MODEL needs the twin as its first argument in a query with aliases: IS_OF_MODEL(T, 'dtmi:…').",
      at,
    );
  }
  return slot;
}

/** Compiles an expression into a function of a row (evaluated once per candidate row). */
export function compileExpr(expr: Expr, scope: Scope, source: QuerySource): Compiled {
  switch (expr.kind) {
    case 'literal': {
      const { value } = expr;
      return () => value;
    }
    case 'keyword':
      throw new QueryError('query.invalid-argument', '"exact" is only an argument of IS_OF_MODEL.', expr.at);
    case 'list': {
      const items = expr.items.map((item) => compileExpr(item, scope, source));
      return (row) => items.map((item) => item(row));
    }
    case 'path': {
      const { slot, rest } = resolvePath(expr.parts, scope, expr.at);
      if (rest.length === 0) return (row) => row[slot.index]?.document;
      const field = identityField(slot, rest);
      // Ids and the model are read without building the document (a lookup by id stays cheap).
      if (field !== undefined) return (row) => (row[slot.index] as Record<string, unknown> | undefined)?.[field];
      if (slot.kind === 'twin' && !(rest[0] as string).startsWith('$')) {
        return (row) => {
          const twin = row[slot.index] as QueryTwin | undefined;
          if (twin === undefined) return undefined;
          return twin.read === undefined ? readPath(twin.document, rest) : twin.read(rest);
        };
      }
      return (row) => {
        const bound = row[slot.index];
        return bound === undefined ? undefined : readPath(bound.document, rest);
      };
    }
    case 'unary': {
      const operand = compileExpr(expr.operand, scope, source);
      if (expr.op === 'NOT') return (row) => not(operand(row));
      return (row) => {
        const value = operand(row);
        return typeof value === 'number' ? -value : undefined;
      };
    }
    case 'binary':
      return compileBinary(expr, scope, source);
    case 'call':
      return compileCall(expr, scope, source);
  }
}

function compileBinary(expr: Extract<Expr, { kind: 'binary' }>, scope: Scope, source: QuerySource): Compiled {
  const left = compileExpr(expr.left, scope, source);
  const right = compileExpr(expr.right, scope, source);
  switch (expr.op) {
    case 'AND':
      return (row) => and(left(row), () => right(row));
    case 'OR':
      return (row) => or(left(row), () => right(row));
    case 'IN':
      return (row) => inList(left(row), right(row));
    case 'NIN':
      return (row) => not(inList(left(row), right(row)));
    case '=':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const op = expr.op;
      return (row) => compare(op, left(row), right(row));
    }
    case '+':
    case '-':
    case '*':
    case '/':
    case '%': {
      const op = expr.op;
      return (row) => arithmetic(op, left(row), right(row));
    }
  }
}

const TYPE_CHECKS: Readonly<Record<string, (value: Value) => boolean>> = {
  IS_BOOL: (value) => typeof value === 'boolean',
  IS_NUMBER: (value) => typeof value === 'number',
  IS_STRING: (value) => typeof value === 'string',
  IS_NULL: (value) => value === null,
  IS_OBJECT: (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  IS_PRIMITIVE: (value) => value === null || ['boolean', 'number', 'string'].includes(typeof value),
  IS_DEFINED: (value) => value !== undefined,
};

const STRING_TESTS: Readonly<Record<string, (text: string, part: string) => boolean>> = {
  STARTSWITH: (text, part) => text.startsWith(part),
  ENDSWITH: (text, part) => text.endsWith(part),
  CONTAINS: (text, part) => text.includes(part),
};

export const FUNCTIONS = [
  'IS_OF_MODEL',
  ...Object.keys(TYPE_CHECKS),
  ...Object.keys(STRING_TESTS),
  'IS_STALE',
  'QUALITY',
  'CONFIDENCE',
  'AVG',
  'MIN',
  'MAX',
  'SUM',
  'COUNT',
];

function compileCall(expr: Extract<Expr, { kind: 'call' }>, scope: Scope, source: QuerySource): Compiled {
  const arity = (min: number, max: number): void => {
    if (expr.args.length < min || expr.args.length > max) {
      const count = min === max ? `${min}` : `${min} to ${max}`;
      throw new QueryError(
        'query.invalid-argument',
        `${expr.name} takes ${count} arguments, not ${expr.args.length}.`,
        expr.at,
      );
    }
  };
  const check = TYPE_CHECKS[expr.name];
  if (check !== undefined) {
    arity(1, 1);
    const argument = compileExpr(expr.args[0] as Expr, scope, source);
    return (row) => check(argument(row));
  }
  const test = STRING_TESTS[expr.name];
  if (test !== undefined) {
    arity(2, 2);
    const [text, part] = expr.args.map((arg) => compileExpr(arg, scope, source)) as [Compiled, Compiled];
    return (row) => {
      const [a, b] = [text(row), part(row)];
      return typeof a === 'string' && typeof b === 'string' ? test(a, b) : undefined;
    };
  }
  if (expr.name === 'IS_OF_MODEL') return compileIsOfModel(expr, scope, source);
  if (expr.name === 'IS_STALE') {
    arity(1, 1);
    return compileIsStale(expr, scope, source);
  }
  if (expr.name === 'QUALITY') {
    arity(1, 1);
    return compileQuality(expr, scope, source);
  }
  if (expr.name === 'CONFIDENCE') {
    arity(1, 1);
    return compileLiveCall(expr, scope, source.confidenceOf?.bind(source), 'computes no confidence', (c) => c);
  }
  if (isHistoryFunction(expr.name)) {
    arity(2, 2);
    return compileHistoryCall(expr, scope);
  }
  throw new QueryError(
    'query.unknown-function',
    `unknown function ${expr.name}; the functions are ${FUNCTIONS.join(', ')}.`,
    expr.at,
  );
}

/** `IS_OF_MODEL([twin,] 'dtmi:…' [, exact])` */
export function modelTest(
  expr: Extract<Expr, { kind: 'call' }>,
  scope: Scope,
): { slot: Slot; modelId: string; exact: boolean } {
  const args = isModelOnlyCall(expr.args) ? expr.args : expr.args.slice(1);
  const twinArg = isModelOnlyCall(expr.args) ? undefined : expr.args[0];
  const [model, exact, extra] = args;
  const usage = "IS_OF_MODEL([twin,] 'dtmi:…;1' [, exact])";
  if (model?.kind !== 'literal' || typeof model.value !== 'string' || extra !== undefined) {
    throw new QueryError('query.invalid-argument', `write ${usage}.`, expr.at);
  }
  if (exact !== undefined && exact.kind !== 'keyword') {
    throw new QueryError('query.invalid-argument', `the third argument of ${usage} can only be exact.`, expr.at);
  }
  let slot: Slot;
  if (twinArg === undefined) slot = implicitSlot(scope, expr.at);
  else if (twinArg.kind === 'path' && twinArg.parts.length === 1 && scope.slots.has(twinArg.parts[0] as string)) {
    slot = scope.slots.get(twinArg.parts[0] as string) as Slot;
  } else {
    throw new QueryError('query.invalid-argument', `the first argument of ${usage} must be a twin alias.`, expr.at);
  }
  return { slot, modelId: model.value, exact: exact !== undefined };
}

function compileIsOfModel(expr: Extract<Expr, { kind: 'call' }>, scope: Scope, source: QuerySource): Compiled {
  const { slot, modelId, exact } = modelTest(expr, scope);
  if (slot.kind !== 'twin') {
    throw new QueryError('query.invalid-argument', 'IS_OF_MODEL applies to twins, not relationships.', expr.at);
  }
  return (row) => {
    const twin = row[slot.index] as QueryTwin | undefined;
    return twin === undefined ? undefined : source.isOfModel(twin, modelId, exact);
  };
}

/**
 * A live-state function of one twin property (`IS_STALE(T.path)`, `QUALITY(T.path)`): checks the
 * argument and that the source answers it, then reads the answer for each row's twin.
 */
function compileLiveCall<T>(
  expr: Extract<Expr, { kind: 'call' }>,
  scope: Scope,
  read: ((twinId: string, path: string) => T) | undefined,
  missing: string,
  answer: (value: T) => Value,
): Compiled {
  const [target] = expr.args as [Expr];
  if (target.kind !== 'path')
    throw new QueryError('query.invalid-argument', `write ${expr.name}(twin.property).`, expr.at);
  const { slot, rest } = resolvePath(target.parts, scope, target.at);
  if (slot.kind !== 'twin' || rest.length === 0) {
    throw new QueryError('query.invalid-argument', `the argument of ${expr.name} is a twin's property.`, expr.at);
  }
  if (read === undefined) {
    throw new QueryError('query.unsupported', `this platform ${missing}: ${expr.name} is not available.`, expr.at);
  }
  const path = rest.join('/');
  return (row) => {
    const twin = row[slot.index];
    return twin === undefined ? undefined : answer(read(twin.id, path));
  };
}

/**
 * `IS_STALE(T.path)`: true when the path's live value is stale (no update for its stale factor ×
 * cadence, or its source went offline) or declared and missing; false when fresh or not judged yet.
 */
function compileIsStale(expr: Extract<Expr, { kind: 'call' }>, scope: Scope, source: QuerySource): Compiled {
  return compileLiveCall(
    expr,
    scope,
    source.freshnessOf?.bind(source),
    'tracks no freshness',
    (freshness) => freshness === 'stale' || freshness === 'missing',
  );
}

/** `QUALITY(T.path)`: 'good', 'uncertain' or 'bad' for the path's live value (unknown without one). */
function compileQuality(expr: Extract<Expr, { kind: 'call' }>, scope: Scope, source: QuerySource): Compiled {
  return compileLiveCall(expr, scope, source.qualityOf?.bind(source), 'infers no quality', (quality) => quality);
}

/** `AVG(T.path, 'PT1H')`: the aggregate of a twin path's history over the window ending now. */
function compileHistoryCall(expr: Extract<Expr, { kind: 'call' }>, scope: Scope): Compiled {
  const [target, window] = expr.args as [Expr, Expr];
  const usage = `${expr.name}(twin.property, 'PT1H')`;
  if (target.kind !== 'path') throw new QueryError('query.invalid-argument', `write ${usage}.`, expr.at);
  const { slot, rest } = resolvePath(target.parts, scope, target.at);
  if (slot.kind !== 'twin' || rest.length === 0) {
    throw new QueryError('query.invalid-argument', `the first argument of ${usage} is a twin's property.`, expr.at);
  }
  if (window.kind !== 'literal' || typeof window.value !== 'string') {
    throw new QueryError(
      'query.invalid-argument',
      `the second argument of ${usage} is a window such as 'PT1H'.`,
      expr.at,
    );
  }
  const windowMs = parseWindow(window.value, window.at);
  const fn = expr.name as HistoryFunction;
  const path = rest.join('/');
  const { history } = scope;
  return (row) => {
    const twin = row[slot.index];
    return twin === undefined ? undefined : history.read({ twinId: twin.id, path, fn, windowMs });
  };
}
