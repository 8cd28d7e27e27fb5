import type { TreeNode } from '@doppel/protocol';
import type { RestClient } from '../../api/rest-client';

/** Key of the list of root twins in `children`. */
export const ROOT_KEY = '';

export interface ChildList {
  readonly ids: readonly string[];
  readonly nextLink: string | null;
  readonly status: 'loading' | 'idle' | 'error';
  readonly error: unknown;
}

export interface TreeStoreOptions {
  /** Children per page; the server caps it (pageSizeMax). */
  readonly pageSize: number;
}

/**
 * The navigation tree as loaded so far: nodes by id, child lists by parent (loaded lazily, one
 * page at a time) and the expanded set. Mutable inside, with a version number as the snapshot
 * for useSyncExternalStore, so that 100,000 loaded nodes are not copied on every change.
 */
export class TreeStore {
  readonly nodes = new Map<string, TreeNode>();
  readonly children = new Map<string, ChildList>();
  readonly expanded = new Set<string>();
  private version = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly rest: RestClient,
    private readonly options: TreeStoreOptions,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  /** Loads the roots once (again after an error). */
  loadRoots(): void {
    const list = this.children.get(ROOT_KEY);
    if (list === undefined || (list.status === 'error' && list.ids.length === 0)) this.loadPage(ROOT_KEY);
  }

  toggle(twinId: string): void {
    if (this.expanded.has(twinId)) this.collapse(twinId);
    else this.expand(twinId);
  }

  expand(twinId: string): void {
    if (this.expanded.has(twinId)) return;
    this.expanded.add(twinId);
    if (!this.children.has(twinId)) this.loadPage(twinId);
    this.changed();
  }

  collapse(twinId: string): void {
    if (this.expanded.delete(twinId)) this.changed();
  }

  /** Fetches the next page of a child list (the "load more" row), or retries a failed page. */
  loadPage(parentKey: string): void {
    const list = this.children.get(parentKey);
    if (list?.status === 'loading') return;
    if (list !== undefined && list.status !== 'error' && list.nextLink === null) return;
    this.children.set(parentKey, {
      ids: list?.ids ?? [],
      nextLink: list?.nextLink ?? null,
      status: 'loading',
      error: undefined,
    });
    this.changed();
    const request =
      list?.nextLink != null
        ? this.rest.getNextTreePage(list.nextLink)
        : this.rest.getTreePage({
            ...(parentKey === ROOT_KEY ? {} : { parentId: parentKey }),
            pageSize: this.options.pageSize,
          });
    request.then(
      (page) => {
        const before = this.children.get(parentKey)?.ids ?? [];
        const known = new Set(before);
        for (const node of page.value) this.nodes.set(node.$dtId, node);
        const added = page.value.map((node) => node.$dtId).filter((id) => !known.has(id));
        this.children.set(parentKey, {
          ids: [...before, ...added],
          nextLink: page.nextLink,
          status: 'idle',
          error: undefined,
        });
        this.changed();
      },
      (error: unknown) => {
        const current = this.children.get(parentKey);
        this.children.set(parentKey, {
          ids: current?.ids ?? [],
          nextLink: current?.nextLink ?? null,
          status: 'error',
          error,
        });
        this.changed();
      },
    );
  }

  private changed(): void {
    this.version += 1;
    for (const listener of [...this.listeners]) listener();
  }
}
