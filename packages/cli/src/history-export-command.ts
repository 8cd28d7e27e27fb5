import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { ApiClient } from './api-client.js';

type Out = (text: string) => void;

export interface HistoryExportFlags {
  readonly path?: string;
  readonly from?: string;
  readonly to?: string;
  readonly format?: string;
  readonly step?: string;
  readonly agg?: string;
  readonly tz?: string;
  readonly out?: string;
}

const FORMATS = ['csv', 'ndjson', 'parquet'];

/**
 * `doppel history export TWIN --path a,b --from … --to … [--format …] [--step --agg --tz] [--out FILE]`:
 * downloads GET /digitaltwins/{id}/history/export into FILE (removed again if the download fails) or
 * to stdout. Without --format, a FILE ending in .parquet or .ndjson picks that format, else CSV.
 * Resolves with the exit code (2: usage).
 */
export async function historyExportCommand(
  api: ApiClient,
  twinId: string | undefined,
  flags: HistoryExportFlags,
  out: Out,
  err: Out,
): Promise<number> {
  if (twinId === undefined || flags.path === undefined || flags.from === undefined || flags.to === undefined) {
    err(
      'usage: doppel history export TWIN --path a,b --from TIME --to TIME [--format csv|ndjson|parquet] [--out FILE]\n',
    );
    return 2;
  }
  const format = flags.format ?? FORMATS.find((name) => flags.out?.endsWith(`.${name}`) === true) ?? 'csv';
  if (!FORMATS.includes(format)) {
    err(`--format must be one of ${FORMATS.join(', ')}\n`);
    return 2;
  }
  const query = new URLSearchParams({ path: flags.path, from: flags.from, to: flags.to, format });
  for (const name of ['step', 'agg', 'tz'] as const) {
    const value = flags[name];
    if (value !== undefined) query.set(name, value);
  }
  const path = `/digitaltwins/${encodeURIComponent(twinId)}/history/export?${query.toString()}`;
  if (flags.out === undefined) {
    await api.download(path, process.stdout, { end: false });
    return 0;
  }
  const file = createWriteStream(flags.out);
  try {
    const bytes = await api.download(path, file, { end: true });
    out(`wrote ${bytes} bytes (${format}) to ${flags.out}\n`);
    return 0;
  } catch (error) {
    file.destroy();
    await rm(flags.out, { force: true });
    throw error;
  }
}
