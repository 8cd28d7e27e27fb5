import type { Schema } from '@doppel/dtdl';
import { DoppelError } from '@doppel/core';
import type { TwinGraph } from './twin-graph.js';

/**
 * A CSV line as an import line: its 1-based line number and the document it stands for, or why it
 * cannot stand for one (refused with its batch, like any bad line).
 */
export interface CsvLine {
  readonly line: number;
  readonly value: Record<string, unknown>;
  readonly error?: unknown;
}

const TWIN_COLUMNS = ['$dtId', '$model'] as const;
const RELATIONSHIP_COLUMNS = ['$sourceId', '$relationshipId', '$targetId', '$relationshipName'] as const;

/**
 * Twins or relationships from CSV, as the lines of an import (graph-import.ts runs them in
 * batches). The first row names the columns:
 * - twins: `$dtId`, `$model`, then one column per top-level property; a cell is converted by the
 *   property's DTDL schema (numbers, booleans, strings; objects, maps and arrays as JSON), and an
 *   empty cell leaves the property out;
 * - relationships: `$sourceId`, `$relationshipId`, `$targetId`, `$relationshipName`, then its
 *   properties (a cell that reads as a JSON number, boolean or object is one, otherwise a string).
 * A row that cannot be read is returned with its error, to be refused with its batch.
 */
export function csvLines(graph: TwinGraph, text: string, kind: 'twins' | 'relationships'): CsvLine[] {
  const rows = parseCsv(text);
  const header = rows[0];
  const required = kind === 'twins' ? TWIN_COLUMNS : RELATIONSHIP_COLUMNS;
  if (header === undefined || !required.every((column) => header.cells.includes(column))) {
    throw new DoppelError(
      'request.invalid',
      `the first CSV row must name the columns ${required.join(', ')} (then properties)`,
    );
  }
  const lines: CsvLine[] = [];
  for (const row of rows.slice(1)) {
    if (row.cells.every((cell) => cell === '')) continue;
    if (row.cells.length !== header.cells.length) {
      const message = `${row.cells.length} cells, but the header names ${header.cells.length} columns`;
      lines.push({ line: row.line, value: {}, error: new DoppelError('request.invalid', message) });
      continue;
    }
    const cells = new Map(header.cells.map((column, i) => [column, row.cells[i] as string]));
    try {
      lines.push({ line: row.line, value: kind === 'twins' ? twinOf(graph, cells) : relationshipOf(cells) });
    } catch (error) {
      lines.push({ line: row.line, value: {}, error });
    }
  }
  return lines;
}

function twinOf(graph: TwinGraph, cells: Map<string, string>): Record<string, unknown> {
  const modelId = cells.get('$model') as string;
  const properties = graph.models.info(modelId)?.properties;
  const twin: Record<string, unknown> = { $dtId: cells.get('$dtId'), $metadata: { $model: modelId } };
  for (const [column, cell] of cells) {
    if (column.startsWith('$') || cell === '') continue;
    const schema = properties?.get(column)?.schema;
    twin[column] = schema === undefined ? cell : fromCell(cell, schema, column);
  }
  return twin;
}

function relationshipOf(cells: Map<string, string>): Record<string, unknown> {
  const rel: Record<string, unknown> = {
    $dtId: cells.get('$sourceId'),
    $relationshipId: cells.get('$relationshipId'),
    $targetId: cells.get('$targetId'),
    $relationshipName: cells.get('$relationshipName'),
  };
  for (const [column, cell] of cells) {
    if (column.startsWith('$') || cell === '') continue;
    try {
      const parsed: unknown = JSON.parse(cell);
      rel[column] = typeof parsed === 'string' || parsed === null ? cell : parsed;
    } catch {
      rel[column] = cell;
    }
  }
  return rel;
}

const NUMERIC = new Set([
  'double',
  'float',
  'integer',
  'long',
  'byte',
  'short',
  'unsignedByte',
  'unsignedShort',
  'unsignedInteger',
  'unsignedLong',
  'decimal',
]);

/** A cell as the property's schema wants it; a cell that does not fit stays text, for validation to refuse. */
function fromCell(cell: string, schema: Schema, column: string): unknown {
  if (schema.kind === 'primitive') {
    if (NUMERIC.has(schema.name)) {
      const number = Number(cell);
      if (cell.trim() === '' || !Number.isFinite(number)) {
        throw new DoppelError('twin.invalid', `column "${column}": "${cell}" is not a number`);
      }
      return number;
    }
    if (schema.name === 'boolean') {
      if (cell !== 'true' && cell !== 'false')
        throw new DoppelError('twin.invalid', `column "${column}": "${cell}" is not true or false`);
      return cell === 'true';
    }
    return cell;
  }
  if (schema.kind === 'enum') return schema.valueSchema === 'integer' ? Number(cell) : cell;
  try {
    return JSON.parse(cell) as unknown;
  } catch {
    throw new DoppelError('twin.invalid', `column "${column}": a ${schema.kind} is written as JSON in its cell`);
  }
}

/** RFC 4180: comma-separated, double quotes around cells with commas, quotes or line breaks, `""` for a quote. */
export function parseCsv(input: string): { line: number; cells: string[] }[] {
  // Spreadsheets write CSV with a byte-order mark: it is not part of the first header.
  const text = input.replace(/^\uFEFF/, '');
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else {
        if (char === '\n') line++;
        cell += char;
      }
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      rows.push({ line: rowLine, cells });
      [cells, cell] = [[], ''];
      line++;
      rowLine = line;
    } else cell += char;
  }
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    rows.push({ line: rowLine, cells });
  }
  return rows;
}
