import { ModelSet, parseModels } from '@doppel/dtdl';
import { BUILT_IN_MODELS } from '@doppel/protocol';
import { readDocuments } from './read-documents.js';

/**
 * `doppel models check`: offline DTDL validation. Exit 0 valid, 1 invalid, 2 usage error. The
 * platform's built-in interfaces (e.g. BearingMonitor) count as uploaded, as on a platform, where
 * they are registered before any model; unless the files define them.
 */
export async function checkCommand(
  paths: readonly string[],
  options: { json: boolean; allowUndefinedExtensions: boolean },
  out: (text: string) => void,
): Promise<number> {
  if (paths.length === 0) {
    out('doppel models check: give at least one file or directory\n');
    return 2;
  }
  let documents;
  try {
    documents = await readDocuments(paths);
  } catch (error) {
    out(`doppel models check: ${(error as Error).message}\n`);
    return 2;
  }
  const result = parseModels(
    documents.map((source) => source.document),
    { allowUndefinedExtensions: options.allowUndefinedExtensions, existing: builtInsBesides(documents) },
  );
  if (options.json) {
    out(
      `${JSON.stringify(result.ok ? { valid: true, interfaces: result.interfaces.map((info) => info.id) } : { valid: false, errors: result.errors }, null, 2)}\n`,
    );
  } else if (result.ok) {
    out(`valid: ${result.interfaces.length} interface(s) in ${documents.length} document(s)\n`);
  } else {
    for (const error of result.errors)
      out(`error ${error.code}${error.elementId ? ` [${error.elementId}]` : ''}: ${error.message}\n`);
    out(`${result.errors.length} error(s)\n`);
  }
  return result.ok ? 0 : 1;
}

function builtInsBesides(documents: readonly { document: unknown }[]): ModelSet {
  const ids = new Set(
    documents
      .flatMap(({ document }) => (Array.isArray(document) ? (document as unknown[]) : [document]))
      .map((document) => (document as { '@id'?: unknown } | null)?.['@id']),
  );
  const parsed = parseModels(BUILT_IN_MODELS.filter((model) => !ids.has(model['@id'])));
  return new ModelSet(parsed.ok ? parsed.interfaces : []);
}
