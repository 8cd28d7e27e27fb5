import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface SourceDocument {
  readonly file: string;
  readonly document: unknown;
}

/** Reads JSON (one value, or an array) and NDJSON files; a directory is read recursively, in name order. */
export async function readDocuments(paths: readonly string[]): Promise<SourceDocument[]> {
  const out: SourceDocument[] = [];
  for (const path of paths) {
    const info = await stat(path);
    if (info.isDirectory()) {
      const names = (await readdir(path)).sort();
      out.push(...(await readDocuments(names.filter((name) => !name.startsWith('.')).map((name) => join(path, name)))));
      continue;
    }
    if (!/\.(json|ndjson|jsonl)$/i.test(path)) continue;
    // Files saved by Windows tools often start with a byte-order mark, which JSON.parse refuses
    // (RealEstateCore's ontology files do).
    const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
    if (/\.(ndjson|jsonl)$/i.test(path)) {
      text.split('\n').forEach((line, index) => {
        if (line.trim() === '') return;
        try {
          out.push({ file: `${path}:${index + 1}`, document: JSON.parse(line) });
        } catch (error) {
          throw new Error(`${path}:${index + 1}: invalid JSON: ${(error as Error).message}`, { cause: error });
        }
      });
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new Error(`${path}: invalid JSON: ${(error as Error).message}`, { cause: error });
    }
    for (const document of Array.isArray(value) ? value : [value]) out.push({ file: path, document });
  }
  return out;
}

export type DocumentKind = 'model' | 'twin' | 'relationship' | 'unknown';

/** Tells models, twins and relationships apart by their distinguishing keys. */
export function kindOf(document: unknown): DocumentKind {
  if (typeof document !== 'object' || document === null) return 'unknown';
  const doc = document as Record<string, unknown>;
  if (doc['@type'] === 'Interface' || (Array.isArray(doc['@type']) && doc['@type'].includes('Interface')))
    return 'model';
  if (typeof doc.$relationshipName === 'string' && typeof doc.$sourceId === 'string') return 'relationship';
  if (typeof doc.$dtId === 'string') return 'twin';
  return 'unknown';
}
