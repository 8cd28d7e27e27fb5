import { readdirSync, readFileSync } from 'node:fs';
import type { DtdlInterface } from './model-document.js';
import { extendsOf } from './model-document.js';

/**
 * The demo models live as JSON documents in `packages/sim/models/` (data, not code), so that
 * `doppel models check` and other DTDL tools can read them as they are. The folder sits one level
 * above both `src/` and `dist/`, so the same relative URL works from sources and from the build.
 */
export const DEMO_MODELS_DIR = new URL('../models/', import.meta.url);

/** Reads every `*.json` model of the folder, ordered so that a base comes before what extends it. */
export function loadModels(dir: URL = DEMO_MODELS_DIR): DtdlInterface[] {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort();
  const documents = files.map((file) => JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as DtdlInterface);
  return orderBasesFirst(documents);
}

/**
 * Depth-first topological order on `extends`; uploads to a registry need bases first. A base that
 * is not among the documents (the platform's built-in BearingMonitor, which the pump extends and
 * the platform registers before any model) is left to the registry.
 */
export function orderBasesFirst(documents: readonly DtdlInterface[]): DtdlInterface[] {
  const byId = new Map(documents.map((document) => [document['@id'], document]));
  const ordered: DtdlInterface[] = [];
  const visited = new Set<string>();
  const visit = (document: DtdlInterface): void => {
    if (visited.has(document['@id'])) return;
    visited.add(document['@id']);
    for (const baseId of extendsOf(document)) {
      const base = byId.get(baseId);
      if (base !== undefined) visit(base);
    }
    ordered.push(document);
  };
  documents.forEach(visit);
  return ordered;
}
