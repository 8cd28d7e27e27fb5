import type {
  DeadLetter,
  DigitalTwin,
  FloorPlan,
  FreshnessOverview,
  ModelData,
  Page,
  Placement,
  PlanSummary,
  PlatformStats,
  QueryRequest,
  QueryResponse,
  SourceInfo,
  TreeNode,
  TwinState,
} from '@doppel/protocol';
import { apiErrorFromResponse, toApiError } from './api-error';

/** Typed access to the platform's REST API (`/api/v1`); every method takes an AbortSignal. */
export interface RestClient {
  /** Roots of the `contains` tree when `parentId` is omitted, else the children of `parentId`. */
  getTreePage(request: { parentId?: string; pageSize?: number }, signal?: AbortSignal): Promise<Page<TreeNode>>;
  /** Follows a `nextLink` of a page as the server gave it. */
  getNextTreePage(nextLink: string, signal?: AbortSignal): Promise<Page<TreeNode>>;
  getTwin(twinId: string, signal?: AbortSignal): Promise<DigitalTwin>;
  getTwinState(twinId: string, signal?: AbortSignal): Promise<TwinState>;
  getModel(modelId: string, signal?: AbortSignal): Promise<ModelData>;
  getStats(signal?: AbortSignal): Promise<PlatformStats>;
  /** Spaces with a floor plan. */
  getPlans(signal?: AbortSignal): Promise<{ value: PlanSummary[] }>;
  getPlan(spaceId: string, signal?: AbortSignal): Promise<FloorPlan>;
  /** Places a twin on a plan, or moves it (the plan editor). */
  putPlacement(spaceId: string, placement: Placement, signal?: AbortSignal): Promise<Placement>;
  deletePlacement(spaceId: string, twinId: string, signal?: AbortSignal): Promise<void>;
  /** A page of a twin query's rows (`POST /query`). */
  runQuery(request: QueryRequest, signal?: AbortSignal): Promise<QueryResponse>;
  /** Dead letters, newest first; `total` counts all stored. */
  getDeadLetters(
    request: { pageSize?: number; reason?: string },
    signal?: AbortSignal,
  ): Promise<Page<DeadLetter> & { total: number }>;
  /** Feeds a dead letter through ingest again; refused (with the reason) if it would fail again. */
  replayDeadLetter(id: string, signal?: AbortSignal): Promise<{ id: string; replayed: boolean; applied: number }>;
  /** Freshness counts and the stale series, longest silence first (at most `limit`, default 100). */
  getFreshness(request: { limit?: number }, signal?: AbortSignal): Promise<FreshnessOverview>;
  getSources(signal?: AbortSignal): Promise<{ value: SourceInfo[] }>;
  /** The Prometheus text exposition of `/metrics` (figures `/stats` lacks: event-loop lag, dead letters by reason). */
  getMetricsText(signal?: AbortSignal): Promise<string>;
}

export interface RestClientOptions {
  /** Base path of the API, same origin as the page. */
  readonly basePath?: string;
  readonly fetch?: typeof fetch;
}

export function createRestClient(options: RestClientOptions = {}): RestClient {
  const basePath = options.basePath ?? '/api/v1';
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);

  async function send<T>(method: string, url: string, body: unknown, signal: AbortSignal | undefined): Promise<T> {
    let response: Response;
    try {
      response = await doFetch(url, {
        method,
        headers:
          body === undefined
            ? { accept: 'application/json' }
            : { accept: 'application/json', 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: signal ?? null,
      });
    } catch (thrown) {
      throw toApiError(thrown);
    }
    if (!response.ok) throw await apiErrorFromResponse(response);
    if (response.status === 204) return undefined as T;
    try {
      return (await response.json()) as T;
    } catch (thrown) {
      throw toApiError(thrown);
    }
  }
  const getJson = <T>(url: string, signal: AbortSignal | undefined): Promise<T> =>
    send<T>('GET', url, undefined, signal);

  async function getText(url: string, signal: AbortSignal | undefined): Promise<string> {
    let response: Response;
    try {
      response = await doFetch(url, { headers: { accept: 'text/plain' }, signal: signal ?? null });
      if (!response.ok) throw await apiErrorFromResponse(response);
      return await response.text();
    } catch (thrown) {
      throw toApiError(thrown);
    }
  }

  const withSearch = (url: string, params: Record<string, string | number | undefined>): string => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value !== undefined) query.set(key, String(value));
    return query.size === 0 ? url : `${url}?${query.toString()}`;
  };

  const path = (...segments: string[]): string => `${basePath}/${segments.map(encodeURIComponent).join('/')}`;

  return {
    getTreePage({ parentId, pageSize }, signal) {
      const query = new URLSearchParams();
      if (parentId !== undefined) query.set('parentId', parentId);
      if (pageSize !== undefined) query.set('pageSize', String(pageSize));
      const search = query.size === 0 ? '' : `?${query.toString()}`;
      return getJson<Page<TreeNode>>(`${basePath}/tree${search}`, signal);
    },
    getNextTreePage: (nextLink, signal) => getJson<Page<TreeNode>>(nextLink, signal),
    getTwin: (twinId, signal) => getJson<DigitalTwin>(path('digitaltwins', twinId), signal),
    getTwinState: (twinId, signal) => getJson<TwinState>(path('digitaltwins', twinId, 'state'), signal),
    getModel: (modelId, signal) => getJson<ModelData>(path('models', modelId), signal),
    getStats: (signal) => getJson<PlatformStats>(`${basePath}/stats`, signal),
    getPlans: (signal) => getJson<{ value: PlanSummary[] }>(`${basePath}/plans`, signal),
    getPlan: (spaceId, signal) => getJson<FloorPlan>(path('plans', spaceId), signal),
    putPlacement: (spaceId, placement, signal) =>
      send<Placement>('PUT', path('plans', spaceId, 'placements', placement.twinId), placement, signal),
    deletePlacement: (spaceId, twinId, signal) =>
      send<void>('DELETE', path('plans', spaceId, 'placements', twinId), undefined, signal),
    runQuery: (request, signal) => send<QueryResponse>('POST', `${basePath}/query`, request, signal),
    getDeadLetters: ({ pageSize, reason }, signal) =>
      getJson<Page<DeadLetter> & { total: number }>(
        withSearch(`${basePath}/deadletters`, { pageSize, reason }),
        signal,
      ),
    replayDeadLetter: (id, signal) =>
      send<{ id: string; replayed: boolean; applied: number }>('POST', path('deadletters', id, 'replay'), {}, signal),
    getFreshness: ({ limit }, signal) =>
      getJson<FreshnessOverview>(withSearch(`${basePath}/freshness`, { limit }), signal),
    getSources: (signal) => getJson<{ value: SourceInfo[] }>(`${basePath}/sources`, signal),
    getMetricsText: (signal) => getText(`${basePath}/metrics`, signal),
  };
}
