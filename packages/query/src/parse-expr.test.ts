import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Expr } from './ast.js';
import { EXPRESSION_NESTING_MAX } from './parse-expr.js';
import { parseQuery } from './parser.js';
import { QuerySyntaxError } from './syntax-error.js';
import { bin, lit, not, path, shape } from './ast-test-helpers.js';

function whereOf(condition: string): Expr | undefined {
  return parseQuery(`SELECT * FROM DIGITALTWINS WHERE ${condition}`).where;
}

function errorOf(condition: string): QuerySyntaxError {
  try {
    whereOf(condition);
  } catch (error) {
    assert.ok(error instanceof QuerySyntaxError, `not a QuerySyntaxError: ${String(error)}`);
    return error;
  }
  assert.fail(`parsed without error: ${condition}`);
}

/** Column of the condition's text in `whereOf`'s query. */
const START = 'SELECT * FROM DIGITALTWINS WHERE '.length + 1;

void test('OR binds looser than AND, AND looser than NOT', () => {
  assert.deepEqual(shape(whereOf('a OR b AND NOT c')), bin('OR', path('a'), bin('AND', path('b'), not(path('c')))));
  assert.deepEqual(shape(whereOf('NOT a = 1')), not(bin('=', path('a'), lit(1))));
  assert.deepEqual(shape(whereOf('NOT NOT a')), not(not(path('a'))));
});

void test('arithmetic: * before +, left to right, unary minus tightest', () => {
  assert.deepEqual(
    shape(whereOf('a + b * c - d % 2 > 0')),
    bin('>', bin('-', bin('+', path('a'), bin('*', path('b'), path('c'))), bin('%', path('d'), lit(2))), lit(0)),
  );
  assert.deepEqual(
    shape(whereOf('a / -b = 2 - -3')),
    bin('=', bin('/', path('a'), { kind: 'unary', op: '-', operand: path('b') }), bin('-', lit(2), lit(-3))),
  );
  assert.deepEqual(
    shape(whereOf('(a + b) * c = 1')),
    bin('=', bin('*', bin('+', path('a'), path('b')), path('c')), lit(1)),
  );
});

void test('every comparison operator; <> is !=', () => {
  for (const [written, op] of [
    ['=', '='],
    ['!=', '!='],
    ['<>', '!='],
    ['<', '<'],
    ['<=', '<='],
    ['>', '>'],
    ['>=', '>='],
  ] as const) {
    assert.deepEqual(shape(whereOf(`x ${written} 1`)), bin(op, path('x'), lit(1)));
  }
  assert.deepEqual(shape(whereOf('x<-1')), bin('<', path('x'), lit(-1)));
});

void test('IN and NIN take a list, which may be empty', () => {
  assert.deepEqual(
    shape(whereOf("x nin ['a', 1, null]")),
    bin('NIN', path('x'), { kind: 'list', items: [lit('a'), lit(1), lit(null)] }),
  );
  assert.deepEqual(shape(whereOf('x IN []')), bin('IN', path('x'), { kind: 'list', items: [] }));
  const error = errorOf("x IN 'a'");
  assert.deepEqual([error.column, error.expected, error.found], [START + 5, ['['], "'a'"]);
});

void test('comparisons do not chain', () => {
  const error = errorOf('a = b = c');
  assert.deepEqual([error.column, error.expected], [START + 6, ['end of query']]);
});

void test('literals: strings, numbers, booleans and null in any case', () => {
  assert.deepEqual(
    shape(whereOf('x = TRUE OR x = false OR x = Null')),
    bin(
      'OR',
      bin('OR', bin('=', path('x'), lit(true)), bin('=', path('x'), lit(false))),
      bin('=', path('x'), lit(null)),
    ),
  );
  for (const [written, value] of [
    ['42', 42],
    ['0.25', 0.25],
    ['1e3', 1000],
    ['2E-2', 0.02],
    ['1.5e+2', 150],
  ] as const) {
    assert.deepEqual(shape(whereOf(`x = ${written}`)), bin('=', path('x'), lit(value)));
  }
});

void test('string escapes and doubled quotes', () => {
  const value = (condition: string) => {
    const where = whereOf(condition);
    assert.ok(where?.kind === 'binary' && where.right.kind === 'literal');
    return where.right.value;
  };
  assert.equal(value(String.raw`x = 'it\'s \"a\" \\ \n\t'`), 'it\'s "a" \\ \n\t');
  assert.equal(value("x = 'it''s'"), "it's");
  assert.equal(value('x = "say ""hi"" it\'s"'), 'say "hi" it\'s');
  assert.equal(value("x = 'two\nlines'"), 'two\nlines');
  const error = errorOf(String.raw`x = 'a\qb'`);
  assert.deepEqual([error.column, error.found], [START + 6, '\\q']);
  assert.match(error.message, /unknown escape: expected "\\\\", "\\'", .* found "\\q"$/);
});

void test('paths: system names, quoted names, keywords after a dot', () => {
  assert.deepEqual(
    shape(whereOf("T.$metadata['my prop'].lastUpdateTime = 1")),
    bin('=', path('T', '$metadata', 'my prop', 'lastUpdateTime'), lit(1)),
  );
  assert.deepEqual(shape(whereOf('T.from = T.select')), bin('=', path('T', 'from'), path('T', 'select')));
  assert.deepEqual(shape(whereOf('exact = 1')), bin('=', path('exact'), lit(1)));
  assert.deepEqual(errorOf('T. = 1').expected, ['a property name']);
  assert.deepEqual(errorOf('T[1] = 1').expected, ['a quoted property name']);
});

void test('calls: any name before (, upper-cased, zero or more arguments', () => {
  assert.deepEqual(
    shape(whereOf('is_defined(T.x) AND foo() AND endsWith(a, "b")')),
    bin(
      'AND',
      bin('AND', { kind: 'call', name: 'IS_DEFINED', args: [path('T', 'x')] }, { kind: 'call', name: 'FOO', args: [] }),
      { kind: 'call', name: 'ENDSWITH', args: [path('a'), lit('b')] },
    ),
  );
});

void test('exact is a keyword only as a whole argument', () => {
  assert.deepEqual(shape(whereOf("IS_OF_MODEL('dtmi:a;1', EXACT)")), {
    kind: 'call',
    name: 'IS_OF_MODEL',
    args: [lit('dtmi:a;1'), { kind: 'keyword', name: 'EXACT' }],
  });
  assert.deepEqual(shape(whereOf('F(exact.x, exact = 1)')), {
    kind: 'call',
    name: 'F',
    args: [path('exact', 'x'), bin('=', path('exact'), lit(1))],
  });
});

void test('positions: a binary node starts at its left operand, a unary at its operator', () => {
  const where = whereOf('(a) = 1 AND NOT -b');
  assert.ok(where?.kind === 'binary' && where.right.kind === 'unary' && where.right.operand.kind === 'unary');
  assert.equal(where.at.column, START + 1);
  assert.equal(where.left.at.column, START + 1);
  assert.equal(where.right.at.column, START + 12);
  assert.equal(where.right.operand.at.column, START + 16);
});

void test('what was expected where an expression is missing', () => {
  assert.deepEqual([errorOf('').expected, errorOf('').found], [['an expression'], 'end of query']);
  assert.deepEqual(errorOf('a = WHERE').expected, ['an expression']);
  assert.deepEqual(errorOf('(a = 1').expected, [')']);
  assert.deepEqual(errorOf('F(a b)').expected, [',', ')']);
  assert.deepEqual(errorOf('x IN [1 2]').expected, [',', ']']);
  const unknown = errorOf('x = #');
  assert.deepEqual([unknown.column, unknown.expected, unknown.found], [START + 4, ['an expression'], '#']);
});

void test(`nesting is bounded at ${EXPRESSION_NESTING_MAX} levels`, () => {
  const depth = EXPRESSION_NESTING_MAX;
  assert.ok(whereOf(`${'('.repeat(depth)}x${')'.repeat(depth)} = 1`));
  assert.ok(whereOf(`${'NOT '.repeat(depth)}x`));
  for (const condition of [
    `${'('.repeat(depth + 1)}x${')'.repeat(depth + 1)} = 1`,
    `${'NOT '.repeat(depth + 1)}x`,
    `x = ${'- '.repeat(depth + 1)}y`,
    `x IN ${'['.repeat(depth + 1)}1${']'.repeat(depth + 1)}`,
    `${'F('.repeat(depth + 1)}x${')'.repeat(depth + 1)}`,
  ]) {
    assert.deepEqual(errorOf(condition).expected, [`at most ${depth} levels of nesting`], condition);
  }
  // Far past the bound is still a syntax error, not a stack overflow.
  assert.ok(errorOf(`${'('.repeat(100_000)}x`) instanceof QuerySyntaxError);
});
