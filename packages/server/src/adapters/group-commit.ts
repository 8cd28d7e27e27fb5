/**
 * Group commit for the SQLite adapters: items handed in during the same tick are committed
 * together by one `commit` call (one transaction: SQLite commits are the cost, not rows), in the
 * order they came; each caller's promise resolves once that commit returned, or rejects with its
 * error (the whole group shares its fate).
 */
export class GroupCommit<T> {
  private pending: { readonly item: T; readonly resolve: () => void; readonly reject: (error: unknown) => void }[] = [];
  private scheduled = false;

  constructor(private readonly commit: (items: readonly T[]) => void) {}

  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits what waits now (closing the store must not leave saves behind). */
  flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    try {
      this.commit(batch.map(({ item }) => item));
      for (const waiter of batch) waiter.resolve();
    } catch (error) {
      for (const waiter of batch) waiter.reject(error);
    }
  }
}
