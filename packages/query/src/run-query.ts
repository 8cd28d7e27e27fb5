import type { Expr } from './ast.js';
import type { Bound, Row } from './compile-expr.js';
import { compileExpr } from './compile-expr.js';
import { HistoryAnswers, requestKey } from './history-calls.js';
import { parseQuery } from './parser.js';
import type { Plan, Seed, Step } from './plan.js';
import { planQuery } from './plan.js';
import { QueryError } from './query-error.js';
import type { QueryRelationship, QuerySource, QueryTwin } from './source.js';

export interface QueryOptions {
  /** Rows per page (default 1,000); the rest is behind `continuationToken`. */
  readonly pageSize?: number;
  /** From the previous page's result, to get the next page of the same query. */
  readonly continuationToken?: string;
  /** Time the query may take (default 10 s): `query.timeout` after it. */
  readonly timeoutMs?: number;
  /** Candidate rows the query may look at (default 10 M): `query.too-many-rows` beyond. */
  readonly rowsExaminedMax?: number;
}

export interface QueryResult {
  /** In Azure Digital Twins' shape: `SELECT *` gives twins, `SELECT a, b` objects keyed by name, `COUNT()` `[{ COUNT: n }]`. */
  readonly value: readonly unknown[];
  readonly continuationToken?: string;
  /** `EXPLAIN`: the plan, one line per step (the query is not run). */
  readonly explain?: readonly string[];
  readonly stats: { readonly rowsExamined: number; readonly elapsedMs: number };
}

export const QUERY_DEFAULTS = { pageSize: 1_000, timeoutMs: 10_000, rowsExaminedMax: 10_000_000 } as const;

/**
 * Parses, plans and runs a query against a source; throws QueryError with a stable code. A query
 * that reads history (AVG(x, 'PT1H') …) needs `runQueryAsync`.
 */
export function runQuery(text: string, source: QuerySource, options: QueryOptions = {}): QueryResult {
  const prepared = prepare(text, source);
  if (!('plan' in prepared)) return prepared;
  const { plan, answers, startedMs } = prepared;
  if (plan.readsHistory) {
    throw new QueryError('query.unsupported', 'this query reads history: run it with runQueryAsync (the API does).');
  }
  answers.collecting = false;
  return execute(plan, text, source, options, startedMs);
}

/** runQuery, and queries that read history: two passes around one batch of history reads (history-calls.ts). */
export async function runQueryAsync(
  text: string,
  source: QuerySource,
  options: QueryOptions = {},
): Promise<QueryResult> {
  const prepared = prepare(text, source);
  if (!('plan' in prepared)) return prepared;
  const { plan, answers, startedMs } = prepared;
  if (plan.readsHistory) {
    const first = execute(plan, text, source, options, startedMs);
    const requests = [...answers.requests.values()];
    if (requests.length > 0) {
      if (source.readHistory === undefined) {
        throw new QueryError(
          'query.unsupported',
          'this platform keeps no history: AVG, MIN, MAX, SUM and COUNT over a window are not available.',
        );
      }
      const values = await source.readHistory(requests);
      requests.forEach((request, index) => answers.values.set(requestKey(request), values[index]));
    }
    answers.collecting = false;
    const second = execute(plan, text, source, options, startedMs);
    return {
      ...second,
      stats: { rowsExamined: first.stats.rowsExamined + second.stats.rowsExamined, elapsedMs: Date.now() - startedMs },
    };
  }
  answers.collecting = false;
  return execute(plan, text, source, options, startedMs);
}

/** Parses and plans; an EXPLAIN query is answered here, with its plan. */
function prepare(
  text: string,
  source: QuerySource,
): { plan: Plan; answers: HistoryAnswers; startedMs: number } | QueryResult {
  const startedMs = Date.now();
  const answers = new HistoryAnswers();
  const query = parseQuery(text);
  const plan = planQuery(query, source, answers);
  if (!query.explain) return { plan, answers, startedMs };
  return { value: [], explain: plan.explain, stats: { rowsExamined: 0, elapsedMs: Date.now() - startedMs } };
}

function execute(plan: Plan, text: string, source: QuerySource, options: QueryOptions, startedMs: number): QueryResult {
  const pageSize = options.pageSize ?? QUERY_DEFAULTS.pageSize;
  const skip = options.continuationToken === undefined ? 0 : readToken(options.continuationToken, text);
  const deadlineMs = startedMs + (options.timeoutMs ?? QUERY_DEFAULTS.timeoutMs);
  const examinedMax = options.rowsExaminedMax ?? QUERY_DEFAULTS.rowsExaminedMax;
  const project = projector(plan, source);
  const counting = plan.projection.kind === 'count';
  const limit = plan.top ?? Infinity;
  const history = plan.scope.history;
  // First pass of a history query: a condition waiting for a history value lets the row through,
  // and rows are not counted or paged, only walked so that every needed value is requested.
  const collecting = history.collecting;
  const passes = (filter: (row: Row) => unknown, row: Row): boolean => {
    history.pending = false;
    return filter(row) === true || (collecting && history.pending);
  };

  const value: unknown[] = [];
  let matched = 0;
  let examined = 0;
  let more = false;
  const row: Row = plan.slotNames.map(() => undefined);
  // Depth-first over the steps; returns false to stop (page full, TOP reached).
  // COUNT() of one unfiltered scan: count the anchor's ids without binding a twin to each.
  const only = plan.steps[0];
  if (counting && plan.steps.length === 1 && only?.kind === 'scan-twins' && only.filters.length === 0 && !collecting) {
    let count = 0;
    // Ids from an index are twins that exist; ids listed in the query may not.
    for (const id of seedIds(only.seed, source)) if (only.seed.kind !== 'ids' || source.twin(id) !== undefined) count++;
    return {
      value: [{ COUNT: Math.min(count, limit) }],
      stats: { rowsExamined: count, elapsedMs: Date.now() - startedMs },
    };
  }
  const visit = (stepIndex: number): boolean => {
    const step = plan.steps[stepIndex];
    if (step === undefined) {
      if (collecting) {
        project(row);
        return true;
      }
      if (matched >= limit) return false;
      matched += 1;
      if (counting || matched <= skip) return true;
      if (value.length === pageSize) {
        more = true;
        return false;
      }
      value.push(project(row));
      return true;
    }
    for (const bindings of candidates(step, row, source)) {
      examined += 1;
      if ((examined & 1023) === 0) {
        if (Date.now() > deadlineMs) {
          throw new QueryError(
            'query.timeout',
            `the query ran longer than ${options.timeoutMs ?? QUERY_DEFAULTS.timeoutMs} ms; narrow it (an id, a model, fewer hops).`,
          );
        }
      }
      if (examined > examinedMax) {
        throw new QueryError(
          'query.too-many-rows',
          `the query examined more than ${examinedMax} candidate rows; narrow it (an id, a model, fewer hops).`,
        );
      }
      for (const [slot, bound] of bindings) row[slot] = bound;
      const keep = step.filters.every((filter) => passes(filter, row));
      const goOn = keep ? visit(stepIndex + 1) : true;
      for (const [slot] of bindings) row[slot] = undefined;
      if (!goOn) return false;
    }
    return true;
  };
  visit(0);
  const elapsedMs = Date.now() - startedMs;
  if (counting) return { value: [{ COUNT: Math.min(matched, limit) }], stats: { rowsExamined: examined, elapsedMs } };
  return {
    value,
    ...(more ? { continuationToken: writeToken(skip + value.length, text) } : {}),
    stats: { rowsExamined: examined, elapsedMs },
  };
}

/** The twin ids a seed starts from (property seeds fall back when the source has no index for the path). */
function seedIds(seed: Seed, source: QuerySource): Iterable<string> {
  switch (seed.kind) {
    case 'ids':
      return seed.ids;
    case 'property':
      return source.twinIdsByProperty?.(seed.path, seed.value) ?? seedIds(seed.fallback, source);
    case 'model':
      return source.twinIdsOfModel(seed.modelId, seed.exact);
    case 'all':
      return source.twinIds();
  }
}

/** The bindings a step adds to the current row: [slot, twin or relationship] pairs. */
function* candidates(step: Step, row: Row, source: QuerySource): Iterable<[number, Bound][]> {
  switch (step.kind) {
    case 'scan-twins': {
      for (const id of seedIds(step.seed, source)) {
        const twin = source.twin(id);
        if (twin !== undefined) yield [[step.slot, twin]];
      }
      return;
    }
    case 'scan-relationships':
      for (const relationship of source.relationships()) yield [[step.slot, relationship]];
      return;
    case 'expand': {
      const from = row[step.from] as QueryTwin;
      if (step.minHops === 1 && step.maxHops === 1) {
        for (const [relationship, targetId] of neighbours(source, from.id, step)) {
          const target = source.twin(targetId);
          if (target === undefined) continue;
          const bindings: [number, Bound][] = [[step.to, target]];
          if (step.relationship !== undefined) bindings.push([step.relationship, relationship]);
          yield bindings;
        }
        return;
      }
      // Variable length: every twin reachable in minHops..maxHops, once each (breadth first).
      const seen = new Set<string>([from.id]);
      let frontier = [from.id];
      for (let hop = 1; hop <= step.maxHops && frontier.length > 0; hop++) {
        const next: string[] = [];
        for (const id of frontier) {
          for (const [, targetId] of neighbours(source, id, step)) {
            if (seen.has(targetId)) continue;
            seen.add(targetId);
            next.push(targetId);
            if (hop >= step.minHops) {
              const target = source.twin(targetId);
              if (target !== undefined) yield [[step.to, target]];
            }
          }
        }
        frontier = next;
      }
      return;
    }
  }
}

function neighbours(
  source: QuerySource,
  id: string,
  step: Extract<Step, { kind: 'expand' }>,
): [QueryRelationship, string][] {
  const out: [QueryRelationship, string][] = [];
  const names = step.names.length === 0 ? [undefined] : step.names;
  for (const name of names) {
    if (step.direction !== 'in') for (const rel of source.outgoing(id, name)) out.push([rel, rel.targetId]);
    if (step.direction !== 'out') for (const rel of source.incoming(id, name)) out.push([rel, rel.sourceId]);
  }
  return out;
}

/** Row → result item, as Azure Digital Twins shapes it. */
function projector(plan: Plan, source: QuerySource): (row: Row) => unknown {
  const { projection, slotNames, scope } = plan;
  if (projection.kind !== 'items') {
    if (slotNames.length === 1) return (row) => row[0]?.document;
    return (row) => Object.fromEntries(slotNames.map((name, slot) => [name, row[slot]?.document]));
  }
  const columns = projection.items.map((item, index) => ({
    key: item.alias ?? columnName(item.expr, index),
    value: compileExpr(item.expr, scope, source),
  }));
  return (row) => {
    const out: Record<string, unknown> = {};
    for (const column of columns) {
      const value = column.value(row);
      if (value !== undefined) out[column.key] = value;
    }
    return out;
  };
}

/** `T` → "T", `T.name` → "name", anything else → "$1", "$2"… */
function columnName(expr: Expr, index: number): string {
  if (expr.kind === 'path') return expr.parts[expr.parts.length - 1] as string;
  return `$${index + 1}`;
}

/** Continuation tokens: where the next page starts, bound to the query text (`v1.<skip>.<hash>`). */
function writeToken(skip: number, text: string): string {
  return `v1.${skip.toString(36)}.${textHash(text)}`;
}

function readToken(token: string, text: string): number {
  const [version, skip, hash] = token.split('.');
  const rows = skip === undefined ? NaN : parseInt(skip, 36);
  if (version === 'v1' && Number.isSafeInteger(rows) && rows >= 0 && hash === textHash(text)) return rows;
  throw new QueryError(
    'query.invalid-continuation',
    'the continuation token is not one this query returned; send the same query text with the token it gave.',
  );
}

/** FNV-1a, enough to tell one query text from another. */
function textHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(36);
}
