import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ApiClient } from './api-client.js';
import { checkCommand } from './check-command.js';
import { addModels, addRelationships, addTwins, importFolder } from './data-commands.js';
import { historyExportCommand } from './history-export-command.js';
import { bindModel, listBindings, listModels, promoteBinding, uploadModel } from './ml-commands.js';
import { queryCommand } from './query-command.js';
import { readDocuments } from './read-documents.js';
import { startCommand } from './start-command.js';
import { USAGE } from './usage.js';
import { formatTable } from './format-table.js';

const out = (text: string): void => void process.stdout.write(text);
const err = (text: string): void => void process.stderr.write(text);

/** Runs the `doppel` command; resolves with the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      allowNegative: true,
      options: {
        config: { type: 'string' },
        data: { type: 'string' },
        'http-port': { type: 'string' },
        'mqtt-port': { type: 'string' },
        host: { type: 'string' },
        sim: { type: 'boolean' },
        demo: { type: 'boolean' },
        history: { type: 'boolean' },
        fsync: { type: 'string' },
        'log-level': { type: 'string' },
        url: { type: 'string' },
        json: { type: 'boolean' },
        'allow-undefined-extensions': { type: 'boolean' },
        twin: { type: 'string' },
        reason: { type: 'string' },
        path: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        format: { type: 'string' },
        step: { type: 'string' },
        agg: { type: 'string' },
        tz: { type: 'string' },
        out: { type: 'string' },
        all: { type: 'boolean' },
        kind: { type: 'string' },
        merge: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, sub, ...rest] = positionals;
  if (values.help === true || command === undefined || command === 'help') {
    out(USAGE);
    return command === undefined && values.help !== true ? 2 : 0;
  }
  const api = new ApiClient(values.url ?? process.env.DOPPEL_URL ?? 'http://127.0.0.1:8080');
  try {
    switch (command === 'sql' || command === 'query' ? command : `${command} ${sub ?? ''}`.trim()) {
      case 'start':
        return await startCommand(values);
      case 'models check':
        return await checkCommand(
          rest,
          { json: values.json === true, allowUndefinedExtensions: values['allow-undefined-extensions'] === true },
          out,
        );
      case 'models add':
        await addModels(
          api,
          (await readDocuments(rest)).map((source) => source.document),
          out,
        );
        return 0;
      case 'models list': {
        const page = await api.request<{ value: { id: string; decommissioned: boolean }[] }>(
          'GET',
          '/models?pageSize=1000',
        );
        for (const model of page.value) out(`${model.id}${model.decommissioned ? ' (decommissioned)' : ''}\n`);
        return 0;
      }
      case 'twins add':
        return (await addTwins(api, await readDocuments(rest), out)) === 0 ? 0 : 1;
      case 'twins get':
        out(
          `${JSON.stringify(await api.request('GET', `/digitaltwins/${encodeURIComponent(rest[0] ?? '')}`), null, 2)}\n`,
        );
        return 0;
      case 'relationships add':
        return (await addRelationships(api, await readDocuments(rest), out)) === 0 ? 0 : 1;
      case 'sql': {
        const result = await api.request<{ columns: { name: string }[]; rows: unknown[][] }>('POST', '/history/sql', {
          sql: sub ?? '',
        });
        out(
          values.json === true
            ? `${JSON.stringify(result)}\n`
            : formatTable(
                result.columns.map((column) => column.name),
                result.rows,
              ),
        );
        return 0;
      }
      case 'query':
        return await queryCommand(api, sub ?? '', { json: values.json === true, all: values.all === true }, out);
      case 'graph export': {
        if (values.out === undefined) {
          await api.download('/graph/export', process.stdout, { end: false });
          return 0;
        }
        const file = createWriteStream(values.out);
        const bytes = await api.download('/graph/export', file, { end: true });
        out(`wrote ${bytes} bytes (NDJSON, Azure Digital Twins' import format) to ${values.out}\n`);
        return 0;
      }
      case 'graph import': {
        const file = rest[0] ?? '';
        // CSV holds twins or relationships (--kind); anything else is the NDJSON of graph export.
        const csv = file.toLowerCase().endsWith('.csv');
        const report = await api.requestText<{
          twins: { written: number; refused: number };
          relationships: { written: number; refused: number };
          models: { added: number; existing: number };
          errorCount: number;
          errors: { line: number; code: string; message: string }[];
        }>(
          'POST',
          csv ? `/graph/import?kind=${encodeURIComponent(values.kind ?? '')}` : '/graph/import',
          await readFile(file, 'utf8'),
          csv ? 'text/csv' : 'application/x-ndjson',
        );
        out(
          `models: ${report.models.added} added, ${report.models.existing} already there; ` +
            `twins: ${report.twins.written} written, ${report.twins.refused} refused; ` +
            `relationships: ${report.relationships.written} written, ${report.relationships.refused} refused\n`,
        );
        for (const error of report.errors) out(`line ${error.line}: ${error.code}: ${error.message}\n`);
        return report.errorCount === 0 ? 0 : 1;
      }
      case 'alerts export': {
        const set = await api.request<unknown>('GET', '/alert-rules/export');
        const text = `${JSON.stringify(set, null, 2)}\n`;
        if (values.out === undefined) out(text);
        else {
          await writeFile(values.out, text);
          out(`wrote the alert rule set to ${values.out}\n`);
        }
        return 0;
      }
      case 'alerts import': {
        const file = rest[0] ?? '';
        const mode = values.merge === true ? 'merge' : 'replace';
        const result = await api.request<{ rules: number; channels: number }>(
          'POST',
          `/alert-rules/import?mode=${mode}`,
          JSON.parse(await readFile(file, 'utf8')) as unknown,
        );
        out(
          `alert rule set ${mode === 'merge' ? 'merged' : 'replaced'}: ${result.rules} rules, ${result.channels} channels\n`,
        );
        return 0;
      }
      case 'ml upload':
        return await uploadModel(api, rest, out);
      case 'ml list':
        return await listModels(api, out);
      case 'ml bind':
        return await bindModel(api, rest[0], out);
      case 'ml bindings':
        return await listBindings(api, out);
      case 'ml promote':
        return await promoteBinding(api, rest[0], out);
      case 'history export':
        return await historyExportCommand(api, rest[0], values, out, err);
      case 'deadletters list': {
        const query = new URLSearchParams();
        if (values.twin !== undefined) query.set('twinId', values.twin);
        if (values.reason !== undefined) query.set('reason', values.reason);
        out(`${JSON.stringify(await api.request('GET', `/deadletters?${query.toString()}`), null, 2)}\n`);
        return 0;
      }
      default:
        if (command === 'import')
          return await importFolder(
            api,
            [sub ?? '', ...rest].filter((path) => path !== ''),
            out,
          );
        err(`unknown command "${positionals.join(' ')}"\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    err(`${(error as Error).message}\n`);
    return 1;
  }
}

// Run when executed directly (tsx in development); bin/doppel.js calls main() itself.
if (import.meta.url === `file://${process.argv[1]}`) {
  void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
