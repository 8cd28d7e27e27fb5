/**
 * Parses a twin query (Azure Digital Twins' query language) into its syntax tree:
 *
 *   [EXPLAIN] SELECT [TOP(n)] projection
 *   FROM DIGITALTWINS [[AS] alias] {JOIN alias RELATED source.relationship [[AS] alias]}
 *     | FROM DIGITALTWINS MATCH pattern
 *     | FROM RELATIONSHIPS [[AS] alias]
 *   [WHERE expr] [;]
 *
 * Only the grammar is checked here: whether aliases are declared, functions exist or the query
 * can run is the planner's business.
 */
import type { Join, MatchPattern, Projection, ProjectionItem, SelectQuery } from './ast.js';
import { Lexer } from './lexer.js';
import { parseExpression } from './parse-expr.js';
import { parseMatch } from './parse-match.js';
import { END_OF_QUERY } from './syntax-error.js';
import { TokenCursor } from './token-cursor.js';

/** Throws QuerySyntaxError at the first token that breaks the grammar. */
export function parseQuery(text: string): SelectQuery {
  const cursor = new TokenCursor(new Lexer(text));
  const explain = cursor.acceptKeyword('EXPLAIN') !== undefined;
  cursor.expectKeyword('SELECT');
  const top = parseTop(cursor);
  const projection = parseProjection(cursor);
  const fromAt = cursor.expectKeyword('FROM').at;
  const collectionToken = cursor.peek();
  const collection = cursor.acceptKeyword('DIGITALTWINS')
    ? 'DIGITALTWINS'
    : cursor.acceptKeyword('RELATIONSHIPS')
      ? 'RELATIONSHIPS'
      : cursor.fail(['DIGITALTWINS', 'RELATIONSHIPS'], collectionToken);

  // ADT writes `FROM DIGITALTWINS MATCH (…)`, without an alias: the pattern names the twins. JOINs
  // and MATCH don't mix, and relationships are not joined.
  let alias: string | undefined;
  const joins: Join[] = [];
  let match: MatchPattern | undefined;
  let clausesLeft: string[];
  if (collection === 'DIGITALTWINS' && cursor.isKeyword('MATCH')) {
    match = parseMatch(cursor);
    clausesLeft = ['WHERE'];
  } else {
    alias = cursor.acceptAlias();
    if (collection === 'DIGITALTWINS') {
      while (cursor.isKeyword('JOIN')) joins.push(parseJoin(cursor));
      clausesLeft = ['JOIN', 'WHERE'];
    } else {
      clausesLeft = ['WHERE'];
    }
  }

  const where = cursor.acceptKeyword('WHERE') === undefined ? undefined : parseExpression(cursor);
  if (where !== undefined) clausesLeft = [];
  if (cursor.acceptSymbol(';') !== undefined) clausesLeft = [];
  if (!cursor.atEnd()) cursor.fail([...clausesLeft, END_OF_QUERY]);

  return {
    kind: 'select',
    explain,
    ...(top === undefined ? {} : { top }),
    projection,
    from: { collection, ...(alias === undefined ? {} : { alias }), at: fromAt },
    joins,
    ...(match === undefined ? {} : { match }),
    ...(where === undefined ? {} : { where }),
  };
}

/** `TOP(n)`, n a positive integer. */
function parseTop(cursor: TokenCursor): number | undefined {
  if (cursor.acceptKeyword('TOP') === undefined) return undefined;
  cursor.expectSymbol('(');
  const top = cursor.expectInteger(1, Number.MAX_SAFE_INTEGER, 'a positive integer');
  cursor.expectSymbol(')');
  return top;
}

/** `*`, `COUNT()` or `expr [AS alias], …`; leaves the cursor on FROM or fails there. */
function parseProjection(cursor: TokenCursor): Projection {
  if (cursor.acceptSymbol('*')) return { kind: 'all' };
  if (cursor.isKeyword('COUNT') && cursor.isSymbol('(', 1)) {
    cursor.advance();
    cursor.advance();
    cursor.expectSymbol(')');
    return { kind: 'count' };
  }
  const items: ProjectionItem[] = [];
  for (;;) {
    const expr = parseExpression(cursor);
    const alias = cursor.acceptKeyword('AS') === undefined ? undefined : cursor.expectAlias();
    items.push(alias === undefined ? { expr } : { expr, alias });
    if (cursor.acceptSymbol(',') === undefined) {
      if (!cursor.isKeyword('FROM')) cursor.fail(alias === undefined ? ['AS', ',', 'FROM'] : [',', 'FROM']);
      return { kind: 'items', items };
    }
  }
}

/** `JOIN CT RELATED T.contains [[AS] R]` */
function parseJoin(cursor: TokenCursor): Join {
  const at = cursor.expectKeyword('JOIN').at;
  const alias = cursor.expectAlias();
  cursor.expectKeyword('RELATED');
  const source = cursor.expectAlias();
  cursor.expectSymbol('.');
  const relationship = cursor.expectName('a relationship name');
  const relationshipAlias = cursor.acceptAlias();
  return {
    alias,
    source,
    relationship,
    ...(relationshipAlias === undefined ? {} : { relationshipAlias }),
    at,
  };
}
