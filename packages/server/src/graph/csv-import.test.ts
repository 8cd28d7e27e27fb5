import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseCsv } from './csv-import.js';

void it('reads RFC 4180 CSV: quoted commas, quotes, line breaks, CRLF, and the line each row starts on', () => {
  const text = '$dtId,name,note\r\np1,"Pump, main","say ""hi"""\r\np2,"two\nlines",\np3,x,y';
  assert.deepEqual(parseCsv(text), [
    { line: 1, cells: ['$dtId', 'name', 'note'] },
    { line: 2, cells: ['p1', 'Pump, main', 'say "hi"'] },
    { line: 3, cells: ['p2', 'two\nlines', ''] },
    { line: 5, cells: ['p3', 'x', 'y'] },
  ]);
});

void it('ignores the byte-order mark a spreadsheet writes before the first header', () => {
  assert.deepEqual(parseCsv('\uFEFF$dtId,name\np1,Pump'), [
    { line: 1, cells: ['$dtId', 'name'] },
    { line: 2, cells: ['p1', 'Pump'] },
  ]);
});
