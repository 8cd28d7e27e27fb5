import type { ProblemDetails } from '@doppel/core';

/**
 * A failed API call, carrying what the user needs: the server's `detail` and `remedy` from its
 * RFC 9457 problem+json body, or a message of our own when the platform did not answer at all.
 */
export class ApiError extends Error {
  readonly status: number;
  /** The catalog code (`twin.not-found`, …) or `client.network` / `client.bad-response`. */
  readonly code: string;
  readonly remedy: string;

  constructor(status: number, code: string, detail: string, remedy: string, options?: { cause?: unknown }) {
    super(detail, options);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.remedy = remedy;
  }
}

const isProblem = (value: unknown): value is Pick<ProblemDetails, 'detail' | 'code' | 'remedy' | 'title'> =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Record<string, unknown>).code === 'string' &&
  typeof (value as Record<string, unknown>).detail === 'string';

/** Builds the error of a non-2xx response, reading its problem+json body when there is one. */
export async function apiErrorFromResponse(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (isProblem(body)) {
    return new ApiError(response.status, body.code, body.detail, typeof body.remedy === 'string' ? body.remedy : '');
  }
  // A proxy or a stopped platform answers without a problem body (e.g. Vite's 502 / 504).
  return new ApiError(
    response.status,
    'client.bad-response',
    `The platform answered HTTP ${response.status} ${response.statusText}`.trim(),
    'Check that the Doppel platform is running and reachable, then retry.',
  );
}

/** Turns a thrown fetch failure into an ApiError (an AbortError is passed through untouched). */
export function toApiError(thrown: unknown): unknown {
  if (thrown instanceof ApiError || (thrown instanceof DOMException && thrown.name === 'AbortError')) return thrown;
  return new ApiError(
    0,
    'client.network',
    'The platform could not be reached.',
    'Check that the Doppel platform is running and that this page is served by it, then retry.',
    { cause: thrown },
  );
}

export const isAbortError = (thrown: unknown): boolean =>
  thrown instanceof DOMException && thrown.name === 'AbortError';

/** The platform has no such route: an API this UI knows that the platform does not serve (yet). */
export const isRouteMissing = (thrown: unknown): boolean =>
  thrown instanceof ApiError && thrown.status === 404 && thrown.code === 'request.route-not-found';

/** A 404 with the given catalog code (`anomaly.model-not-found`): an expected absence, not a failure. */
export const isNotFound = (thrown: unknown, code: string): boolean =>
  thrown instanceof ApiError && thrown.status === 404 && thrown.code === code;
