import { DoppelError } from '@doppel/core';
import type { PendingBatch, TwinGraph } from './twin-graph.js';
import { relationshipKey } from './twin-graph.js';
import { csvLines } from './csv-import.js';

/** Lines per batch: each batch of twins or relationships is stored all or nothing. */
export const IMPORT_BATCH_LINES = 1_000;
/** Errors listed in a report; the counts cover all of them. */
const ERRORS_LISTED_MAX = 1_000;

export interface ImportLineError {
  /** 1-based line of the NDJSON text. */
  readonly line: number;
  readonly code: string;
  readonly message: string;
}

export interface ImportReport {
  readonly models: { readonly added: number; readonly existing: number };
  readonly twins: { readonly written: number; readonly refused: number };
  readonly relationships: { readonly written: number; readonly refused: number };
  /** Batches of which a line failed, so that none of their lines was written. */
  readonly batchesRefused: number;
  readonly errorCount: number;
  readonly errors: readonly ImportLineError[];
}

type Section = 'Header' | 'Models' | 'Twins' | 'Relationships';
/** One line of an import: where it is, what it says, or why it could not be read. */
type ImportLine = { readonly line: number; readonly value: Record<string, unknown>; readonly error?: unknown };
const SECTIONS: readonly Section[] = ['Header', 'Models', 'Twins', 'Relationships'];

/**
 * Imports NDJSON in Azure Digital Twins' import format (what GET /api/v1/graph/export writes):
 * `{"Section": "Header"}`, then `Models` (DTDL interfaces; those already present are kept as
 * they are), `Twins` (`$dtId`, `$metadata.$model`, properties) and `Relationships` (`$dtId` of
 * the source, `$relationshipId`, `$targetId`, `$relationshipName`, properties). Twins and
 * relationships go in batches of IMPORT_BATCH_LINES lines, each validated whole and then stored
 * in one registry transaction: a batch with a bad line stores nothing, and the report names every
 * bad line with its code and message. Later batches still run, so one bad line costs its batch.
 */
export async function importGraph(graph: TwinGraph, text: string): Promise<ImportReport> {
  const report = new ErrorList();
  const fail = (line: number, error: unknown): void => report.add(line, error);

  // Split into sections, keeping line numbers.
  const sections = new Map<Section, { line: number; value: Record<string, unknown> }[]>();
  let section: Section | undefined;
  // A byte-order mark (files saved by Windows tools) is not part of the first line.
  text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .forEach((raw, index) => {
      const line = index + 1;
      if (raw.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        fail(line, new DoppelError('request.invalid', 'not valid JSON'));
        return;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        fail(line, new DoppelError('request.invalid', 'each line must be a JSON object'));
        return;
      }
      const object = value as Record<string, unknown>;
      if (typeof object.Section === 'string') {
        if (!SECTIONS.includes(object.Section as Section)) {
          fail(
            line,
            new DoppelError('request.invalid', `unknown section "${object.Section}"; use ${SECTIONS.join(', ')}`),
          );
          section = undefined;
          return;
        }
        section = object.Section as Section;
        return;
      }
      if (section === undefined) {
        fail(
          line,
          new DoppelError('request.invalid', 'a line before any {"Section": …} line; start with {"Section": "Header"}'),
        );
        return;
      }
      let lines = sections.get(section);
      if (lines === undefined) sections.set(section, (lines = []));
      lines.push({ line, value: object });
    });
  return runImport(graph, sections, report);
}

/**
 * CSV of twins or of relationships (csv-import.ts says the columns), imported in batches like
 * the NDJSON.
 */
export async function importCsv(
  graph: TwinGraph,
  text: string,
  kind: 'twins' | 'relationships',
): Promise<ImportReport> {
  const lines = csvLines(graph, text, kind);
  return runImport(graph, new Map([[kind === 'twins' ? 'Twins' : 'Relationships', lines]]), new ErrorList());
}

async function runImport(
  graph: TwinGraph,
  sections: ReadonlyMap<Section, readonly ImportLine[]>,
  report: ErrorList,
): Promise<ImportReport> {
  const fail = (line: number, error: unknown): void => report.add(line, error);

  let [added, existing] = [0, 0];
  const models = sections.get('Models') ?? [];
  const fresh = models.filter(({ value }) => {
    const known = typeof value['@id'] === 'string' && graph.models.get(value['@id']) !== undefined;
    if (known) existing++;
    return !known;
  });
  if (fresh.length > 0) {
    try {
      added = (await graph.models.add(fresh.map(({ value }) => value))).length;
    } catch (error) {
      // A model set is valid or not as a whole: the error goes on the section's first new line.
      fail((fresh[0] as { line: number }).line, error);
    }
  }

  let batchesRefused = 0;
  const runBatches = async (
    lines: readonly ImportLine[],
    prepare: (value: Record<string, unknown>, batch: PendingBatch) => void,
    commit: (batch: PendingBatch) => Promise<void>,
    size: (batch: PendingBatch) => number,
  ): Promise<{ written: number; refused: number }> => {
    let [written, refused] = [0, 0];
    for (let start = 0; start < lines.length; start += IMPORT_BATCH_LINES) {
      const slice = lines.slice(start, start + IMPORT_BATCH_LINES);
      const batch: PendingBatch = { twins: new Map(), relationships: new Map() };
      const before = report.count;
      for (const { line, value, error: unreadable } of slice) {
        try {
          if (unreadable !== undefined) throw unreadable;
          prepare(value, batch);
        } catch (error) {
          fail(line, error);
        }
      }
      if (report.count > before) {
        refused += slice.length;
        batchesRefused++;
        continue;
      }
      try {
        await commit(batch);
        written += size(batch);
      } catch (error) {
        fail((slice[0] as { line: number }).line, error);
        refused += slice.length;
        batchesRefused++;
      }
    }
    return { written, refused };
  };

  const twins = await runBatches(
    sections.get('Twins') ?? [],
    (value, batch) => {
      const id = value.$dtId;
      if (typeof id !== 'string') throw new DoppelError('twin.invalid', 'a twin line needs "$dtId"');
      batch.twins.set(id, graph.prepareTwin(id, value, {}, batch));
    },
    (batch) => graph.commitTwins([...batch.twins.values()]),
    (batch) => batch.twins.size,
  );
  const relationships = await runBatches(
    sections.get('Relationships') ?? [],
    (value, batch) => {
      const { $dtId: sourceId, $relationshipId: id, ...body } = value;
      if (typeof sourceId !== 'string' || typeof id !== 'string') {
        throw new DoppelError(
          'relationship.invalid',
          'a relationship line needs "$dtId" (its source) and "$relationshipId"',
        );
      }
      const rel = graph.prepareRelationship(sourceId, id, body, {}, batch);
      batch.relationships.set(relationshipKey(sourceId, id), rel);
    },
    (batch) => graph.commitRelationships([...batch.relationships.values()]),
    (batch) => batch.relationships.size,
  );
  return {
    models: { added, existing },
    twins,
    relationships,
    batchesRefused,
    errorCount: report.count,
    errors: report.listed,
  };
}

/** Errors by line: all counted, the first ERRORS_LISTED_MAX listed. */
class ErrorList {
  count = 0;
  readonly listed: ImportLineError[] = [];

  add(line: number, error: unknown): void {
    this.count++;
    if (this.listed.length >= ERRORS_LISTED_MAX) return;
    const { code, message, details } = error as { code?: string; message?: string; details?: { message: string }[] };
    const detail = details?.length ? `: ${details.map((d) => d.message).join('; ')}` : '';
    this.listed.push({ line, code: code ?? 'internal.error', message: `${message ?? String(error)}${detail}` });
  }
}
