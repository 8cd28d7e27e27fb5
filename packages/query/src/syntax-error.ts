/**
 * A query that breaks the grammar, reported like a compiler: where (1-based line and column), what
 * the parser expected there and what it found instead, e.g.
 * `line 1, column 34: expected "RELATED", found "REL"`.
 */
import type { Position } from './ast.js';

/** `found` when the query ended where more was expected. */
export const END_OF_QUERY = 'end of query';

/** Long string literals are cut short in the message; `found` keeps the whole token. */
const FOUND_SHOWN_MAX_CHARS = 40;

export class QuerySyntaxError extends Error {
  readonly code = 'query.syntax';

  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
    /** Tokens (`RELATED`, `(`) and descriptions (`an alias`, `end of query`), in the order tried. */
    readonly expected: readonly string[],
    /** The text of the token found, or `end of query`. */
    readonly found: string,
  ) {
    super(message);
    this.name = 'QuerySyntaxError';
  }
}

/** `problem` names the error when "expected X, found Y" alone would puzzle (an unterminated string). */
export function syntaxError(
  at: Position,
  expected: readonly string[],
  found: string,
  problem?: string,
): QuerySyntaxError {
  const prefix = problem === undefined ? '' : `${problem}: `;
  const message = `line ${at.line}, column ${at.column}: ${prefix}expected ${listExpected(expected)}, found ${showFound(found)}`;
  return new QuerySyntaxError(message, at.line, at.column, expected, found);
}

/** `"A"`, `"A" or "B"`, `"A", "B" or end of query`. */
function listExpected(expected: readonly string[]): string {
  const shown = expected.map(showExpected);
  const last = shown.pop();
  if (last === undefined) return 'something else';
  return shown.length === 0 ? last : `${shown.join(', ')} or ${last}`;
}

/** Tokens never contain a space and descriptions always do, so only tokens get quotes. */
function showExpected(item: string): string {
  return item.includes(' ') ? item : `"${item}"`;
}

function showFound(found: string): string {
  if (found === END_OF_QUERY) return found;
  const shown = found.length > FOUND_SHOWN_MAX_CHARS ? `${found.slice(0, FOUND_SHOWN_MAX_CHARS)}…` : found;
  return `"${shown}"`;
}
