import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { DoppelError, isErrorCode } from '@doppel/core';
import type { Aggregation, HistoryStore, SeriesSelector } from '../../history/history-store.js';
import type { PlatformServices } from '../../services.js';
import { parseAggregation, parseStep, parseTime } from '../history-params.js';

type Query = Record<string, string | undefined>;

/** Raw export reads this much time per store query, halving it when a window holds too many points. */
const RAW_WINDOW_MS = 3_600_000;

/** Registered by IANA (2024) for Apache Parquet files. */
const PARQUET_MEDIA_TYPE = 'application/vnd.apache.parquet';

/**
 * `GET /digitaltwins/{id}/history/export?path=a,b&from&to&format=csv|ndjson|parquet[&step&agg&tz]`.
 * CSV and NDJSON: the range streamed out window by window, so memory holds one window, never the
 * whole range; one line per timestamp, one column per path (empty where a path has no value then).
 * Parquet: the store writes the whole range as one file (bounded like one query: historyPointsMax
 * rows, historyQueryTimeoutMs), which is then streamed and gone once sent or abandoned.
 */
export function registerHistoryExportRoute(api: FastifyInstance, services: PlatformServices): void {
  const { graph, limits } = services;
  api.get('/digitaltwins/:id/history/export', async (request, reply) => {
    const history = services.history;
    if (history === undefined) throw new DoppelError('history.unavailable', 'history is disabled on this platform');
    const { id } = request.params as { id: string };
    const query = request.query as Query;
    const twin = graph.getTwin(id);
    if (twin === undefined) throw new DoppelError('history.series-unknown', `twin "${id}" does not exist`);
    const columns = new Set(history.schemaOf(twin.modelId)?.columns.map((column) => column.path));
    const paths = (query.path ?? '').split(',').filter((path) => path !== '');
    if (paths.length === 0) throw new DoppelError('request.invalid', 'name the paths to export: ?path=a,b');
    for (const path of paths) {
      if (!columns.has(path))
        throw new DoppelError('history.series-unknown', `${twin.modelId} has no telemetry or property "${path}"`);
    }
    const format = query.format ?? 'csv';
    if (format !== 'csv' && format !== 'ndjson' && format !== 'parquet')
      throw new DoppelError('request.invalid', '"format" must be csv, ndjson or parquet');
    if (query.from === undefined || query.to === undefined)
      throw new DoppelError('history.range-invalid', 'an export needs "from" and "to"');
    const fromMs = parseTime(query.from, 'from');
    const toMs = parseTime(query.to, 'to');
    if (fromMs >= toMs) throw new DoppelError('history.range-invalid', '"from" must be before "to"');
    const stepMs = query.step === undefined ? undefined : parseStep(query.step);
    const agg = stepMs === undefined ? undefined : parseAggregation(query.agg ?? 'avg');
    const timeZone = query.tz;
    const name = `${twin.id}-${new Date(fromMs).toISOString().slice(0, 10)}.${format}`;
    if (format === 'parquet') {
      if (paths.length > limits.historySeriesPerQueryMax)
        throw new DoppelError('request.invalid', `at most ${limits.historySeriesPerQueryMax} paths per Parquet export`);
      const file = await history.store.exportParquet({
        twinId: twin.id,
        modelId: twin.modelId,
        paths,
        fromMs,
        toMs,
        ...(stepMs === undefined ? {} : { stepMs, agg }),
        ...(timeZone === undefined ? {} : { timeZone }),
        rowsMax: limits.historyPointsMax,
        timeoutMs: limits.historyQueryTimeoutMs,
      });
      // Fastify destroys `content` if the client goes away, which releases the file.
      return reply
        .type(PARQUET_MEDIA_TYPE)
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('content-length', file.bytes)
        .send(file.content);
    }
    const series = paths.map((path): SeriesSelector => ({ twinId: twin.id, modelId: twin.modelId, path }));
    const lines = exportLines(
      history.store,
      series,
      { fromMs, toMs, stepMs, agg, timeZone, pointsMax: limits.historyPointsMax },
      format,
    );
    return reply
      .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(Readable.from(lines));
  });
}

interface ExportRange {
  readonly fromMs: number;
  readonly toMs: number;
  readonly stepMs: number | undefined;
  readonly agg: Aggregation | undefined;
  readonly timeZone: string | undefined;
  readonly pointsMax: number;
}

async function* exportLines(
  store: HistoryStore,
  series: SeriesSelector[],
  range: ExportRange,
  format: 'csv' | 'ndjson',
): AsyncGenerator<string> {
  const paths = series.map((selector) => selector.path);
  if (format === 'csv') yield `${['time', ...paths].map(csvCell).join(',')}\n`;
  let windowMs = range.stepMs === undefined ? RAW_WINDOW_MS : range.stepMs * range.pointsMax;
  for (let start = range.fromMs; start < range.toMs;) {
    const end = Math.min(range.toMs, start + windowMs);
    let result;
    try {
      result = await store.query({
        series,
        fromMs: start,
        toMs: end,
        pointsMax: range.pointsMax,
        ...(range.stepMs === undefined ? {} : { stepMs: range.stepMs, agg: range.agg }),
        ...(range.timeZone === undefined ? {} : { timeZone: range.timeZone }),
      });
    } catch (error) {
      // A raw window with more points than a query may return: read it in halves.
      if (
        error instanceof DoppelError &&
        isErrorCode(error.code) &&
        error.code === 'history.too-many-points' &&
        windowMs > 1_000
      ) {
        windowMs = Math.ceil(windowMs / 2);
        continue;
      }
      throw error;
    }
    const rows = new Map<number, unknown[]>();
    result.frames.forEach((frame, column) => {
      frame.timestamps.forEach((ts, i) => {
        let row = rows.get(ts);
        if (row === undefined) rows.set(ts, (row = new Array<unknown>(paths.length).fill(null)));
        row[column] = frame.values[i];
      });
    });
    const times = [...rows.keys()].sort((a, b) => a - b);
    let chunk = '';
    for (const ts of times) {
      const values = rows.get(ts) as unknown[];
      chunk +=
        format === 'csv'
          ? `${[new Date(ts).toISOString(), ...values].map(csvCell).join(',')}\n`
          : `${JSON.stringify({ time: new Date(ts).toISOString(), ...Object.fromEntries(paths.map((path, i) => [path, values[i]])) })}\n`;
    }
    if (chunk !== '') yield chunk;
    start = end;
  }
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
