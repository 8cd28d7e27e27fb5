import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorExcerpt, errorPosition, errorWithoutPosition, offsetOfPosition } from './error-position';

void describe('errorPosition', () => {
  test('reads the line and column the platform puts first', () => {
    const message = 'line 2, column 37: expected "RELATED", found "RELATE"';
    assert.deepEqual(errorPosition(message), { line: 2, column: 37 });
    assert.equal(errorWithoutPosition(message), 'expected "RELATED", found "RELATE"');
  });

  test('gives null for messages without a position', () => {
    assert.equal(errorPosition('the query took longer than 2 s'), null);
    assert.equal(errorWithoutPosition('the query took longer than 2 s'), 'the query took longer than 2 s');
  });
});

void describe('offsetOfPosition', () => {
  test('counts \\n, \\r\\n and lone \\r as line breaks', () => {
    assert.equal(offsetOfPosition('SELECT *\nFROM X', { line: 2, column: 6 }), 14);
    assert.equal(offsetOfPosition('SELECT *\r\nFROM X', { line: 2, column: 1 }), 10);
    assert.equal(offsetOfPosition('a\rbc', { line: 2, column: 2 }), 3);
  });

  test('clamps positions past the end', () => {
    assert.equal(offsetOfPosition('abc', { line: 1, column: 9 }), 3);
    assert.equal(offsetOfPosition('abc', { line: 5, column: 1 }), 0);
  });
});

void describe('errorExcerpt', () => {
  test('puts the caret under the column on its line', () => {
    const text = 'SELECT T\nFROM DIGITALTWINS T JOIN X RELATE T.contains';
    assert.deepEqual(errorExcerpt(text, { line: 2, column: 29 }), {
      text: 'FROM DIGITALTWINS T JOIN X RELATE T.contains',
      caret: 28,
    });
  });

  test('allows the caret just past the end (end of query)', () => {
    assert.deepEqual(errorExcerpt('SELECT', { line: 1, column: 7 }), { text: 'SELECT', caret: 6 });
  });

  test('cuts long lines around the column', () => {
    const line = `${'a'.repeat(100)}X${'b'.repeat(100)}`;
    const excerpt = errorExcerpt(line, { line: 1, column: 101 }, 20);
    assert.equal(excerpt.text, `…${'a'.repeat(10)}X${'b'.repeat(9)}…`);
    assert.equal(excerpt.text[excerpt.caret], 'X');
  });
});
