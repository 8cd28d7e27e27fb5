/**
 * The feature windows of one binding, per twin: the last `window` rows of its inputs, where a row
 * holds the latest value of every input (sample-and-hold) each time any of them gets a new value.
 * A ring buffer per twin; observing and copying allocate nothing once a twin is known.
 */
interface TwinWindow {
  /** Latest value of each input, NaN until the first one arrives. */
  readonly latest: Float64Array;
  /** How many inputs have a value: rows are formed only once all have. */
  known: number;
  /** `window` rows of `inputs` floats; row `next` is the oldest once the ring is full. */
  readonly ring: Float32Array;
  next: number;
  rows: number;
}

export class FeatureWindows {
  /** Floats in a feature vector: window × inputs. */
  readonly width: number;
  /** Rows of twins not tracked because twinsMax twins were: counted, never silent. */
  untrackedRows = 0;
  private readonly paths: readonly string[];
  private readonly twins = new Map<string, TwinWindow>();

  constructor(
    inputs: readonly string[],
    readonly window: number,
    readonly twinsMax = 100_000,
  ) {
    if (inputs.length === 0 || new Set(inputs).size !== inputs.length)
      throw new RangeError('inputs must be distinct and at least one');
    if (!Number.isInteger(window) || window < 1) throw new RangeError(`window must be an integer ≥ 1: ${window}`);
    this.paths = [...inputs];
    this.width = inputs.length * window;
  }

  get size(): number {
    return this.twins.size;
  }

  /**
   * Takes the values of one telemetry row of a twin (finite numbers count; anything else is
   * ignored) and appends a row when one of them is an input and every input has a value.
   * Returns whether a row was appended.
   */
  observe(twinId: string, values: Readonly<Record<string, unknown>>): boolean {
    let twin = this.twins.get(twinId);
    let changed = false;
    for (let i = 0; i < this.paths.length; i++) {
      const value = values[this.paths[i] as string];
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      if (twin === undefined) {
        if (this.twins.size >= this.twinsMax) {
          this.untrackedRows++;
          return false;
        }
        twin = this.track(twinId);
      }
      if (Number.isNaN(twin.latest[i])) twin.known++;
      twin.latest[i] = value;
      changed = true;
    }
    if (!changed || twin === undefined || twin.known < this.paths.length) return false;
    const n = this.paths.length;
    const at = twin.next * n;
    for (let i = 0; i < n; i++) twin.ring[at + i] = twin.latest[i] as number;
    twin.next = (twin.next + 1) % this.window;
    if (twin.rows < this.window) twin.rows++;
    return true;
  }

  isFull(twinId: string): boolean {
    const twin = this.twins.get(twinId);
    return twin !== undefined && twin.rows === this.window;
  }

  /**
   * Writes the twin's window, oldest row first ([t-w+1 inputs…, …, t inputs…]), into
   * `target[offset … offset + width)`. Returns false (and writes nothing) until the window is full.
   */
  copyTo(twinId: string, target: Float32Array, offset: number): boolean {
    const twin = this.twins.get(twinId);
    if (twin === undefined || twin.rows < this.window) return false;
    // Full ring: the oldest row is the next to be overwritten. Two contiguous runs, copied in order.
    const split = twin.next * this.paths.length;
    const ring = twin.ring;
    let to = offset;
    for (let i = split; i < ring.length; i++) target[to++] = ring[i] as number;
    for (let i = 0; i < split; i++) target[to++] = ring[i] as number;
    return true;
  }

  forget(twinId: string): boolean {
    return this.twins.delete(twinId);
  }

  private track(twinId: string): TwinWindow {
    const twin: TwinWindow = {
      latest: new Float64Array(this.paths.length).fill(Number.NaN),
      known: 0,
      ring: new Float32Array(this.width),
      next: 0,
      rows: 0,
    };
    this.twins.set(twinId, twin);
    return twin;
  }
}
