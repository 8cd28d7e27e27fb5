import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery } from './parser.js';
import { QuerySyntaxError } from './syntax-error.js';
import { bin, call, lit, path, shape } from './ast-test-helpers.js';

function syntaxErrorOf(text: string): QuerySyntaxError {
  try {
    parseQuery(text);
  } catch (error) {
    assert.ok(error instanceof QuerySyntaxError, `not a QuerySyntaxError: ${String(error)}`);
    return error;
  }
  assert.fail(`parsed without error: ${text}`);
}

function assertSyntaxError(
  text: string,
  expected: { line: number; column: number; expected: string[]; found: string; message: string },
): void {
  const error = syntaxErrorOf(text);
  assert.deepEqual(
    { line: error.line, column: error.column, expected: error.expected, found: error.found, message: error.message },
    expected,
  );
  assert.equal(error.code, 'query.syntax');
}

void test('SELECT * FROM DIGITALTWINS, with every position of the FROM clause', () => {
  assert.deepEqual(parseQuery('SELECT * FROM DIGITALTWINS'), {
    kind: 'select',
    explain: false,
    projection: { kind: 'all' },
    from: { collection: 'DIGITALTWINS', at: { line: 1, column: 10, offset: 9 } },
    joins: [],
  });
});

void test('keywords in any case, names as written', () => {
  const query = parseQuery('select * from DigitalTwins t where T.Name = 1;');
  assert.deepEqual(shape(query.from), { collection: 'DIGITALTWINS', alias: 't' });
  assert.deepEqual(shape(query.where), bin('=', path('T', 'Name'), lit(1)));
});

void test('IS_OF_MODEL with one argument, no alias', () => {
  const query = parseQuery("SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('dtmi:example:Room;1')");
  assert.deepEqual(shape(query.where), call('IS_OF_MODEL', lit('dtmi:example:Room;1')));
});

void test('IS_OF_MODEL with exact, AND a comparison', () => {
  const query = parseQuery(
    "SELECT * FROM DIGITALTWINS T WHERE IS_OF_MODEL(T, 'dtmi:example:Room;1', exact) AND T.temperature > 20.5",
  );
  assert.deepEqual(
    shape(query.where),
    bin(
      'AND',
      call('IS_OF_MODEL', path('T'), lit('dtmi:example:Room;1'), { kind: 'keyword', name: 'EXACT' }),
      bin('>', path('T', 'temperature'), lit(20.5)),
    ),
  );
  assert.deepEqual(query.where?.at, { line: 1, column: 36, offset: 35 });
});

void test('TOP, system properties and projection aliases', () => {
  const query = parseQuery(
    "SELECT TOP(5) T.$dtId, T.name AS n FROM DIGITALTWINS T WHERE T.$metadata.$model = 'dtmi:x;1'",
  );
  assert.equal(query.top, 5);
  assert.deepEqual(shape(query.projection), {
    kind: 'items',
    items: [{ expr: path('T', '$dtId') }, { expr: path('T', 'name'), alias: 'n' }],
  });
  assert.deepEqual(shape(query.where), bin('=', path('T', '$metadata', '$model'), lit('dtmi:x;1')));
});

void test('COUNT(), IN a list, OR NOT', () => {
  const query = parseQuery("SELECT COUNT() FROM DIGITALTWINS WHERE $dtId IN ['a', 'b'] OR NOT IS_DEFINED(humidity)");
  assert.deepEqual(query.projection, { kind: 'count' });
  assert.deepEqual(
    shape(query.where),
    bin('OR', bin('IN', path('$dtId'), { kind: 'list', items: [lit('a'), lit('b')] }), {
      kind: 'unary',
      op: 'NOT',
      operand: call('IS_DEFINED', path('humidity')),
    }),
  );
});

void test('one JOIN', () => {
  const query = parseQuery("SELECT T, CT FROM DIGITALTWINS T JOIN CT RELATED T.contains WHERE T.$dtId = 'building-7'");
  assert.deepEqual(query.joins, [
    { alias: 'CT', source: 'T', relationship: 'contains', at: { line: 1, column: 34, offset: 33 } },
  ]);
  assert.deepEqual(shape(query.where), bin('=', path('T', '$dtId'), lit('building-7')));
});

void test('chained JOINs, the last naming its relationship', () => {
  const query = parseQuery(
    'SELECT B, F, R FROM DIGITALTWINS B JOIN F RELATED B.hasFloor JOIN R RELATED F.hasRoom Rel WHERE Rel.since > 3',
  );
  assert.deepEqual(shape(query.joins), [
    { alias: 'F', source: 'B', relationship: 'hasFloor' },
    { alias: 'R', source: 'F', relationship: 'hasRoom', relationshipAlias: 'Rel' },
  ]);
  assert.deepEqual(shape(query.where), bin('>', path('Rel', 'since'), lit(3)));
});

void test('AS before the FROM and relationship aliases', () => {
  const query = parseQuery('SELECT * FROM DIGITALTWINS AS T JOIN C RELATED T.contains AS R');
  assert.equal(query.from.alias, 'T');
  assert.equal(query.joins[0]?.relationshipAlias, 'R');
});

void test('MATCH with a hop range', () => {
  const query = parseQuery(
    "SELECT building, sensor FROM DIGITALTWINS MATCH (building)-[:contains*1..3]->(sensor) WHERE building.$dtId = 'b1'",
  );
  assert.equal(query.from.alias, undefined);
  assert.deepEqual(shape(query.match), {
    nodes: [{ alias: 'building' }, { alias: 'sensor' }],
    edges: [{ names: ['contains'], minHops: 1, maxHops: 3, direction: 'out' }],
  });
  assert.deepEqual(shape(query.where), bin('=', path('building', '$dtId'), lit('b1')));
});

void test('MATCH with an incoming edge, its alias and two names', () => {
  const query = parseQuery('SELECT a, r, b FROM DIGITALTWINS MATCH (a)<-[r:feeds|serves]-(b)');
  assert.deepEqual(query.match, {
    nodes: [
      { alias: 'a', at: { line: 1, column: 40, offset: 39 } },
      { alias: 'b', at: { line: 1, column: 62, offset: 61 } },
    ],
    edges: [
      {
        alias: 'r',
        names: ['feeds', 'serves'],
        minHops: 1,
        maxHops: 1,
        direction: 'in',
        at: { line: 1, column: 43, offset: 42 },
      },
    ],
    at: { line: 1, column: 34, offset: 33 },
  });
});

void test('FROM RELATIONSHIPS', () => {
  const query = parseQuery("SELECT * FROM RELATIONSHIPS R WHERE R.$relationshipName = 'contains'");
  assert.deepEqual(shape(query.from), { collection: 'RELATIONSHIPS', alias: 'R' });
  assert.deepEqual(shape(query.where), bin('=', path('R', '$relationshipName'), lit('contains')));
});

void test('a quoted property name, a string function and arithmetic', () => {
  const query = parseQuery(
    "SELECT T['my prop'] FROM DIGITALTWINS T WHERE STARTSWITH(T.name, 'Pump') AND T.load * 100 >= 80",
  );
  assert.deepEqual(shape(query.projection), { kind: 'items', items: [{ expr: path('T', 'my prop') }] });
  assert.deepEqual(
    shape(query.where),
    bin(
      'AND',
      call('STARTSWITH', path('T', 'name'), lit('Pump')),
      bin('>=', bin('*', path('T', 'load'), lit(100)), lit(80)),
    ),
  );
});

void test('EXPLAIN and a negative number in exponent notation', () => {
  const query = parseQuery('EXPLAIN SELECT * FROM DIGITALTWINS T WHERE T.x = -1.5e3');
  assert.equal(query.explain, true);
  assert.deepEqual(query.where, {
    kind: 'binary',
    op: '=',
    left: { kind: 'path', parts: ['T', 'x'], at: { line: 1, column: 44, offset: 43 } },
    right: { kind: 'literal', value: -1500, at: { line: 1, column: 50, offset: 49 } },
    at: { line: 1, column: 44, offset: 43 },
  });
});

void test('positions over several lines, with \\r\\n line breaks', () => {
  const query = parseQuery('SELECT *\r\n  FROM DIGITALTWINS T\r\n  WHERE T.x = 1');
  assert.deepEqual(query.from.at, { line: 2, column: 3, offset: 12 });
  assert.deepEqual(query.where?.at, { line: 3, column: 9, offset: 41 });
});

void test('a misspelt RELATED', () => {
  assertSyntaxError('SELECT * FROM DIGITALTWINS T JOIN CT RELATE T.x', {
    line: 1,
    column: 38,
    expected: ['RELATED'],
    found: 'RELATE',
    message: 'line 1, column 38: expected "RELATED", found "RELATE"',
  });
});

void test('an error on the second line', () => {
  assertSyntaxError('SELECT *\nFROM TWINS', {
    line: 2,
    column: 6,
    expected: ['DIGITALTWINS', 'RELATIONSHIPS'],
    found: 'TWINS',
    message: 'line 2, column 6: expected "DIGITALTWINS" or "RELATIONSHIPS", found "TWINS"',
  });
});

void test('an unterminated string is reported where it starts', () => {
  assertSyntaxError("SELECT * FROM DIGITALTWINS T\nWHERE T.name = 'Pump", {
    line: 2,
    column: 16,
    expected: ["'"],
    found: 'end of query',
    message: 'line 2, column 16: unterminated string: expected "\'", found end of query',
  });
});

void test('TOP takes a positive integer', () => {
  for (const [text, found] of [
    ['SELECT TOP(0) * FROM DIGITALTWINS', '0'],
    ['SELECT TOP(2.5) * FROM DIGITALTWINS', '2.5'],
    ['SELECT TOP(1e2) * FROM DIGITALTWINS', '1e2'],
  ] as const) {
    assertSyntaxError(text, {
      line: 1,
      column: 12,
      expected: ['a positive integer'],
      found,
      message: `line 1, column 12: expected a positive integer, found "${found}"`,
    });
  }
  assert.equal(parseQuery('SELECT TOP (10) * FROM DIGITALTWINS').top, 10);
});

void test('more than 10 hops', () => {
  assertSyntaxError('SELECT a FROM DIGITALTWINS MATCH (a)-[*1..11]->(b)', {
    line: 1,
    column: 43,
    expected: ['a number of hops from 1 to 10'],
    found: '11',
    message: 'line 1, column 43: expected a number of hops from 1 to 10, found "11"',
  });
});

void test('anything after the query', () => {
  assertSyntaxError("SELECT * FROM DIGITALTWINS T WHERE T.x = 'a' T", {
    line: 1,
    column: 46,
    expected: ['end of query'],
    found: 'T',
    message: 'line 1, column 46: expected end of query, found "T"',
  });
  assertSyntaxError('SELECT * FROM DIGITALTWINS T; WHERE', {
    line: 1,
    column: 31,
    expected: ['end of query'],
    found: 'WHERE',
    message: 'line 1, column 31: expected end of query, found "WHERE"',
  });
});

void test('the clauses that could have come are listed', () => {
  assert.deepEqual(syntaxErrorOf('SELECT * FROM DIGITALTWINS T JION C').expected, ['JOIN', 'WHERE', 'end of query']);
  assert.deepEqual(syntaxErrorOf('SELECT * FROM RELATIONSHIPS R JOIN C').expected, ['WHERE', 'end of query']);
  assert.deepEqual(syntaxErrorOf('SELECT * FROM DIGITALTWINS T MATCH (a)').expected, ['JOIN', 'WHERE', 'end of query']);
  assert.deepEqual(syntaxErrorOf('SELECT T.name n FROM DIGITALTWINS T').expected, ['AS', ',', 'FROM']);
  assert.deepEqual(syntaxErrorOf('SELECT T.name AS n T FROM DIGITALTWINS T').expected, [',', 'FROM']);
  assert.deepEqual(syntaxErrorOf('SELECT * DIGITALTWINS').expected, ['FROM']);
  assert.deepEqual(syntaxErrorOf('').expected, ['SELECT']);
});

void test('reserved words are not aliases', () => {
  const error = syntaxErrorOf('SELECT * FROM DIGITALTWINS AS WHERE');
  assert.deepEqual([error.column, error.expected, error.found], [31, ['an alias'], 'WHERE']);
  assert.deepEqual(syntaxErrorOf('SELECT * FROM DIGITALTWINS T JOIN $x RELATED T.r').expected, ['an alias']);
  assert.deepEqual(syntaxErrorOf('SELECT T.a AS select FROM DIGITALTWINS T').found, 'select');
});

void test('COUNT is only special before ()', () => {
  assert.deepEqual(shape(parseQuery('SELECT count FROM DIGITALTWINS').projection), {
    kind: 'items',
    items: [{ expr: path('count') }],
  });
  assert.deepEqual(syntaxErrorOf('SELECT COUNT(T) FROM DIGITALTWINS T').expected, [')']);
});

void test('a JOIN must name a relationship of an alias', () => {
  assert.deepEqual(syntaxErrorOf('SELECT * FROM DIGITALTWINS T JOIN C RELATED T').expected, ['.']);
  assert.deepEqual(syntaxErrorOf('SELECT * FROM DIGITALTWINS T JOIN C RELATED T.$x').expected, ['a relationship name']);
});
