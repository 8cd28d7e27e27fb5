import type { HistoryFunction, HistoryRequest } from '@doppel/query';
import type { TwinGraph } from '../graph/twin-graph.js';
import type { HistoryService } from '../history/history-service.js';
import type { Aggregation, SeriesSelector } from '../history/history-store.js';

const MINUTE_MS = 60_000;
const FIFTEEN_MINUTES_MS = 900_000;

/**
 * Answers a query's history calls (AVG(x, 'PT1H') …) from the history store's rollup tiers: one
 * store query per function and window for all the twins the query asks about. The window ends
 * now and starts at the bucket boundary at or before `now − window` (1-minute buckets, 15-minute
 * ones for windows of two days and more), so it may take in up to one bucket more than asked.
 * Paths a twin's model does not historize, and windows without samples, answer `undefined`.
 */
export async function readHistoryAggregates(
  history: HistoryService,
  graph: TwinGraph,
  requests: readonly HistoryRequest[],
  nowMs: number,
): Promise<(number | undefined)[]> {
  const answers: (number | undefined)[] = requests.map(() => undefined);
  const groups = new Map<string, number[]>();
  requests.forEach((request, index) => {
    const key = `${request.fn}:${request.windowMs}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [index]);
    else group.push(index);
  });
  for (const indexes of groups.values()) {
    const first = requests[indexes[0] as number] as HistoryRequest;
    const stepMs = first.windowMs >= 2 * 86_400_000 ? FIFTEEN_MINUTES_MS : MINUTE_MS;
    const fromMs = Math.floor((nowMs - first.windowMs) / stepMs) * stepMs;
    const asked: { index: number; series: SeriesSelector }[] = [];
    for (const index of indexes) {
      const { twinId, path } = requests[index] as HistoryRequest;
      const modelId = graph.getTwin(twinId)?.modelId;
      const historized = modelId !== undefined && history.schemaOf(modelId)?.columns.some((c) => c.path === path);
      if (historized === true) asked.push({ index, series: { twinId, modelId, path } });
    }
    if (asked.length === 0) continue;
    const read = async (agg: Aggregation): Promise<number[][]> => {
      const result = await history.store.query({
        series: asked.map((item) => item.series),
        fromMs,
        toMs: nowMs + 1,
        stepMs,
        agg,
        pointsMax: Math.ceil((nowMs + 1 - fromMs) / stepMs) + 1,
      });
      return result.frames.map((frame) => frame.values.filter((value): value is number => typeof value === 'number'));
    };
    const combined = await combine(first.fn, read);
    asked.forEach((item, position) => (answers[item.index] = combined[position]));
  }
  return answers;
}

/** Per series, the window's answer from its buckets' aggregates. */
async function combine(
  fn: HistoryFunction,
  read: (agg: Aggregation) => Promise<number[][]>,
): Promise<(number | undefined)[]> {
  const total = (values: number[]): number | undefined =>
    values.length === 0 ? undefined : values.reduce((sum, value) => sum + value, 0);
  switch (fn) {
    case 'AVG': {
      const [sums, counts] = await Promise.all([read('sum'), read('count')]);
      return sums.map((values, i) => {
        const [sum, count] = [total(values), total(counts[i] ?? [])];
        return sum === undefined || count === undefined || count === 0 ? undefined : sum / count;
      });
    }
    case 'SUM':
      return (await read('sum')).map(total);
    case 'COUNT':
      return (await read('count')).map((values) => total(values) ?? 0);
    case 'MIN':
      return (await read('min')).map((values) => (values.length === 0 ? undefined : Math.min(...values)));
    case 'MAX':
      return (await read('max')).map((values) => (values.length === 0 ? undefined : Math.max(...values)));
  }
}
