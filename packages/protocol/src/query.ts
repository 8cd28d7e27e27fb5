/**
 * `POST /api/v1/query`, Azure Digital Twins' query API (docs/query.md). The platform answers with
 * `@doppel/query`'s `QueryResult`; this is its wire form for clients.
 */
export interface QueryRequest {
  readonly query: string;
  /** From the previous page's answer, with the same query text, for the next page. */
  readonly continuationToken?: string;
  /** Rows per page: 1 to 10,000, default 1,000. */
  readonly pageSize?: number;
}

export interface QueryResponse {
  /** ADT's shapes: `SELECT *` gives twins, `SELECT a, b` objects keyed by name, `COUNT()` `[{ COUNT: n }]`. */
  readonly value: readonly unknown[];
  /** Present when more rows remain. */
  readonly continuationToken?: string;
  /** `EXPLAIN SELECT …`: the plan, one line per step (the query is not run). */
  readonly explain?: readonly string[];
  readonly stats?: { readonly rowsExamined: number; readonly elapsedMs: number };
}
