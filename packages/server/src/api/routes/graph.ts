import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { DoppelError } from '@doppel/core';
import type { ImportReport } from '../../graph/graph-import.js';
import { importCsv, importGraph } from '../../graph/graph-import.js';
import type { TwinGraph } from '../../graph/twin-graph.js';
import type { PlatformServices } from '../../services.js';

/** The largest import body: about a million twins and relationships. */
const IMPORT_BODY_BYTES_MAX = 512 * 1_048_576;

/** Lines per chunk handed to the socket: large enough to be cheap, small enough not to hold up ingest. */
const LINES_PER_CHUNK = 1_000;

/**
 * `POST /api/v1/graph/import` (graph-import.ts) and `GET /api/v1/graph/export`: the whole graph as NDJSON in Azure Digital Twins' import format
 * (sections Header, Models, Twins, Relationships), streamed, so that a portfolio moves between
 * Doppel instances or to and from ADT's import jobs. Twins carry their stored properties (live
 * values are state, not graph: they come back from the devices).
 */
export function registerGraphRoutes(api: FastifyInstance, services: PlatformServices): void {
  // The import takes the NDJSON the export writes, as text, up to IMPORT_BODY_BYTES_MAX.
  for (const type of ['application/x-ndjson', 'text/csv']) {
    api.addContentTypeParser(type, { parseAs: 'string', bodyLimit: IMPORT_BODY_BYTES_MAX }, (_request, body, done) =>
      done(null, body),
    );
  }
  api.post('/graph/import', { bodyLimit: IMPORT_BODY_BYTES_MAX }, async (request): Promise<ImportReport> => {
    if (typeof request.body !== 'string') {
      throw new DoppelError(
        'request.unsupported-media-type',
        'send the graph as application/x-ndjson, or twins or relationships as text/csv',
        { details: [{ message: `got ${request.headers['content-type'] ?? 'no content type'}` }] },
      );
    }
    if (!(request.headers['content-type'] ?? '').startsWith('text/csv'))
      return importGraph(services.graph, request.body);
    const { kind } = request.query as { kind?: string };
    if (kind !== 'twins' && kind !== 'relationships') {
      throw new DoppelError('request.invalid', 'say what the CSV holds: ?kind=twins or ?kind=relationships', {
        details: [{ pointer: 'kind', message: `got ${kind ?? 'nothing'}` }],
      });
    }
    return importCsv(services.graph, request.body, kind);
  });

  api.get('/graph/export', async (_request, reply) =>
    reply
      .type('application/x-ndjson')
      .header('content-disposition', 'attachment; filename="doppel-graph.ndjson"')
      .send(Readable.from(chunks(graphLines(services.graph)))),
  );
}

function* graphLines(graph: TwinGraph): Generator<unknown> {
  yield { Section: 'Header' };
  yield { fileVersion: '1.0.0', author: 'doppel', organization: '' };
  yield { Section: 'Models' };
  for (const model of graph.models.list()) yield model.document;
  yield { Section: 'Twins' };
  for (const id of graph.twinIds()) {
    const twin = graph.getTwin(id);
    if (twin !== undefined) yield { $dtId: twin.id, $metadata: { $model: twin.modelId }, ...twin.properties };
  }
  yield { Section: 'Relationships' };
  for (const rel of graph.relationships()) {
    yield {
      $dtId: rel.sourceId,
      $relationshipId: rel.id,
      $targetId: rel.targetId,
      $relationshipName: rel.name,
      ...rel.properties,
    };
  }
}

function* chunks(lines: Iterable<unknown>): Generator<string> {
  let chunk = '';
  let count = 0;
  for (const line of lines) {
    chunk += `${JSON.stringify(line)}\n`;
    if (++count === LINES_PER_CHUNK) {
      yield chunk;
      [chunk, count] = ['', 0];
    }
  }
  if (chunk !== '') yield chunk;
}
