/**
 * Runs one binding on the stream: feature windows per twin, inference when a twin is due, in
 * batches (one tensor of many twins' rows), with at most one run in flight, and the shadow model
 * (if any) on the same batch. Twins due while a batch runs wait in a bounded queue, once each.
 */
import { FeatureWindows } from './feature-window.js';
import { OnnxModelError } from './onnx-model-error.js';

/** What the runner needs of a model; `OnnxModel` is one. */
export interface BatchModel {
  readonly featuresPerRow: number;
  fitProblem(inputCount: number, window: number): string | undefined;
  run(batch: Float32Array, rows: number): Promise<Float32Array>;
}

export interface OnnxBindingRunnerOptions {
  model: BatchModel;
  shadow?: BatchModel;
  inputs: readonly string[];
  /** Samples per input in a feature vector. */
  window: number;
  /** Least time between two inferences of a twin, by the rows' source times. */
  everyMs?: number;
  /** Rows per run. */
  maxBatch?: number;
  /** Due twins waiting for a run; beyond it a due twin is dropped (counted) and retried on its next row. */
  queueMax?: number;
  /** Twins with a window; beyond it new twins are refused (counted). */
  twinsMax?: number;
  onOutput(twinId: string, ts: number, value: number): void;
  onShadow?(twinId: string, ts: number, active: number, shadow: number): void;
  /** A failed run (active or shadow) or a throwing callback; the runner carries on. */
  onError(error: unknown): void;
}

export interface OnnxBindingCounters {
  /** Rows the active model produced an output for. */
  inferences: number;
  batches: number;
  errors: number;
  /** Twins waiting for a run now. */
  queued: number;
  /** Duration of the last run (active and shadow together), in milliseconds. */
  lastRunMs: number;
  /** Due twins not queued because the queue was full. */
  dropped: number;
  twins: number;
  /** Rows of twins beyond twinsMax, not tracked. */
  untrackedRows: number;
}

interface TwinSchedule {
  /** Source time of the row that last made the twin due (−∞ before its first inference). */
  lastDueTs: number;
  /** Source time of the newest row in its window. */
  ts: number;
  queued: boolean;
}

export class OnnxBindingRunner {
  private model: BatchModel;
  private shadow: BatchModel | undefined;
  private readonly windows: FeatureWindows;
  private readonly schedules = new Map<string, TwinSchedule>();
  private readonly queue: string[] = [];
  private readonly everyMs: number;
  private readonly maxBatch: number;
  private readonly queueMax: number;
  private batch = new Float32Array(0);
  private inFlight: Promise<void> | undefined;
  private scheduled = false;
  private closed = false;
  private readonly stats = { inferences: 0, batches: 0, errors: 0, lastRunMs: 0, dropped: 0 };

  constructor(private readonly options: OnnxBindingRunnerOptions) {
    this.windows = new FeatureWindows(options.inputs, options.window, options.twinsMax);
    this.model = this.fitting(options.model);
    this.shadow = options.shadow === undefined ? undefined : this.fitting(options.shadow);
    this.everyMs = options.everyMs ?? 1_000;
    this.maxBatch = options.maxBatch ?? 1_024;
    this.queueMax = options.queueMax ?? 16 * this.maxBatch;
    if (!(this.everyMs >= 0) || !Number.isInteger(this.maxBatch) || this.maxBatch < 1 || !(this.queueMax >= 1))
      throw new RangeError('everyMs must be ≥ 0, maxBatch an integer ≥ 1 and queueMax ≥ 1');
  }

  get counters(): OnnxBindingCounters {
    return {
      ...this.stats,
      queued: this.queue.length,
      twins: this.windows.size,
      untrackedRows: this.windows.untrackedRows,
    };
  }

  /** One telemetry row of a twin; values of paths that are not inputs, or not numbers, are ignored. */
  observe(twinId: string, ts: number, values: Readonly<Record<string, unknown>>): void {
    if (this.closed || !this.windows.observe(twinId, values)) return;
    let schedule = this.schedules.get(twinId);
    if (schedule === undefined) {
      schedule = { lastDueTs: Number.NEGATIVE_INFINITY, ts, queued: false };
      this.schedules.set(twinId, schedule);
    }
    if (ts > schedule.ts) schedule.ts = ts;
    // A queued twin runs with whatever its window holds when its batch is formed.
    if (schedule.queued || !this.windows.isFull(twinId) || ts - schedule.lastDueTs < this.everyMs) return;
    if (this.queue.length >= this.queueMax) {
      this.stats.dropped++;
      return;
    }
    schedule.lastDueTs = ts;
    schedule.queued = true;
    this.queue.push(twinId);
    this.schedule();
  }

  /**
   * Promotes or replaces the models; windows are kept. Resolves once no run uses the previous
   * models any more, so the caller may close them then. Throws if a model does not fit.
   */
  async setModels(active: BatchModel, shadow?: BatchModel): Promise<void> {
    const fitted = { active: this.fitting(active), shadow: shadow === undefined ? undefined : this.fitting(shadow) };
    this.model = fitted.active;
    this.shadow = fitted.shadow;
    await this.inFlight;
  }

  forgetTwin(twinId: string): void {
    this.windows.forget(twinId);
    if (this.schedules.get(twinId)?.queued === true) this.queue.splice(this.queue.indexOf(twinId), 1);
    this.schedules.delete(twinId);
  }

  /** Resolves when nothing is queued or running. */
  async idle(): Promise<void> {
    while (this.inFlight !== undefined || this.scheduled)
      await (this.inFlight ?? new Promise<void>((resolve) => setImmediate(resolve)));
  }

  /**
   * Stops taking rows and waits for the run in flight, whose outputs are not delivered.
   * The models stay open: the caller owns them (one may serve several bindings).
   */
  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    await this.inFlight;
    this.schedules.clear();
  }

  private fitting(model: BatchModel): BatchModel {
    const problem = model.fitProblem(this.options.inputs.length, this.options.window);
    if (problem !== undefined) throw new OnnxModelError('onnx.shape-mismatch', problem);
    return model;
  }

  /** Batches form on the next turn of the event loop, so twins made due by one burst of rows share a run. */
  private schedule(): void {
    if (this.scheduled || this.inFlight !== undefined) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    if (this.inFlight !== undefined || this.closed || this.queue.length === 0) return;
    this.inFlight = this.runBatch().then(() => {
      this.inFlight = undefined;
      this.drain();
    });
  }

  /** Never rejects: failures are counted and reported through onError. */
  private async runBatch(): Promise<void> {
    const width = this.windows.width;
    const taken = this.queue.splice(0, this.maxBatch);
    if (this.batch.length < taken.length * width)
      this.batch = new Float32Array(Math.min(this.maxBatch, 2 ** Math.ceil(Math.log2(taken.length))) * width);
    const twins: string[] = [];
    const schedules: TwinSchedule[] = [];
    const times: number[] = []; // of each row's newest sample, as copied: rows may arrive during the run
    for (const twinId of taken) {
      const schedule = this.schedules.get(twinId);
      if (schedule === undefined) continue;
      schedule.queued = false;
      if (!this.windows.copyTo(twinId, this.batch, twins.length * width)) continue;
      twins.push(twinId);
      schedules.push(schedule);
      times.push(schedule.ts);
    }
    if (twins.length === 0) return;
    const { model, shadow } = this;
    const started = performance.now();
    this.stats.batches++;
    const [active, shadowed] = await Promise.all([
      this.attempt(model, twins.length),
      shadow === undefined ? undefined : this.attempt(shadow, twins.length),
    ]);
    this.stats.lastRunMs = performance.now() - started;
    if (active === undefined || this.closed) return;
    this.stats.inferences += twins.length;
    for (let i = 0; i < twins.length; i++) {
      const twinId = twins[i] as string;
      const ts = times[i] as number;
      if (this.schedules.get(twinId) !== schedules[i]) continue; // forgotten during the run
      try {
        this.options.onOutput(twinId, ts, active[i] as number);
        if (shadowed !== undefined) this.options.onShadow?.(twinId, ts, active[i] as number, shadowed[i] as number);
      } catch (error) {
        this.fail(error);
      }
    }
  }

  private async attempt(model: BatchModel, rows: number): Promise<Float32Array | undefined> {
    try {
      return await model.run(this.batch, rows);
    } catch (error) {
      this.fail(error);
      return undefined;
    }
  }

  private fail(error: unknown): void {
    this.stats.errors++;
    try {
      this.options.onError(error);
    } catch {
      // onError is the last resort; a throwing one must not stop the runner.
    }
  }
}
