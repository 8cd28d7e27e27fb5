/**
 * Doppel's twin query language: Azure Digital Twins' query language (SELECT … FROM DIGITALTWINS,
 * JOIN … RELATED, MATCH, WHERE with its functions) over any QuerySource. Pure TypeScript, no
 * Node-only APIs: parse → plan → run, with EXPLAIN, limits and continuation tokens.
 */
export type * from './ast.js';
export { parseQuery } from './parser.js';
export { QuerySyntaxError } from './syntax-error.js';
export { QueryError } from './query-error.js';
export { readPath } from './values.js';
export type { QueryErrorCode } from './query-error.js';
export { runQuery, runQueryAsync, QUERY_DEFAULTS } from './run-query.js';
export { HISTORY_FUNCTIONS } from './history-calls.js';
export type { HistoryFunction, HistoryRequest } from './history-calls.js';
export type { QueryOptions, QueryResult } from './run-query.js';
export type { QueryRelationship, QuerySource, QueryTwin } from './source.js';
