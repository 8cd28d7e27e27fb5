import type { Position } from './ast.js';

export type QueryErrorCode =
  | 'query.syntax'
  | 'query.unknown-alias'
  | 'query.unknown-function'
  | 'query.invalid-argument'
  | 'query.unsupported'
  | 'query.timeout'
  | 'query.too-many-rows'
  | 'query.invalid-continuation';

/** A query that cannot run: a stable code, a message that says what to change, and where. */
export class QueryError extends Error {
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(
    readonly code: QueryErrorCode,
    message: string,
    at?: Position,
  ) {
    super(at === undefined ? message : `line ${at.line}, column ${at.column}: ${message}`);
    this.name = 'QueryError';
    this.line = at?.line;
    this.column = at?.column;
  }
}
