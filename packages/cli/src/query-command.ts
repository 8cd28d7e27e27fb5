import type { ApiClient } from './api-client.js';
import { formatTable } from './format-table.js';

interface QueryPage {
  readonly value: readonly unknown[];
  readonly continuationToken?: string;
  readonly explain?: readonly string[];
}

/**
 * `doppel query "SELECT …"`: one page (or, with --all, every page, following continuation
 * tokens). Rows of plain values print as a table, others (whole twins) as one JSON object per
 * line; --json prints the rows as one JSON array.
 */
export async function queryCommand(
  api: ApiClient,
  text: string,
  options: { readonly json: boolean; readonly all: boolean },
  out: (text: string) => void,
): Promise<number> {
  const rows: unknown[] = [];
  let token: string | undefined;
  do {
    const page = await api.request<QueryPage>('POST', '/query', {
      query: text,
      ...(token === undefined ? {} : { continuationToken: token }),
    });
    if (page.explain !== undefined) {
      out(`${page.explain.join('\n')}\n`);
      return 0;
    }
    rows.push(...page.value);
    token = page.continuationToken;
  } while (options.all && token !== undefined);

  if (options.json) out(`${JSON.stringify(rows)}\n`);
  else if (rows.every(isFlat)) {
    const columns = [...new Set(rows.flatMap((row) => Object.keys(row as object)))];
    out(
      formatTable(
        columns,
        rows.map((row) => columns.map((column) => (row as Record<string, unknown>)[column])),
      ),
    );
  } else for (const row of rows) out(`${JSON.stringify(row)}\n`);
  if (token !== undefined) out(`(more rows: run with --all to follow the continuation token)\n`);
  return 0;
}

function isFlat(row: unknown): boolean {
  return (
    typeof row === 'object' &&
    row !== null &&
    Object.values(row).every((value) => value === null || typeof value !== 'object')
  );
}
