import type { DigitalTwin, ModelData, Page, PlatformStats, TreeNode, TwinState } from '@doppel/protocol';
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
}

export interface RestClientOptions {
  /** Base path of the API, same origin as the page. */
  readonly basePath?: string;
  readonly fetch?: typeof fetch;
}

export function createRestClient(options: RestClientOptions = {}): RestClient {
  const basePath = options.basePath ?? '/api/v1';
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);

  async function getJson<T>(url: string, signal: AbortSignal | undefined): Promise<T> {
    let response: Response;
    try {
      response = await doFetch(url, { headers: { accept: 'application/json' }, signal: signal ?? null });
    } catch (thrown) {
      throw toApiError(thrown);
    }
    if (!response.ok) throw await apiErrorFromResponse(response);
    try {
      return (await response.json()) as T;
    } catch (thrown) {
      throw toApiError(thrown);
    }
  }

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
  };
}
