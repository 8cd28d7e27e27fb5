import type { FastifyInstance } from 'fastify';
import { DoppelError } from '@doppel/core';
import type { HistoryService } from '../../history/history-service.js';
import type { SeriesQuery, SeriesResult, SeriesSelector } from '../../history/history-store.js';
import type { PlatformServices } from '../../services.js';
import { parseAggregation, parseStep, parseTime, stepForMaxPoints } from '../history-params.js';

type Query = Record<string, string | string[] | undefined>;

/** Query parameters or body fields shared by the single-twin and the batch form. */
interface RangeRequest {
  readonly from?: unknown;
  readonly to?: unknown;
  readonly step?: unknown;
  readonly agg?: unknown;
  readonly tz?: unknown;
  readonly maxPoints?: unknown;
}

const DEFAULT_RANGE_MS = 3_600_000;

/**
 * History queries (`GET /digitaltwins/{id}/history`, `POST /history/query`) and read-only SQL
 * (`POST /history/sql`). Results are columnar: per series a timestamps array and a values array.
 * "from" is inclusive, "to" exclusive; without them, the last hour.
 */
export function registerHistoryRoutes(api: FastifyInstance, services: PlatformServices): void {
  const { graph, limits, clock } = services;
  const historyOf = (): HistoryService => {
    if (services.history === undefined)
      throw new DoppelError('history.unavailable', 'history is disabled on this platform');
    return services.history;
  };

  const selector = (history: HistoryService, twinId: string, path: string): SeriesSelector => {
    const twin = graph.getTwin(twinId);
    if (twin === undefined) throw new DoppelError('history.series-unknown', `twin "${twinId}" does not exist`);
    const schema = history.schemaOf(twin.modelId);
    if (schema?.columns.some((column) => column.path === path) !== true) {
      const reason =
        schema?.excludedPaths?.has(path) === true
          ? `${twin.modelId} does not historize "${path}" (it marks other contents Historized)`
          : `${twin.modelId} has no telemetry or property "${path}"`;
      throw new DoppelError('history.series-unknown', `${reason} (twin "${twinId}")`);
    }
    return { twinId, modelId: twin.modelId, path };
  };

  const run = async (
    series: SeriesSelector[],
    request: RangeRequest,
  ): Promise<SeriesResult & { fromMs: number; toMs: number; downsampled: string | null }> => {
    const history = historyOf();
    if (series.length === 0) throw new DoppelError('request.invalid', 'name at least one series (path)');
    if (series.length > limits.historySeriesPerQueryMax) {
      throw new DoppelError('request.invalid', `at most ${limits.historySeriesPerQueryMax} series per query`);
    }
    const toMs = request.to === undefined ? clock.nowMs() : parseTime(request.to, 'to');
    const fromMs = request.from === undefined ? toMs - DEFAULT_RANGE_MS : parseTime(request.from, 'from');
    if (fromMs >= toMs)
      throw new DoppelError(
        'history.range-invalid',
        `"from" (${new Date(fromMs).toISOString()}) must be before "to" (${new Date(toMs).toISOString()})`,
      );
    let stepMs = request.step === undefined ? undefined : parseStep(request.step);
    let agg = request.agg === undefined ? undefined : parseAggregation(request.agg);
    let downsampled: string | null = null;
    const maxPoints = request.maxPoints === undefined ? undefined : Number(request.maxPoints);
    if (
      maxPoints !== undefined &&
      (!Number.isInteger(maxPoints) || maxPoints < 1 || maxPoints > limits.historyPointsMax)
    ) {
      throw new DoppelError('request.invalid', `"maxPoints" must be an integer from 1 to ${limits.historyPointsMax}`);
    }
    if (maxPoints !== undefined && (stepMs === undefined || (toMs - fromMs) / stepMs > maxPoints)) {
      stepMs = stepForMaxPoints(fromMs, toMs, maxPoints);
      agg ??= 'avg';
      downsampled = `${agg} per ${stepMs} ms bucket, to stay within maxPoints ${maxPoints}`;
    }
    if (stepMs !== undefined && agg === undefined) agg = 'avg';
    if (agg !== undefined && stepMs === undefined)
      throw new DoppelError('history.aggregation-unsupported', '"agg" needs a "step" (the bucket width)');
    const pointsMax = maxPoints ?? limits.historyPointsMax;
    if (stepMs !== undefined && Math.ceil((toMs - fromMs) / stepMs) > pointsMax) {
      throw new DoppelError(
        'history.too-many-points',
        `${Math.ceil((toMs - fromMs) / stepMs)} buckets of ${stepMs} ms; the limit is ${pointsMax} per series`,
      );
    }
    const query: SeriesQuery = {
      series,
      fromMs,
      toMs,
      pointsMax,
      ...(stepMs === undefined ? {} : { stepMs }),
      ...(agg === undefined ? {} : { agg }),
      ...(typeof request.tz === 'string' ? { timeZone: request.tz } : {}),
    };
    let result: SeriesResult;
    try {
      result = await withTimeout(history.store.query(query), limits.historyQueryTimeoutMs);
    } catch (error) {
      // The series were checked against their models above: a store that has never stored a
      // twin of one of those models does not know its columns yet. It learns them (empty), and
      // the answer is "no data yet" rather than an error.
      if (!(error instanceof DoppelError) || error.code !== 'history.series-unknown') throw error;
      for (const modelId of new Set(series.map((one) => one.modelId))) {
        const schema = history.schemaOf(modelId);
        if (schema !== undefined) await history.store.ensureSchema(schema);
      }
      result = await withTimeout(history.store.query(query), limits.historyQueryTimeoutMs);
    }
    return { ...result, fromMs, toMs, downsampled };
  };

  api.get('/digitaltwins/:id/history', async (request) => {
    const { id } = request.params as { id: string };
    const query = request.query as Query;
    const history = historyOf();
    const paths = ([] as string[])
      .concat(query.path ?? [])
      .flatMap((path) => path.split(','))
      .filter((path) => path !== '');
    return run(
      paths.map((path) => selector(history, id, path)),
      query,
    );
  });

  api.post('/history/query', async (request) => {
    const body = (request.body ?? {}) as RangeRequest & { series?: unknown };
    const history = historyOf();
    if (!Array.isArray(body.series))
      throw new DoppelError('request.invalid', 'the body needs "series": [{ "twinId": "…", "path": "…" }, …]');
    const series = body.series.map((entry: unknown, index) => {
      const { twinId, path } = (entry ?? {}) as { twinId?: unknown; path?: unknown };
      if (typeof twinId !== 'string' || typeof path !== 'string')
        throw new DoppelError('request.invalid', `series ${index} needs "twinId" and "path" strings`);
      return selector(history, twinId, path);
    });
    return run(series, body);
  });

  api.post('/history/sql', async (request) => {
    const body = (request.body ?? {}) as { sql?: unknown };
    if (typeof body.sql !== 'string' || body.sql.trim() === '')
      throw new DoppelError('request.invalid', 'the body needs "sql": "SELECT …"');
    return historyOf().store.sql(body.sql, {
      rowsMax: limits.historySqlRowsMax,
      timeoutMs: limits.historySqlTimeoutMs,
    });
  });

  api.get('/history/status', async () => {
    const history = historyOf();
    const stats = await history.store.stats();
    return {
      ...stats,
      lagRecords: history.consumer.lag(),
      skippedRecords: history.consumer.skippedRecords,
      droppedValues: history.consumer.droppedValues,
      notHistorizedValues: history.consumer.notHistorizedValues,
    };
  });
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DoppelError('history.query-timeout', `the query took longer than ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
