import type { ApiClient } from './api-client.js';
import type { SourceDocument } from './read-documents.js';
import { kindOf, readDocuments } from './read-documents.js';

type Out = (text: string) => void;

/** Uploads models in one all-or-nothing request (so that models may reference each other). */
export async function addModels(api: ApiClient, documents: readonly unknown[], out: Out): Promise<void> {
  if (documents.length === 0) return;
  const created = await api.request<{ id: string }[]>('POST', '/models', documents);
  out(`added ${created.length} model(s)\n`);
}

export async function addTwins(api: ApiClient, sources: readonly SourceDocument[], out: Out): Promise<number> {
  let failed = 0;
  for (const { file, document } of sources) {
    const twin = document as { $dtId: string };
    try {
      await api.request('PUT', `/digitaltwins/${encodeURIComponent(twin.$dtId)}`, document);
    } catch (error) {
      failed++;
      out(`${file}: twin ${twin.$dtId}: ${(error as Error).message}\n`);
    }
  }
  out(`twins: ${sources.length - failed} added, ${failed} failed\n`);
  return failed;
}

export async function addRelationships(api: ApiClient, sources: readonly SourceDocument[], out: Out): Promise<number> {
  let failed = 0;
  for (const { file, document } of sources) {
    const rel = document as {
      $sourceId: string;
      $relationshipId?: string;
      $targetId: string;
      $relationshipName: string;
    };
    const id = rel.$relationshipId ?? `${rel.$sourceId}-${rel.$relationshipName}-${rel.$targetId}`;
    try {
      await api.request(
        'PUT',
        `/digitaltwins/${encodeURIComponent(rel.$sourceId)}/relationships/${encodeURIComponent(id)}`,
        document,
      );
    } catch (error) {
      failed++;
      out(`${file}: relationship ${id}: ${(error as Error).message}\n`);
    }
  }
  out(`relationships: ${sources.length - failed} added, ${failed} failed\n`);
  return failed;
}

/** `doppel import DIR`: models first, then twins, then relationships, whatever the file order. */
export async function importFolder(api: ApiClient, paths: readonly string[], out: Out): Promise<number> {
  const sources = await readDocuments(paths);
  const byKind = {
    model: [] as SourceDocument[],
    twin: [] as SourceDocument[],
    relationship: [] as SourceDocument[],
    unknown: [] as SourceDocument[],
  };
  for (const source of sources) byKind[kindOf(source.document)].push(source);
  for (const { file } of byKind.unknown)
    out(
      `${file}: skipped: neither a DTDL Interface, a twin ($dtId) nor a relationship ($sourceId, $relationshipName)\n`,
    );
  await addModels(
    api,
    byKind.model.map((source) => source.document),
    out,
  );
  const failed = (await addTwins(api, byKind.twin, out)) + (await addRelationships(api, byKind.relationship, out));
  return failed === 0 && byKind.unknown.length === 0 ? 0 : 1;
}
