import type {
  AlertView,
  CommandView,
  DetectorsOverview,
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
import type { AnalyticsApi } from './analytics-api';
import { analyticsApi } from './analytics-api';
import { apiErrorFromResponse, toApiError } from './api-error';

/** One series of a history answer, columnar: `timestamps[i]` (epoch ms) goes with `values[i]`. */
export interface HistoryFrame {
  readonly series: { readonly twinId: string; readonly modelId: string; readonly path: string };
  readonly timestamps: readonly number[];
  readonly values: readonly unknown[];
  /** Set when retention removed the start of the range: the frame is complete from here on. */
  readonly retainedFromMs?: number;
}

/** `GET /digitaltwins/{id}/history` (docs/history.md, "Query API"). */
export interface HistoryResponse {
  /** The tier read: raw samples, 1-minute or 15-minute rollups. */
  readonly tier: 'raw' | '1m' | '15m';
  readonly stepMs: number | null;
  readonly agg: string | null;
  readonly fromMs: number;
  readonly toMs: number;
  /** Set when `maxPoints` made the server aggregate; says how. */
  readonly downsampled: string | null;
  readonly frames: readonly HistoryFrame[];
}

export interface HistoryRequest {
  readonly paths: readonly string[];
  /** Epoch ms, inclusive. */
  readonly fromMs: number;
  /** Epoch ms, exclusive. */
  readonly toMs: number;
  /** The server picks a round step (and tier) that keeps each series within this many points. */
  readonly maxPoints?: number;
  /** Bucket width in ms; with `agg`. */
  readonly stepMs?: number;
  readonly agg?: 'avg' | 'min' | 'max' | 'sum' | 'count' | 'first' | 'last';
}

/** Typed access to the platform's REST API (`/api/v1`); every method takes an AbortSignal. */
export interface RestClient extends AnalyticsApi {
  /** Roots of the `contains` tree when `parentId` is omitted, else the children of `parentId`. */
  getTreePage(request: { parentId?: string; pageSize?: number }, signal?: AbortSignal): Promise<Page<TreeNode>>;
  /** Follows a `nextLink` of a page as the server gave it. */
  getNextTreePage(nextLink: string, signal?: AbortSignal): Promise<Page<TreeNode>>;
  getTwin(twinId: string, signal?: AbortSignal): Promise<DigitalTwin>;
  getTwinState(twinId: string, signal?: AbortSignal): Promise<TwinState>;
  getModel(modelId: string, signal?: AbortSignal): Promise<ModelData>;
  /** One page of the models (ids and display names, without their definitions). */
  listModels(request: { pageSize?: number }, signal?: AbortSignal): Promise<Page<ModelData>>;
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
  /** Samples or buckets of some paths of one twin (`GET /digitaltwins/{id}/history`). */
  getHistory(twinId: string, request: HistoryRequest, signal?: AbortSignal): Promise<HistoryResponse>;
  /** Samples or buckets of many series at once (`POST /history/query`, at most 100 series). */
  queryHistory(
    series: readonly { readonly twinId: string; readonly path: string }[],
    request: Omit<HistoryRequest, 'paths'>,
    signal?: AbortSignal,
  ): Promise<HistoryResponse>;
  /** Invokes a twin's DTDL Command; answers at once (202) with the command, pending or sent. */
  invokeCommand(
    twinId: string,
    name: string,
    body: { readonly request?: unknown; readonly timeoutMs?: number; readonly ttlMs?: number },
    signal?: AbortSignal,
  ): Promise<CommandView>;
  /** Sets a writable property's desired value (`PUT …/properties/{name}/desired`); answered like invokeCommand. */
  setDesired(
    twinId: string,
    name: string,
    body: {
      readonly value: unknown;
      readonly tolerance?: number;
      readonly timeoutMs?: number;
      readonly ttlMs?: number;
    },
    signal?: AbortSignal,
  ): Promise<CommandView>;
  /** A twin's commands and desired values, newest first (`GET /digitaltwins/{id}/commands`). */
  getTwinCommands(twinId: string, request: { pageSize?: number }, signal?: AbortSignal): Promise<Page<CommandView>>;
  /** Alerts, newest first (`GET /alerts`): of a twin, by status (`open`: active or acknowledged). */
  getAlerts(
    request: { twinId?: string; status?: 'open' | 'active' | 'acknowledged' | 'cleared'; limit?: number },
    signal?: AbortSignal,
  ): Promise<{ value: AlertView[] }>;
  acknowledgeAlert(id: string, body: { by?: string; note?: string }, signal?: AbortSignal): Promise<AlertView>;
  clearAlert(id: string, body: { by?: string; note?: string }, signal?: AbortSignal): Promise<AlertView>;
  /** The streaming detectors: series watched and, per kind, how they do against labels. */
  getDetectors(signal?: AbortSignal): Promise<DetectorsOverview>;
  /** A detector's alert judged by the operator: a real anomaly, or expected (a false alarm). */
  labelAlert(id: string, body: { label: 'real' | 'expected' }, signal?: AbortSignal): Promise<AlertView>;
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
    // A Blob (a file to upload) is sent as it is; anything else as JSON.
    const binary = body instanceof Blob;
    try {
      response = await doFetch(url, {
        method,
        headers:
          body === undefined
            ? { accept: 'application/json' }
            : { accept: 'application/json', 'content-type': binary ? 'application/octet-stream' : 'application/json' },
        ...(body === undefined ? {} : { body: binary ? body : JSON.stringify(body) }),
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
    listModels: ({ pageSize }, signal) =>
      getJson<Page<ModelData>>(`${basePath}/models${pageSize === undefined ? '' : `?pageSize=${pageSize}`}`, signal),
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
    getHistory(twinId, { paths, fromMs, toMs, maxPoints, stepMs, agg }, signal) {
      const query = new URLSearchParams();
      for (const name of paths) query.append('path', name);
      query.set('from', new Date(fromMs).toISOString());
      query.set('to', new Date(toMs).toISOString());
      if (maxPoints !== undefined) query.set('maxPoints', String(maxPoints));
      if (stepMs !== undefined) query.set('step', String(stepMs));
      if (agg !== undefined) query.set('agg', agg);
      return getJson<HistoryResponse>(`${path('digitaltwins', twinId, 'history')}?${query.toString()}`, signal);
    },
    queryHistory: (series, { fromMs, toMs, maxPoints, stepMs, agg }, signal) =>
      send<HistoryResponse>(
        'POST',
        `${basePath}/history/query`,
        {
          series,
          from: new Date(fromMs).toISOString(),
          to: new Date(toMs).toISOString(),
          ...(maxPoints === undefined ? {} : { maxPoints }),
          ...(stepMs === undefined ? {} : { step: stepMs }),
          ...(agg === undefined ? {} : { agg }),
        },
        signal,
      ),
    invokeCommand: (twinId, name, body, signal) =>
      send<CommandView>('POST', path('digitaltwins', twinId, 'commands', name), body, signal),
    setDesired: (twinId, name, body, signal) =>
      send<CommandView>('PUT', path('digitaltwins', twinId, 'properties', name, 'desired'), body, signal),
    getTwinCommands: (twinId, { pageSize }, signal) =>
      getJson<Page<CommandView>>(withSearch(path('digitaltwins', twinId, 'commands'), { pageSize }), signal),
    getAlerts: (request, signal) => getJson<{ value: AlertView[] }>(withSearch(path('alerts'), request), signal),
    acknowledgeAlert: (id, body, signal) => send<AlertView>('POST', path('alerts', id, 'acknowledge'), body, signal),
    clearAlert: (id, body, signal) => send<AlertView>('POST', path('alerts', id, 'clear'), body, signal),
    getDetectors: (signal) => getJson<DetectorsOverview>(path('detectors'), signal),
    labelAlert: (id, body, signal) => send<AlertView>('POST', path('alerts', id, 'label'), body, signal),
    ...analyticsApi({ send, path }),
  };
}
