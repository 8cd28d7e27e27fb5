import type { Clock, Logger } from '@doppel/core';
import type { MlBindingView, TwinModelsView } from '@doppel/protocol';
import { DoppelError } from '@doppel/core';
import type { AlertService } from '../alerts/alert-service.js';
import type { ArtifactStore } from '../artifacts/artifact-store.js';
import type { PropertySeries } from '../asset-anomaly/training-rows.js';
import { alertOnDrift } from '../drift/drift-alerts.js';
import { DriftMonitor } from '../drift/drift-monitor.js';
import { ReferenceDistribution } from '../drift/reference-distribution.js';
import type { ReferenceDistributionJson } from '../drift/reference-json.js';
import type { IngestEntry } from '../../ingest/ingest-types.js';
import type { SubmitInput } from '../derived-writer.js';
import { DerivedWriter } from '../derived-writer.js';
import { OnnxBindingRunner } from './binding-runner.js';
import type { OnnxCatalog } from './onnx-catalog.js';
import type { OnnxBinding } from './onnx-types.js';
import { checkBindingInput } from './onnx-types.js';
import { ShadowComparison } from './shadow-comparison.js';

/** Twins whose history makes a binding's drift reference; more would only slow the PUT. */
const REFERENCE_TWINS_MAX = 50;
/** Without a reference window, the first values the binding sees of each input become its reference. */
const LEARNED_REFERENCE_SAMPLES = 1_000;
const REFERENCE_POINTS_MAX = 200_000;

export interface OnnxWiring {
  readonly store: ArtifactStore;
  readonly catalog: OnnxCatalog;
  readonly alerts: AlertService;
  /** The twin's model and the models it extends. */
  modelsOf(twinId: string): readonly string[];
  /** The twin's own model (history tables are per model). */
  modelOf(twinId: string): string | undefined;
  twinsOf(modelId: string): readonly string[];
  /** Numeric telemetry of a model (its own and inherited); undefined for an unknown model. */
  numericTelemetryOf(modelId: string): readonly string[] | undefined;
  readHistory(
    twinId: string,
    modelId: string,
    paths: readonly string[],
    fromMs: number,
    toMs: number,
  ): Promise<PropertySeries[]>;
  readonly submit: SubmitInput;
  readonly clock: Clock;
  readonly logger: Logger;
}

interface StoredBinding {
  readonly binding: OnnxBinding;
  /** Per input, the distribution drift is measured against (absent until learned). */
  readonly reference?: Readonly<Record<string, ReferenceDistributionJson>>;
}

interface RunningBinding {
  /** Replaced once a learned reference is stored with it. */
  stored: StoredBinding;
  readonly runner: OnnxBindingRunner;
  readonly shadow: ShadowComparison | undefined;
  readonly drift: DriftMonitor;
  references: Map<string, ReferenceDistribution> | undefined;
  /** Values collected to learn the reference when no window was given. */
  readonly learning: Map<string, number[]>;
  /** Twins whose inputs drift watches (watched on first sight). */
  readonly watched: Set<string>;
  readonly lastOutput: Map<string, number>;
  readonly lastShadow: Map<string, number>;
  /** The last failed run's reason (a run fails whole; the runner carries on). */
  readonly failure: { message?: string };
}

/**
 * User ONNX models on the stream (docs/models.md): a binding runs one version of an uploaded
 * model on the telemetry of every twin of a DTDL model (feature windows, batched inference) and
 * writes its output back as derived telemetry; a shadow version runs beside it on the same rows,
 * compared (and optionally written to another property) until promoted. Each binding watches its
 * inputs for drift against a reference window of history.
 */
export class PlatformOnnx {
  private readonly bindings = new Map<string, RunningBinding>();
  private readonly byModel = new Map<string, RunningBinding[]>();
  private readonly writer: DerivedWriter;

  constructor(private readonly wiring: OnnxWiring) {
    this.writer = new DerivedWriter('onnx', 'model outputs', wiring.submit, wiring.clock, wiring.logger);
  }

  async start(): Promise<void> {
    for (const artifact of await this.wiring.store.list('onnx-binding')) {
      const stored = artifact.document as StoredBinding;
      try {
        await this.run(stored);
      } catch (error) {
        this.wiring.logger.error('a model binding could not start', {
          binding: stored.binding.id,
          error: (error as Error).message,
        });
      }
    }
  }

  get bindingCount(): number {
    return this.bindings.size;
  }

  observe(entry: IngestEntry): void {
    if (entry.kind !== 'telemetry' || this.bindings.size === 0) return;
    for (const model of this.wiring.modelsOf(entry.twinId)) {
      const running = this.byModel.get(model);
      if (running === undefined) continue;
      for (const binding of running) {
        for (const row of entry.rows) {
          binding.runner.observe(entry.twinId, row.ts, row.values);
          this.observeDrift(binding, entry.twinId, row.ts, row.values);
        }
      }
    }
  }

  async put(id: string, body: unknown): Promise<MlBindingView> {
    const check = checkBindingInput({ ...(body as object), id });
    if (!check.ok)
      throw new DoppelError(
        'mlbinding.invalid',
        check.problems.map((problem) => `/${problem.field}: ${problem.message}`).join('; '),
      );
    const { binding } = check;
    this.checkAgainstModel(binding);
    const reference =
      binding.referenceFrom === undefined || binding.referenceTo === undefined
        ? undefined
        : await this.referenceFromHistory(binding, Date.parse(binding.referenceFrom), Date.parse(binding.referenceTo));
    const stored: StoredBinding = { binding, ...(reference === undefined ? {} : { reference }) };
    await this.stop(id);
    await this.run(stored);
    await this.save(stored);
    return this.view(id);
  }

  /** The shadow version becomes the active one (and its output goes to the binding's output). */
  async promote(id: string): Promise<MlBindingView> {
    const current = this.bindingOrThrow(id).stored;
    const { shadowVersion, shadowOutputProperty: _shadowOutput, ...rest } = current.binding;
    if (shadowVersion === undefined)
      throw new DoppelError('mlbinding.invalid', `binding ${id} has no shadow version to promote`);
    const stored: StoredBinding = { ...current, binding: { ...rest, version: shadowVersion } };
    await this.stop(id);
    await this.run(stored);
    await this.save(stored);
    return this.view(id);
  }

  async delete(id: string): Promise<void> {
    this.bindingOrThrow(id);
    await this.stop(id);
    await this.wiring.store.delete('onnx-binding', id);
  }

  /** Whether a binding runs this version (active or shadow): such a version cannot be deleted. */
  usedBy(name: string, version: string): string | undefined {
    for (const { stored } of this.bindings.values()) {
      const { binding } = stored;
      if (binding.mlModel === name && (binding.version === version || binding.shadowVersion === version))
        return binding.id;
    }
    return undefined;
  }

  view(id: string): MlBindingView {
    const running = this.bindingOrThrow(id);
    return {
      ...running.stored.binding,
      status: {
        ...running.runner.counters,
        ...(running.failure.message === undefined ? {} : { lastError: running.failure.message }),
      },
      shadow: running.shadow?.view() ?? null,
      drift: running.drift.view().driftedInputs,
      referenceReady: running.references !== undefined,
    };
  }

  list(): MlBindingView[] {
    return [...this.bindings.keys()].sort().map((id) => this.view(id));
  }

  /** What runs on one twin, with its latest outputs. */
  twinBindings(twinId: string): TwinModelsView['bindings'] {
    const models = this.wiring.modelsOf(twinId);
    return [...this.bindings.values()]
      .filter((running) => models.includes(running.stored.binding.modelId))
      .map(({ stored: { binding }, lastOutput, lastShadow, drift }) => ({
        id: binding.id,
        mlModel: binding.mlModel,
        version: binding.version,
        shadowVersion: binding.shadowVersion ?? null,
        outputProperty: binding.outputProperty,
        lastOutput: lastOutput.get(twinId) ?? null,
        lastShadowOutput: lastShadow.get(twinId) ?? null,
        drift: drift.view(twinId),
      }));
  }

  forgetTwin(twinId: string): void {
    for (const running of this.bindings.values()) {
      running.runner.forgetTwin(twinId);
      running.drift.forget(twinId);
      running.watched.delete(twinId);
      running.lastOutput.delete(twinId);
      running.lastShadow.delete(twinId);
    }
  }

  async close(): Promise<void> {
    for (const id of [...this.bindings.keys()]) await this.stop(id);
  }

  private async run(stored: StoredBinding): Promise<void> {
    const { binding } = stored;
    const { catalog } = this.wiring;
    const model = await catalog.session(binding.mlModel, binding.version);
    const shadowModel =
      binding.shadowVersion === undefined ? undefined : await catalog.session(binding.mlModel, binding.shadowVersion);
    for (const candidate of [model, shadowModel]) {
      const problem = candidate?.fitProblem(binding.inputs.length, binding.window);
      if (problem !== undefined) throw new DoppelError('mlbinding.invalid', problem);
    }
    const lastOutput = new Map<string, number>();
    const lastShadow = new Map<string, number>();
    const shadow = shadowModel === undefined ? undefined : new ShadowComparison();
    const failure: { message?: string } = {};
    const runner = new OnnxBindingRunner({
      model,
      ...(shadowModel === undefined ? {} : { shadow: shadowModel }),
      inputs: binding.inputs,
      window: binding.window,
      everyMs: binding.everyMs,
      onOutput: (twinId, ts, value) => {
        lastOutput.set(twinId, value);
        this.output(twinId, ts, binding.outputProperty, value);
      },
      onShadow: (twinId, ts, active, shadowValue) => {
        shadow?.add(active, shadowValue);
        lastShadow.set(twinId, shadowValue);
        if (binding.shadowOutputProperty !== undefined)
          this.output(twinId, ts, binding.shadowOutputProperty, shadowValue);
      },
      onError: (error) => {
        failure.message = (error as Error).message;
      },
    });
    const running: RunningBinding = {
      stored,
      runner,
      shadow,
      drift: new DriftMonitor(
        {},
        alertOnDrift(this.wiring.alerts, this.wiring.clock, `drift.${binding.id}`, binding.id),
      ),
      references:
        stored.reference === undefined
          ? undefined
          : new Map(
              Object.entries(stored.reference).map(([input, json]) => [input, ReferenceDistribution.fromJSON(json)]),
            ),
      learning: new Map(),
      watched: new Set(),
      lastOutput,
      lastShadow,
      failure,
    };
    this.bindings.set(binding.id, running);
    const sameModel = this.byModel.get(binding.modelId) ?? [];
    sameModel.push(running);
    this.byModel.set(binding.modelId, sameModel);
  }

  private async stop(id: string): Promise<void> {
    const running = this.bindings.get(id);
    if (running === undefined) return;
    this.bindings.delete(id);
    const sameModel = (this.byModel.get(running.stored.binding.modelId) ?? []).filter((other) => other !== running);
    if (sameModel.length === 0) this.byModel.delete(running.stored.binding.modelId);
    else this.byModel.set(running.stored.binding.modelId, sameModel);
    await running.runner.close();
  }

  private async save(stored: StoredBinding): Promise<void> {
    await this.wiring.store.put({
      kind: 'onnx-binding',
      id: stored.binding.id,
      document: stored,
      updatedMs: this.wiring.clock.nowMs(),
    });
  }

  private observeDrift(running: RunningBinding, twinId: string, ts: number, values: Readonly<Record<string, unknown>>) {
    const { inputs } = running.stored.binding;
    if (running.references === undefined) {
      this.learn(running, values);
      return;
    }
    // Watched on first sight: a window per input costs memory only for twins that send.
    if (!running.watched.has(twinId)) {
      running.watched.add(twinId);
      running.drift.watch(twinId, running.references);
    }
    for (const input of inputs) {
      const value = values[input];
      if (typeof value === 'number') running.drift.observe(twinId, input, value, ts);
    }
  }

  /** No reference window: the first values of each input across the binding's twins become the reference. */
  private learn(running: RunningBinding, values: Readonly<Record<string, unknown>>): void {
    const { inputs } = running.stored.binding;
    for (const input of inputs) {
      const value = values[input];
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      const sample = running.learning.get(input) ?? [];
      if (sample.length < LEARNED_REFERENCE_SAMPLES) sample.push(value);
      running.learning.set(input, sample);
    }
    if (!inputs.every((input) => (running.learning.get(input)?.length ?? 0) >= LEARNED_REFERENCE_SAMPLES)) return;
    const references = new Map(
      inputs.map((input) => [input, ReferenceDistribution.fromSample(running.learning.get(input) ?? [])]),
    );
    running.references = references;
    running.learning.clear();
    const reference = Object.fromEntries(
      [...references].map(([input, distribution]) => [input, distribution.toJSON()]),
    );
    const stored = { ...running.stored, reference };
    running.stored = stored;
    void this.save(stored).catch((error: unknown) =>
      this.wiring.logger.error('a learned drift reference could not be stored', {
        binding: stored.binding.id,
        error: (error as Error).message,
      }),
    );
  }

  private checkAgainstModel(binding: OnnxBinding): void {
    const numeric = this.wiring.numericTelemetryOf(binding.modelId);
    if (numeric === undefined) throw new DoppelError('mlbinding.invalid', `/modelId: no model ${binding.modelId}`);
    const outputs = [
      binding.outputProperty,
      ...(binding.shadowOutputProperty === undefined ? [] : [binding.shadowOutputProperty]),
    ];
    for (const path of [...binding.inputs, ...outputs]) {
      if (!numeric.includes(path))
        throw new DoppelError(
          'mlbinding.invalid',
          `"${path}" is not a numeric telemetry of ${binding.modelId} (it has: ${numeric.join(', ') || 'none'})`,
        );
    }
    for (const version of [binding.version, ...(binding.shadowVersion === undefined ? [] : [binding.shadowVersion])]) {
      if (!this.wiring.catalog.has(binding.mlModel, version))
        throw new DoppelError(
          'mlbinding.invalid',
          `/version: no version ${version} of ${binding.mlModel} was uploaded`,
        );
    }
  }

  /** Per input, the values of (up to 50 of) the model's twins over the window. */
  private async referenceFromHistory(
    binding: OnnxBinding,
    fromMs: number,
    toMs: number,
  ): Promise<Record<string, ReferenceDistributionJson>> {
    const samples = new Map<string, number[]>(binding.inputs.map((input) => [input, []]));
    for (const twinId of this.wiring.twinsOf(binding.modelId).slice(0, REFERENCE_TWINS_MAX)) {
      const own = this.wiring.modelOf(twinId);
      if (own === undefined) continue;
      const series = await this.wiring.readHistory(twinId, own, binding.inputs, fromMs, toMs);
      series.forEach((one, i) => {
        const sample = samples.get(binding.inputs[i] as string) as number[];
        for (const value of one.values)
          if (typeof value === 'number' && sample.length < REFERENCE_POINTS_MAX) sample.push(value);
      });
    }
    const reference: Record<string, ReferenceDistributionJson> = {};
    for (const [input, sample] of samples) {
      try {
        reference[input] = ReferenceDistribution.fromSample(sample).toJSON();
      } catch (error) {
        throw new DoppelError(
          'mlbinding.invalid',
          `the reference window holds too few values of ${input} in history: ${(error as Error).message}`,
        );
      }
    }
    return reference;
  }

  private bindingOrThrow(id: string): RunningBinding {
    const running = this.bindings.get(id);
    if (running === undefined) throw new DoppelError('mlbinding.not-found', `no binding ${id}`);
    return running;
  }

  private output(twinId: string, ts: number, path: string, value: number): void {
    if (Number.isFinite(value)) void this.writer.write(twinId, ts, { [path]: value });
  }
}
