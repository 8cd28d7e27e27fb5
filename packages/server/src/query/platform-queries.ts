import type { Clock } from '@doppel/core';
import type { QueryResult, QuerySource } from '@doppel/query';
import { QueryError, runQueryAsync } from '@doppel/query';
import type { TwinGraph } from '../graph/twin-graph.js';
import type { HistoryService } from '../history/history-service.js';
import type { TwinStateStore } from '../state/twin-state-store.js';
import { GraphQuerySource } from './graph-query-source.js';

/**
 * Queries run on the platform's event loop, beside ingest: a query that runs longer than this is
 * stopped (`query.timeout`) rather than holding up live data.
 */
export const QUERY_TIMEOUT_MS = 2_000;
/** Rows a live query may hold (its result is kept in memory and diffed at each re-run). */
export const LIVE_QUERY_ROWS_MAX = 1_000;

/**
 * Twin queries over the platform's graph, live state and history, for the query API and for live
 * queries alike: one source, so one set of property indexes kept up to date, and the same limits.
 */
export class PlatformQueries {
  private readonly source: GraphQuerySource;

  constructor(
    graph: TwinGraph,
    state: TwinStateStore,
    history: HistoryService | undefined,
    clock: Clock,
    sync: Pick<QuerySource, 'freshnessOf' | 'qualityOf' | 'confidenceOf'> = {},
  ) {
    this.source = new GraphQuerySource(
      graph,
      state,
      history === undefined ? undefined : { service: history, nowMs: () => clock.nowMs() },
      sync,
    );
  }

  /** One page of a query (POST /api/v1/query). */
  run(text: string, page: { readonly pageSize: number; readonly continuationToken?: string }): Promise<QueryResult> {
    return runQueryAsync(text, this.source, { ...page, timeoutMs: QUERY_TIMEOUT_MS });
  }

  /** The whole result of a live query, which must fit LIVE_QUERY_ROWS_MAX rows. */
  async runLive(text: string): Promise<readonly unknown[]> {
    const result = await this.run(text, { pageSize: LIVE_QUERY_ROWS_MAX });
    if (result.explain !== undefined) throw new QueryError('query.unsupported', 'EXPLAIN cannot be a live query');
    if (result.continuationToken !== undefined) {
      throw new QueryError(
        'query.too-many-rows',
        `a live query may have at most ${LIVE_QUERY_ROWS_MAX} rows; narrow it or use TOP(n)`,
      );
    }
    return result.value;
  }
}
