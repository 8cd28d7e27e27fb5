import type { RestClient } from '../api/rest-client';
import type { ContentInfo, ModelInfo } from './model-info';
import { modelInfoFrom, resolveContents } from './model-info';

export type ModelEntry =
  | { readonly status: 'loading' }
  | { readonly status: 'loaded'; readonly info: ModelInfo }
  | { readonly status: 'error'; readonly error: unknown };

/** A model with the contents inherited from its (loaded) bases. */
export interface ResolvedModel {
  readonly info: ModelInfo;
  readonly contents: readonly ContentInfo[];
  readonly byName: ReadonlyMap<string, ContentInfo>;
  /** Telemetry names in declaration order: the first is the twin's main telemetry. */
  readonly telemetryNames: readonly string[];
}

/**
 * Models by DTMI, fetched once each (twins share few models) with their bases (`extends`).
 * Snapshots are stable objects until a fetch completes, as useSyncExternalStore requires.
 */
export class ModelStore {
  private readonly entries = new Map<string, ModelEntry>();
  private readonly resolvedCache = new Map<string, ResolvedModel>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly rest: RestClient) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  entry(modelId: string): ModelEntry | undefined {
    return this.entries.get(modelId);
  }

  /** Starts fetching a model (and its bases) unless it is loaded or loading. */
  ensure(modelId: string): void {
    if (this.entries.has(modelId)) return;
    this.entries.set(modelId, { status: 'loading' });
    this.rest.getModel(modelId).then(
      (data) => {
        const info = modelInfoFrom(data);
        this.settle(modelId, { status: 'loaded', info });
        for (const base of info.extends) this.ensure(base);
      },
      (error: unknown) => this.settle(modelId, { status: 'error', error }),
    );
  }

  /** Forgets a failed model so that the next ensure() fetches it again. */
  retry(modelId: string): void {
    if (this.entries.get(modelId)?.status !== 'error') return;
    this.entries.delete(modelId);
    this.ensure(modelId);
    this.notify();
  }

  resolved(modelId: string): ResolvedModel | undefined {
    const cached = this.resolvedCache.get(modelId);
    if (cached !== undefined) return cached;
    const entry = this.entries.get(modelId);
    if (entry?.status !== 'loaded') return undefined;
    const contents = resolveContents(modelId, (id) => {
      const each = this.entries.get(id);
      return each?.status === 'loaded' ? each.info : undefined;
    });
    const resolved: ResolvedModel = {
      info: entry.info,
      contents,
      byName: new Map(contents.map((content) => [content.name, content])),
      telemetryNames: contents.filter((content) => content.kind === 'telemetry').map((content) => content.name),
    };
    this.resolvedCache.set(modelId, resolved);
    return resolved;
  }

  private settle(modelId: string, entry: ModelEntry): void {
    this.entries.set(modelId, entry);
    // A base arriving changes every model that extends it: recompute lazily.
    this.resolvedCache.clear();
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
