/**
 * Deterministic sensor data (perf-baseline.md 1): assets × 10 fields, each series a mean-reverting
 * random walk plus Gaussian noise, rounded to the sensor's resolution (0.001 to 1 unit), so that
 * compression sees what real decimal sensor values look like, not white noise or constants.
 */

export interface Field {
  readonly name: string;
  readonly mean: number;
  /** Step of the walk per sample, and the measurement noise on top of it. */
  readonly walkSigma: number;
  readonly noiseSigma: number;
  /** Decimal places: the sensor's resolution is 10^-decimals. */
  readonly decimals: number;
}

export const FIELDS: readonly Field[] = [
  { name: 'temperature', mean: 60, walkSigma: 0.05, noiseSigma: 0.02, decimals: 2 },
  { name: 'humidity', mean: 40, walkSigma: 0.1, noiseSigma: 0.05, decimals: 1 },
  { name: 'pressure', mean: 101.325, walkSigma: 0.01, noiseSigma: 0.004, decimals: 3 },
  { name: 'vibration', mean: 2.5, walkSigma: 0.02, noiseSigma: 0.01, decimals: 3 },
  { name: 'current', mean: 16, walkSigma: 0.05, noiseSigma: 0.02, decimals: 2 },
  { name: 'voltage', mean: 230, walkSigma: 0.2, noiseSigma: 0.1, decimals: 1 },
  { name: 'power', mean: 3_500, walkSigma: 5, noiseSigma: 2, decimals: 0 },
  { name: 'rpm', mean: 1_500, walkSigma: 3, noiseSigma: 1, decimals: 0 },
  { name: 'flow', mean: 12, walkSigma: 0.05, noiseSigma: 0.02, decimals: 2 },
  { name: 'level', mean: 75, walkSigma: 0.3, noiseSigma: 0.2, decimals: 0 },
];
export const FIELD_COUNT = FIELDS.length;
/** Pull back towards the asset's mean per sample: keeps the walk in a plausible band for days. */
const REVERSION = 0.01;

export function assetId(index: number): string {
  return `a${String(index).padStart(4, '0')}`;
}

/** mulberry32: small, fast and good enough for test data; the same seed gives the same data. */
export class Random {
  private state: number;
  private spare: number | undefined;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** Standard normal (Box–Muller, both values used). */
  gaussian(): number {
    if (this.spare !== undefined) {
      const value = this.spare;
      this.spare = undefined;
      return value;
    }
    const u = 1 - this.next();
    const v = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }
}

/** One part of a data set: some assets, a time range at one cadence, written in entries of some rows. */
export interface Part {
  readonly name: string;
  readonly assets: readonly number[];
  readonly fromMs: number;
  readonly stepMs: number;
  /** Rows per asset. */
  readonly rows: number;
  /** Rows per log entry / MQTT message: 1 for live telemetry, more for a gateway's backfill upload. */
  readonly rowsPerEntry: number;
  readonly seed: number;
}

export function partPoints(part: Part): number {
  return part.assets.length * part.rows * FIELD_COUNT;
}

/** Log entries (records, MQTT messages) of a part. */
export function partEntries(part: Part): number {
  return part.assets.length * Math.ceil(part.rows / part.rowsPerEntry);
}

/** One entry's rows: `values[row * FIELD_COUNT + field]`; the buffer is reused, copy what you keep. */
export type EntrySink = (asset: number, firstTsMs: number, stepMs: number, rows: number, values: Float64Array) => void;

/**
 * Generates a part in time-major order (all assets' entry k before any asset's entry k + 1), as
 * devices deliver it. Walk state is per series, so a series is the same whatever else is generated.
 */
export function generate(part: Part, sink: EntrySink): void {
  const walks = part.assets.map((asset) => new SeriesWalks(part.seed * 1_000_003 + asset));
  const buffer = new Float64Array(part.rowsPerEntry * FIELD_COUNT);
  for (let firstRow = 0; firstRow < part.rows; firstRow += part.rowsPerEntry) {
    const rows = Math.min(part.rowsPerEntry, part.rows - firstRow);
    for (const [index, asset] of part.assets.entries()) {
      const walk = walks[index] as SeriesWalks;
      for (let row = 0; row < rows; row++) walk.sample(buffer, row * FIELD_COUNT);
      sink(asset, part.fromMs + firstRow * part.stepMs, part.stepMs, rows, buffer);
    }
  }
}

/** The 10 walks of one asset, each around a mean that differs per asset. */
class SeriesWalks {
  private readonly random: Random;
  private readonly means = new Float64Array(FIELD_COUNT);
  private readonly levels = new Float64Array(FIELD_COUNT);

  constructor(seed: number) {
    this.random = new Random(seed);
    for (const [field, spec] of FIELDS.entries()) {
      this.means[field] = spec.mean * (1 + 0.1 * this.random.gaussian());
      this.levels[field] = this.means[field] as number;
    }
  }

  sample(into: Float64Array, at: number): void {
    for (const [field, spec] of FIELDS.entries()) {
      const mean = this.means[field] as number;
      let level = this.levels[field] as number;
      level += REVERSION * (mean - level) + spec.walkSigma * this.random.gaussian();
      this.levels[field] = level;
      into[at + field] = round(level + spec.noiseSigma * this.random.gaussian(), spec.decimals);
    }
  }
}

const SCALES = [1, 10, 100, 1_000, 10_000];

/** Rounds to `decimals` places; dividing by the integer scale gives the double nearest the decimal. */
function round(value: number, decimals: number): number {
  const scale = SCALES[decimals] as number;
  return Math.round(value * scale) / scale;
}
