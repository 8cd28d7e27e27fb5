/**
 * Expressions, by recursive descent. Precedence, lowest first: OR, AND, NOT (prefix), comparison
 * (`= != <> < <= > >= IN NIN`, not chained: `a = b = c` is an error), `+ -`, `* / %`, unary `-`,
 * then primaries: literals, lists, `( … )`, calls and paths. Binary operators group to the left.
 */
import type { BinaryOp, Expr, Literal, Position } from './ast.js';
import type { SymbolText, Token } from './lexer.js';
import { isReservedWord } from './token-cursor.js';
import type { TokenCursor } from './token-cursor.js';

/**
 * How deep brackets, lists, call arguments, NOTs and minus signs may nest. Each level costs a few
 * stack frames here and in every tree walk after; a bound turns a would-be stack overflow into a
 * syntax error. No real query comes close.
 */
export const EXPRESSION_NESTING_MAX = 100;

const COMPARISONS: ReadonlyMap<SymbolText, BinaryOp> = new Map<SymbolText, BinaryOp>([
  ['=', '='],
  ['!=', '!='],
  ['<>', '!='], // SQL's spelling of !=
  ['<', '<'],
  ['<=', '<='],
  ['>', '>'],
  ['>=', '>='],
]);
const ADDITIVE: ReadonlyMap<SymbolText, BinaryOp> = new Map<SymbolText, BinaryOp>([
  ['+', '+'],
  ['-', '-'],
]);
const MULTIPLICATIVE: ReadonlyMap<SymbolText, BinaryOp> = new Map<SymbolText, BinaryOp>([
  ['*', '*'],
  ['/', '/'],
  ['%', '%'],
]);

/** `depth` is how deeply this expression sits inside others. */
export function parseExpression(cursor: TokenCursor, depth = 0): Expr {
  checkDepth(cursor, depth);
  return parseOr(cursor, depth);
}

function checkDepth(cursor: TokenCursor, depth: number): void {
  if (depth > EXPRESSION_NESTING_MAX) cursor.fail([`at most ${EXPRESSION_NESTING_MAX} levels of nesting`]);
}

function parseOr(cursor: TokenCursor, depth: number): Expr {
  let left = parseAnd(cursor, depth);
  while (cursor.acceptKeyword('OR')) left = binary('OR', left, parseAnd(cursor, depth));
  return left;
}

function parseAnd(cursor: TokenCursor, depth: number): Expr {
  let left = parseNot(cursor, depth);
  while (cursor.acceptKeyword('AND')) left = binary('AND', left, parseNot(cursor, depth));
  return left;
}

/** `NOT NOT x` is read in a loop, not by recursion, but still counts towards the nesting bound. */
function parseNot(cursor: TokenCursor, depth: number): Expr {
  const nots: Token[] = [];
  for (let not = cursor.acceptKeyword('NOT'); not !== undefined; not = cursor.acceptKeyword('NOT')) {
    nots.push(not);
    checkDepth(cursor, depth + nots.length);
  }
  let operand = parseComparison(cursor, depth + nots.length);
  for (const not of nots.reverse()) operand = { kind: 'unary', op: 'NOT', operand, at: not.at };
  return operand;
}

function parseComparison(cursor: TokenCursor, depth: number): Expr {
  const left = parseAdditive(cursor, depth);
  const token = cursor.peek();
  const op = token.kind === 'symbol' ? COMPARISONS.get(token.text) : undefined;
  if (op !== undefined) {
    cursor.advance();
    return binary(op, left, parseAdditive(cursor, depth));
  }
  const listOp = cursor.isKeyword('IN') ? 'IN' : cursor.isKeyword('NIN') ? 'NIN' : undefined;
  if (listOp === undefined) return left;
  cursor.advance();
  // ADT takes a literal list only: `IN ['a', 'b']`.
  if (!cursor.isSymbol('[')) cursor.fail(['[']);
  return binary(listOp, left, parseList(cursor, depth));
}

function parseAdditive(cursor: TokenCursor, depth: number): Expr {
  let left = parseMultiplicative(cursor, depth);
  for (let op = symbolOp(cursor, ADDITIVE); op !== undefined; op = symbolOp(cursor, ADDITIVE)) {
    left = binary(op, left, parseMultiplicative(cursor, depth));
  }
  return left;
}

function parseMultiplicative(cursor: TokenCursor, depth: number): Expr {
  let left = parseUnary(cursor, depth);
  for (let op = symbolOp(cursor, MULTIPLICATIVE); op !== undefined; op = symbolOp(cursor, MULTIPLICATIVE)) {
    left = binary(op, left, parseUnary(cursor, depth));
  }
  return left;
}

/** Consumes the current token if it is one of `ops` and returns its operator. */
function symbolOp(cursor: TokenCursor, ops: ReadonlyMap<SymbolText, BinaryOp>): BinaryOp | undefined {
  const token = cursor.peek();
  const op = token.kind === 'symbol' ? ops.get(token.text) : undefined;
  if (op !== undefined) cursor.advance();
  return op;
}

/**
 * A minus sign right before a number is folded into a negative literal (`-1.5e3` is the literal
 * -1500), so planners compare `T.x = -1` against a literal like `T.x = 1`. Any other operand
 * keeps a unary node.
 */
function parseUnary(cursor: TokenCursor, depth: number): Expr {
  const minus = cursor.acceptSymbol('-');
  if (minus === undefined) return parsePrimary(cursor, depth);
  checkDepth(cursor, depth + 1);
  const next = cursor.peek();
  if (next.kind === 'number') {
    cursor.advance();
    return literal(-next.value, minus.at);
  }
  return { kind: 'unary', op: '-', operand: parseUnary(cursor, depth + 1), at: minus.at };
}

function parsePrimary(cursor: TokenCursor, depth: number): Expr {
  const token = cursor.peek();
  switch (token.kind) {
    case 'string':
    case 'number':
      cursor.advance();
      return literal(token.value, token.at);
    case 'symbol':
      if (token.text === '[') return parseList(cursor, depth);
      if (token.text === '(') {
        cursor.advance();
        const inner = parseExpression(cursor, depth + 1);
        cursor.expectSymbol(')');
        return inner;
      }
      break;
    case 'word':
      return parseWord(cursor, token, depth);
    case 'unknown':
    case 'end':
      break;
  }
  return cursor.fail(['an expression']);
}

const WORD_LITERALS: ReadonlyMap<string, Literal> = new Map<string, Literal>([
  ['TRUE', true],
  ['FALSE', false],
  ['NULL', null],
]);

function parseWord(cursor: TokenCursor, token: Token, depth: number): Expr {
  const upper = token.text.toUpperCase();
  if (WORD_LITERALS.has(upper)) {
    cursor.advance();
    return literal(WORD_LITERALS.get(upper) ?? null, token.at);
  }
  if (isReservedWord(token)) return cursor.fail(['an expression']);
  // Any name followed by `(` is a call; which functions exist is the planner's business.
  if (!token.text.startsWith('$') && cursor.isSymbol('(', 1)) return parseCall(cursor, depth);
  return parsePath(cursor);
}

/** `NAME(args…)`, the name upper-cased: `startsWith(x, 'a')` is STARTSWITH. */
function parseCall(cursor: TokenCursor, depth: number): Expr {
  const name = cursor.advance();
  cursor.advance(); // `(`
  const args: Expr[] = [];
  if (!cursor.acceptSymbol(')')) {
    do args.push(parseArgument(cursor, depth));
    while (cursor.acceptSymbol(','));
    cursor.expectSymbol(')', [',']);
  }
  return { kind: 'call', name: name.text.toUpperCase(), args, at: name.at };
}

/** A bare `exact` argument is the keyword of `IS_OF_MODEL(T, 'dtmi:…;1', exact)`; `exact.x` is a path. */
function parseArgument(cursor: TokenCursor, depth: number): Expr {
  const token = cursor.peek();
  if (cursor.isKeyword('EXACT') && (cursor.isSymbol(',', 1) || cursor.isSymbol(')', 1))) {
    cursor.advance();
    return { kind: 'keyword', name: 'EXACT', at: token.at };
  }
  return parseExpression(cursor, depth + 1);
}

/** `[a, b, …]`, possibly empty. */
function parseList(cursor: TokenCursor, depth: number): Expr {
  const at = cursor.expectSymbol('[').at;
  const items: Expr[] = [];
  if (!cursor.acceptSymbol(']')) {
    do items.push(parseExpression(cursor, depth + 1));
    while (cursor.acceptSymbol(','));
    cursor.expectSymbol(']', [',']);
  }
  return { kind: 'list', items, at };
}

/** `T`, `$dtId`, `T.$metadata.$model`, `T['my prop'].unit`: after a dot any word is a name, keywords too. */
function parsePath(cursor: TokenCursor): Expr {
  const first = cursor.advance();
  const parts = [first.text];
  for (;;) {
    if (cursor.acceptSymbol('.')) {
      const name = cursor.peek();
      if (name.kind !== 'word') return cursor.fail(['a property name']);
      cursor.advance();
      parts.push(name.text);
    } else if (cursor.acceptSymbol('[')) {
      const name = cursor.peek();
      if (name.kind !== 'string') return cursor.fail(['a quoted property name']);
      cursor.advance();
      parts.push(name.value);
      cursor.expectSymbol(']');
    } else {
      return { kind: 'path', parts, at: first.at };
    }
  }
}

function literal(value: Literal, at: Position): Expr {
  return { kind: 'literal', value, at };
}

function binary(op: BinaryOp, left: Expr, right: Expr): Expr {
  return { kind: 'binary', op, left, right, at: left.at };
}
