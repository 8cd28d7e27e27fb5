import type { Page } from '@doppel/protocol';
import { DoppelError } from '@doppel/core';
import type { Limits } from '@doppel/core';

export interface PageRequest {
  readonly pageSize: number;
  readonly offset: number;
}

/**
 * Reads `pageSize` and `continuationToken` (Azure's names). The token is opaque to clients; it
 * encodes the position in a stable ordering.
 */
export function readPageRequest(
  query: Record<string, unknown>,
  limits: Pick<Limits, 'pageSizeMax' | 'pageSizeDefault'>,
): PageRequest {
  const rawSize = query.pageSize ?? query.maxItemsPerPage;
  let pageSize = limits.pageSizeDefault;
  if (rawSize !== undefined) {
    pageSize = Number(rawSize);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > limits.pageSizeMax) {
      throw new DoppelError('request.invalid', `pageSize must be an integer from 1 to ${limits.pageSizeMax}`);
    }
  }
  let offset = 0;
  const token = query.continuationToken;
  if (typeof token === 'string' && token !== '') {
    const decoded = Number(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Number.isInteger(decoded) || decoded < 0)
      throw new DoppelError('request.invalid', 'continuationToken is not valid; start from the first page');
    offset = decoded;
  }
  return { pageSize, offset };
}

/** Slices one page of `items` and builds Azure's `{ value, nextLink }`. */
export function pageOf<T, R>(items: readonly T[], request: PageRequest, url: string, map: (item: T) => R): Page<R> {
  const slice = items.slice(request.offset, request.offset + request.pageSize);
  const nextOffset = request.offset + slice.length;
  let nextLink: string | null = null;
  if (nextOffset < items.length) {
    const next = new URL(url, 'http://placeholder');
    next.searchParams.set('continuationToken', Buffer.from(String(nextOffset)).toString('base64url'));
    next.searchParams.set('pageSize', String(request.pageSize));
    nextLink = `${next.pathname}${next.search}`;
  }
  return { value: slice.map(map), nextLink };
}

/** Azure's `nextLink` for a store's cursor: the request's own URL with `continuationToken` set (null at the end). */
export function nextLinkOf(requestUrl: string, next: string | null): string | null {
  if (next === null) return null;
  const url = new URL(requestUrl, 'http://placeholder');
  url.searchParams.set('continuationToken', next);
  return `${url.pathname}${url.search}`;
}
