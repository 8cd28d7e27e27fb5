/**
 * The platform's clock as seen from this page: the browser clock corrected by the offset measured
 * at the live connection's `hello`. Ages ("2 s ago", freshness) are computed against it so that a
 * wrong browser clock does not make every value look stale.
 */
export class ServerClock {
  private offsetMs = 0;

  /** `serverTimeMs` from `hello`; half the connect round trip is ignored (a few ms). */
  sync(serverTimeMs: number, localNowMs: number = Date.now()): void {
    this.offsetMs = serverTimeMs - localNowMs;
  }

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }
}
