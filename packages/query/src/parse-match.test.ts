import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MatchPattern } from './ast.js';
import { MATCH_HOPS_MAX } from './parse-match.js';
import { parseQuery } from './parser.js';
import { QuerySyntaxError } from './syntax-error.js';

/** The pattern without positions. */
function shapeOf(pattern: string): { nodes: string[]; edges: object[] } {
  const match = matchOf(pattern);
  return {
    nodes: match.nodes.map((node) => node.alias),
    edges: match.edges.map(({ at: _at, ...edge }) => edge),
  };
}

function matchOf(pattern: string): MatchPattern {
  const match = parseQuery(`SELECT * FROM DIGITALTWINS MATCH ${pattern}`).match;
  assert.ok(match !== undefined);
  return match;
}

function errorOf(pattern: string): QuerySyntaxError {
  try {
    matchOf(pattern);
  } catch (error) {
    assert.ok(error instanceof QuerySyntaxError, `not a QuerySyntaxError: ${String(error)}`);
    return error;
  }
  assert.fail(`parsed without error: ${pattern}`);
}

/** Column of the pattern's text in `matchOf`'s query. */
const START = 'SELECT * FROM DIGITALTWINS MATCH '.length + 1;

const edge = (direction: string, names: string[] = [], minHops = 1, maxHops = 1) => ({
  names,
  minHops,
  maxHops,
  direction,
});

void test('a chain in all three directions', () => {
  assert.deepEqual(shapeOf('(a)-[r:rel1|rel2*1..3]->(b)-[:x]-(c)<-[:y]-(d)'), {
    nodes: ['a', 'b', 'c', 'd'],
    edges: [{ alias: 'r', ...edge('out', ['rel1', 'rel2'], 1, 3) }, edge('any', ['x']), edge('in', ['y'])],
  });
});

void test('hops: none is 1..1, *n is n..n, *..m starts at 1', () => {
  assert.deepEqual(shapeOf('(a)-[:x]->(b)').edges, [edge('out', ['x'])]);
  assert.deepEqual(shapeOf('(a)-[*3]->(b)').edges, [edge('out', [], 3, 3)]);
  assert.deepEqual(shapeOf('(a)-[*..5]-(b)').edges, [edge('any', [], 1, 5)]);
  assert.deepEqual(shapeOf(`(a)-[r*2..${MATCH_HOPS_MAX}]->(b)`).edges, [{ alias: 'r', ...edge('out', [], 2, 10) }]);
  assert.deepEqual(shapeOf('(a)-[]-(b)').edges, [edge('any')]);
});

void test('a lone node, as ADT allows', () => {
  assert.deepEqual(shapeOf('(a)'), { nodes: ['a'], edges: [] });
});

void test('spaces inside the arrows are allowed', () => {
  assert.deepEqual(shapeOf('( a ) - [ r : x ] - > ( b ) < - [ : y ] - ( c )'), {
    nodes: ['a', 'b', 'c'],
    edges: [{ alias: 'r', ...edge('out', ['x']) }, edge('in', ['y'])],
  });
});

void test('positions: the pattern at MATCH, a node at (, an edge at its first - or <', () => {
  const match = matchOf('(a)<-[:x]-(b)-[:y]->(c)');
  assert.equal(match.at.column, START - 'MATCH '.length);
  assert.deepEqual(
    match.nodes.map((node) => node.at.column - START),
    [0, 10, 20],
  );
  assert.deepEqual(
    match.edges.map((node) => node.at.column - START),
    [3, 13],
  );
});

void test('hop counts above the ADT limit or below the minimum', () => {
  const tooMany = errorOf('(a)-[*1..11]->(b)');
  assert.deepEqual(
    [tooMany.column, tooMany.expected, tooMany.found],
    [START + 9, ['a number of hops from 1 to 10'], '11'],
  );
  assert.deepEqual(errorOf('(a)-[*11]->(b)').expected, ['..', 'a number of hops from 1 to 10']);
  assert.deepEqual(errorOf('(a)-[*..11]->(b)').expected, ['a number of hops from 1 to 10']);
  assert.deepEqual(errorOf('(a)-[*0..2]->(b)').found, '0');
  const reversed = errorOf('(a)-[*3..2]->(b)');
  assert.deepEqual(
    [reversed.column, reversed.expected, reversed.found],
    [START + 9, ['a number of hops from 3 to 10'], '2'],
  );
  assert.match(reversed.message, /expected a number of hops from 3 to 10, found "2"$/);
  assert.deepEqual(errorOf('(a)-[*]->(b)').expected, ['..', 'a number of hops from 1 to 10']);
  assert.deepEqual(errorOf('(a)-[*1.5]->(b)').found, '1.5');
});

void test('malformed patterns say what was expected', () => {
  assert.deepEqual(errorOf('a').expected, ['(']);
  assert.deepEqual(errorOf('()').expected, ['an alias']);
  assert.deepEqual(errorOf('(a)-(b)').expected, ['[']);
  assert.deepEqual(errorOf('(a)-[r x]->(b)').expected, [':', '*', ']']);
  assert.deepEqual(errorOf('(a)-[:x y]->(b)').expected, ['|', '*', ']']);
  assert.deepEqual(errorOf('(a)-[:]->(b)').expected, ['a relationship name']);
  assert.deepEqual(errorOf('(a)-[:x]>(b)').expected, ['-']);
  assert.deepEqual(errorOf('(a)<-[:x]->(b)').expected, ['(']);
  assert.deepEqual(errorOf('(a)-[:x]->').expected, ['(']);
});

void test('MATCH excludes an aliased FROM, JOIN and RELATIONSHIPS', () => {
  const parse = (text: string) => () => parseQuery(text);
  assert.throws(parse('SELECT * FROM DIGITALTWINS T MATCH (a)'), QuerySyntaxError);
  assert.throws(parse('SELECT * FROM DIGITALTWINS MATCH (a) JOIN b RELATED a.x'), /expected "WHERE" or end of query/);
  assert.throws(parse('SELECT * FROM RELATIONSHIPS MATCH (a)'), QuerySyntaxError);
});
