/**
 * The twins this page wants live, reference-counted (the tree and the detail panel may both want
 * the same twin), and the twins the server currently has for this connection. `diff()` says what
 * to send to bring the server in line; after a reconnect `forgetSent()` makes it resend everything.
 */
export class SubscriptionSet {
  private readonly counts = new Map<string, number>();
  private readonly sent = new Set<string>();

  /** @param twinsMax most twins subscribed at once; wanted twins beyond it wait for room. */
  constructor(private readonly twinsMax: number) {}

  get wantedCount(): number {
    return this.counts.size;
  }

  retain(twinIds: readonly string[]): void {
    for (const id of twinIds) this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
  }

  /** Returns the twins that nobody wants any more. */
  release(twinIds: readonly string[]): string[] {
    const dropped: string[] = [];
    for (const id of twinIds) {
      const count = this.counts.get(id);
      if (count === undefined) continue;
      if (count > 1) this.counts.set(id, count - 1);
      else {
        this.counts.delete(id);
        dropped.push(id);
      }
    }
    return dropped;
  }

  isWanted(twinId: string): boolean {
    return this.counts.has(twinId);
  }

  /** The frames' content to send now; marks them as sent. */
  diff(): { subscribe: string[]; unsubscribe: string[] } {
    const unsubscribe = [...this.sent].filter((id) => !this.counts.has(id));
    for (const id of unsubscribe) this.sent.delete(id);
    const subscribe: string[] = [];
    for (const id of this.counts.keys()) {
      if (this.sent.size >= this.twinsMax) break;
      if (this.sent.has(id)) continue;
      this.sent.add(id);
      subscribe.push(id);
    }
    return { subscribe, unsubscribe };
  }

  forgetSent(): void {
    this.sent.clear();
  }
}
