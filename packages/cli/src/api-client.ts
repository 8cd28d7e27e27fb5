import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';

/** A minimal client of the platform's REST API for the CLI; errors carry the problem+json detail. */
export class ApiClient {
  constructor(private readonly baseUrl: string) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.fetch(method, path, body === undefined ? undefined : { json: body });
    const text = await response.text();
    if (!response.ok) throw problemError(method, path, response.status, text);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  /**
   * GETs `path` and streams the body into `sink` as it arrives (a file or stdout, never the whole
   * body in memory); resolves with the bytes written. `end: false` leaves the sink open (stdout).
   */
  async download(path: string, sink: NodeJS.WritableStream, options: { end: boolean }): Promise<number> {
    const response = await this.fetch('GET', path);
    if (!response.ok) throw problemError('GET', path, response.status, await response.text());
    let bytes = 0;
    if (response.body === null) return bytes;
    await pipeline(
      Readable.fromWeb(response.body as ReadableStream<Uint8Array>),
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          bytes += chunk.length;
          yield chunk;
        }
      },
      sink,
      { end: options.end },
    );
    return bytes;
  }

  /** Sends `text` (or bytes) as it is, with its content type (the NDJSON of a graph import, an ONNX file). */
  async requestText<T>(method: string, path: string, text: string | Uint8Array, contentType: string): Promise<T> {
    const response = await this.fetch(method, path, { text, contentType });
    const answer = await response.text();
    if (!response.ok) throw problemError(method, path, response.status, answer);
    return JSON.parse(answer) as T;
  }

  private async fetch(
    method: string,
    path: string,
    body?: { readonly json: unknown } | { readonly text: string | Uint8Array; readonly contentType: string },
  ): Promise<Response> {
    const send =
      body === undefined
        ? {}
        : 'json' in body
          ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body.json) }
          : { headers: { 'content-type': body.contentType }, body: body.text };
    try {
      return await fetch(`${this.baseUrl.replace(/\/$/, '')}/api/v1${path}`, { method, ...send });
    } catch (error) {
      throw new Error(
        `cannot reach the platform at ${this.baseUrl} (${(error as Error).message}); start it with "doppel start" or pass --url`,
        { cause: error },
      );
    }
  }
}

/** An error response as lines for the terminal: status, code, detail, field errors and the remedy. */
function problemError(method: string, path: string, status: number, text: string): Error {
  let problem: { code?: string; detail?: string; remedy?: string; errors?: { message: string; pointer?: string }[] } =
    {};
  try {
    problem = (text === '' ? {} : JSON.parse(text)) as typeof problem;
  } catch {
    // Not problem+json (a proxy's page): show the text.
  }
  const lines = [`${method} ${path}: ${status} ${problem.code ?? ''} ${problem.detail ?? text}`];
  for (const error of problem.errors ?? [])
    lines.push(`  - ${error.pointer ? `${error.pointer}: ` : ''}${error.message}`);
  if (problem.remedy) lines.push(`  remedy: ${problem.remedy}`);
  return new Error(lines.join('\n'));
}
