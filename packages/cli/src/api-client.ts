/** A minimal client of the platform's REST API for the CLI; errors carry the problem+json detail. */
export class ApiClient {
  constructor(private readonly baseUrl: string) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl.replace(/\/$/, '')}/api/v1${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new Error(
        `cannot reach the platform at ${this.baseUrl} (${(error as Error).message}); start it with "doppel start" or pass --url`,
        { cause: error },
      );
    }
    const text = await response.text();
    const data = text === '' ? undefined : (JSON.parse(text) as unknown);
    if (!response.ok) {
      const problem = (data ?? {}) as {
        code?: string;
        detail?: string;
        remedy?: string;
        errors?: { message: string; pointer?: string }[];
      };
      const lines = [`${method} ${path}: ${response.status} ${problem.code ?? ''} ${problem.detail ?? text}`];
      for (const error of problem.errors ?? [])
        lines.push(`  - ${error.pointer ? `${error.pointer}: ` : ''}${error.message}`);
      if (problem.remedy) lines.push(`  remedy: ${problem.remedy}`);
      throw new Error(lines.join('\n'));
    }
    return data as T;
  }
}
