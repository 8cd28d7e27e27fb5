import type { Clock, Logger } from '@doppel/core';
import type { HistoryService } from '../history/history-service.js';
import type { IngestEntry } from '../ingest/ingest-types.js';
import type { SubmitInput } from './derived-writer.js';
import type { AlertService } from './alerts/alert-service.js';
import type { ArtifactStore } from './artifacts/artifact-store.js';
import { PlatformAssetAnomaly } from './asset-anomaly/platform-asset-anomaly.js';
import type { PropertySeries } from './asset-anomaly/training-rows.js';
import { OnnxCatalog } from './onnx/onnx-catalog.js';
import { PlatformOnnx } from './onnx/platform-onnx.js';

/** Samples per property a training window may hold: beyond it, choose a shorter window. */
const TRAINING_POINTS_MAX = 500_000;

export interface ProductionModelsWiring {
  readonly store: ArtifactStore;
  readonly alerts: AlertService;
  readonly history: HistoryService | undefined;
  /** The twin's own model; undefined for an unknown twin. */
  modelOf(twinId: string): string | undefined;
  /** The twin's model and the models it extends. */
  modelsOf(twinId: string): readonly string[];
  twinsOf(modelId: string): readonly string[];
  /** Numeric telemetry of a model (its own and inherited); undefined for an unknown model. */
  numericTelemetryOf(modelId: string): readonly string[] | undefined;
  readonly submit: SubmitInput;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface ProductionModels {
  readonly assetAnomaly: PlatformAssetAnomaly;
  readonly onnxModels: OnnxCatalog;
  readonly onnxBindings: PlatformOnnx;
  /** Ingest's applied entries, in log order. */
  observe(entry: IngestEntry): void;
  forgetTwin(twinId: string): void;
  stop(): Promise<void>;
}

/**
 * The models that run on the stream once trained or uploaded (docs/models.md): per-asset
 * isolation forests, and uploaded ONNX models bound to a model's telemetry. Their definitions live
 * in the artifact store; training and drift references read history.
 */
export async function startProductionModels(wiring: ProductionModelsWiring): Promise<ProductionModels> {
  const { history } = wiring;
  const assetAnomaly = new PlatformAssetAnomaly({
    store: wiring.store,
    alerts: wiring.alerts,
    modelOf: wiring.modelOf,
    numericHistoryPathsOf: (modelId) =>
      history === undefined
        ? undefined
        : (history
            .schemaOf(modelId)
            ?.columns.filter((column) => column.type === 'double' || column.type === 'bigint')
            .map((column) => column.path) ?? []),
    readHistory,
    submit: wiring.submit,
    clock: wiring.clock,
    logger: wiring.logger,
  });
  await assetAnomaly.start();
  const onnxModels = new OnnxCatalog(wiring.store, wiring.clock);
  await onnxModels.start();
  const onnxBindings = new PlatformOnnx({
    store: wiring.store,
    catalog: onnxModels,
    alerts: wiring.alerts,
    modelsOf: wiring.modelsOf,
    modelOf: wiring.modelOf,
    twinsOf: wiring.twinsOf,
    numericTelemetryOf: wiring.numericTelemetryOf,
    readHistory,
    submit: wiring.submit,
    clock: wiring.clock,
    logger: wiring.logger,
  });
  await onnxBindings.start();
  return {
    assetAnomaly,
    onnxModels,
    onnxBindings,
    observe: (entry) => {
      assetAnomaly.observe(entry);
      onnxBindings.observe(entry);
    },
    forgetTwin: (twinId) => {
      assetAnomaly.forgetTwin(twinId);
      onnxBindings.forgetTwin(twinId);
    },
    stop: async () => {
      await onnxBindings.close();
      await onnxModels.close();
    },
  };

  async function readHistory(
    twinId: string,
    modelId: string,
    paths: readonly string[],
    fromMs: number,
    toMs: number,
  ): Promise<PropertySeries[]> {
    if (history === undefined) return paths.map(() => ({ timestamps: [], values: [] }));
    const schema = history.schemaOf(modelId);
    if (schema !== undefined) await history.store.ensureSchema(schema);
    const result = await history.store.query({
      series: paths.map((path) => ({ twinId, modelId, path })),
      fromMs,
      toMs,
      pointsMax: TRAINING_POINTS_MAX,
    });
    return paths.map((path) => {
      const frame = result.frames.find((candidate) => candidate.series.path === path);
      return { timestamps: frame?.timestamps ?? [], values: frame?.values ?? [] };
    });
  }
}
