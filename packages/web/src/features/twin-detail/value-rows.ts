import type { ContentInfo } from '../../models/model-info';
import type { ResolvedModel } from '../../models/model-store';

export interface ValueRowSpec {
  readonly path: string;
  readonly content: ContentInfo | undefined;
}

/**
 * The rows of the values table: every telemetry the model declares (so that a silent sensor shows
 * as "no data" instead of missing), then every other live path, in model order, then by name.
 */
export function valueRows(model: ResolvedModel | undefined, livePaths: readonly string[]): ValueRowSpec[] {
  const live = new Set(livePaths);
  const rows: ValueRowSpec[] = [];
  const seen = new Set<string>();
  for (const content of model?.contents ?? []) {
    if (content.kind === 'telemetry' || live.has(content.name)) {
      rows.push({ path: content.name, content });
      seen.add(content.name);
    }
  }
  for (const path of [...livePaths].sort()) {
    if (!seen.has(path)) rows.push({ path, content: model?.byName.get(path) });
  }
  return rows;
}
