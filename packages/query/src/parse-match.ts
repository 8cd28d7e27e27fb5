/**
 * The MATCH clause of ADT queries: `MATCH (a)-[r:rel1|rel2*1..3]->(b)-[:x]-(c)<-[:y]-(d)`, a chain
 * of nodes joined by edges. Arrows are read from single-character tokens (`-` `>`, `<` `-`): see
 * the lexer's SYMBOLS for why.
 */
import type { MatchEdge, MatchNode, MatchPattern } from './ast.js';
import type { TokenCursor } from './token-cursor.js';

/** ADT's limit on the hops of one edge (`*..10`); more is a syntax error there and here. */
export const MATCH_HOPS_MAX = 10;

/** Expects the MATCH keyword at the cursor. */
export function parseMatch(cursor: TokenCursor): MatchPattern {
  const at = cursor.expectKeyword('MATCH').at;
  // ADT also allows a lone `MATCH (a)`: no relationship condition at all.
  const nodes: MatchNode[] = [parseNode(cursor)];
  const edges: MatchEdge[] = [];
  while (cursor.isSymbol('-') || cursor.isSymbol('<')) {
    edges.push(parseEdge(cursor));
    nodes.push(parseNode(cursor));
  }
  return { nodes, edges, at };
}

function parseNode(cursor: TokenCursor): MatchNode {
  const at = cursor.expectSymbol('(').at;
  const alias = cursor.expectAlias();
  cursor.expectSymbol(')');
  return { alias, at };
}

/** `-[…]->` out, `<-[…]-` in, `-[…]-` either way. */
function parseEdge(cursor: TokenCursor): MatchEdge {
  const at = cursor.peek().at;
  const incoming = cursor.acceptSymbol('<') !== undefined;
  cursor.expectSymbol('-');
  cursor.expectSymbol('[');
  const alias = cursor.acceptBareAlias();
  const names: string[] = [];
  if (cursor.acceptSymbol(':')) {
    do names.push(cursor.expectName('a relationship name'));
    while (cursor.acceptSymbol('|'));
  }
  const hops = parseHops(cursor);
  cursor.expectSymbol(']', [...(names.length === 0 ? [':'] : ['|']), ...(hops === undefined ? ['*'] : [])]);
  cursor.expectSymbol('-');
  const direction = incoming ? 'in' : cursor.acceptSymbol('>') !== undefined ? 'out' : 'any';
  return {
    ...(alias === undefined ? {} : { alias }),
    names,
    minHops: hops?.min ?? 1,
    maxHops: hops?.max ?? 1,
    direction,
    at,
  };
}

/** `*n` is n..n, `*n..m`, `*..m` is 1..m; no `*` (undefined here) is 1..1. Bounds are 1 to MATCH_HOPS_MAX. */
function parseHops(cursor: TokenCursor): { min: number; max: number } | undefined {
  if (cursor.acceptSymbol('*') === undefined) return undefined;
  const range = `a number of hops from 1 to ${MATCH_HOPS_MAX}`;
  if (cursor.acceptSymbol('..')) return { min: 1, max: cursor.expectInteger(1, MATCH_HOPS_MAX, range) };
  const min = cursor.expectInteger(1, MATCH_HOPS_MAX, range, ['..']);
  if (cursor.acceptSymbol('..') === undefined) return { min, max: min };
  // The upper bound must not be below the lower one: `*3..2` reads "expected … from 3 to 10".
  const max = cursor.expectInteger(min, MATCH_HOPS_MAX, `a number of hops from ${min} to ${MATCH_HOPS_MAX}`);
  return { min, max };
}
