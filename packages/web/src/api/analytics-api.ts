import type {
  AnomalyModelRequest,
  AnomalyModelView,
  MaintenanceEvent,
  MaintenanceKind,
  MlBindingInput,
  MlBindingView,
  MlModel,
  MlModelVersion,
  PredictionOutcome,
  TwinModelsView,
} from '@doppel/protocol';

/** The intelligence part of the REST client: anomaly models, ONNX models and their bindings. */
export interface AnalyticsApi {
  /** The twin's isolation forest; an ApiError `anomaly.model-not-found` (404) when it has none. */
  getAnomalyModel(twinId: string, signal?: AbortSignal): Promise<AnomalyModelView>;
  /** Trains (or replaces) it; a 400 `anomaly.model-invalid` says what to fix. */
  putAnomalyModel(twinId: string, body: AnomalyModelRequest, signal?: AbortSignal): Promise<AnomalyModelView>;
  deleteAnomalyModel(twinId: string, signal?: AbortSignal): Promise<void>;
  /** Retrains on the same window with the labels given since. */
  retrainAnomalyModel(twinId: string, signal?: AbortSignal): Promise<AnomalyModelView>;
  /** An anomaly the model did not flag (now, unless `at` says when), for its recall. */
  reportMissedAnomaly(twinId: string, body: { at?: string; note?: string }, signal?: AbortSignal): Promise<unknown>;
  /** Every asset model, by twin. */
  listAnomalyModels(signal?: AbortSignal): Promise<{ value: AnomalyModelView[] }>;
  /** Uploaded ONNX models with their versions. */
  listMlModels(signal?: AbortSignal): Promise<{ value: MlModel[] }>;
  /** Uploads a version (the raw `.onnx` file, sent as application/octet-stream). */
  putMlModelVersion(name: string, version: string, file: Blob, signal?: AbortSignal): Promise<MlModelVersion>;
  /** Refused (409 `mlmodel.in-use`) while a binding runs it. */
  deleteMlModelVersion(name: string, version: string, signal?: AbortSignal): Promise<void>;
  listMlBindings(signal?: AbortSignal): Promise<{ value: MlBindingView[] }>;
  putMlBinding(id: string, body: MlBindingInput, signal?: AbortSignal): Promise<MlBindingView>;
  deleteMlBinding(id: string, signal?: AbortSignal): Promise<void>;
  /** The shadow version becomes the active one. */
  promoteMlBinding(id: string, signal?: AbortSignal): Promise<MlBindingView>;
  /** What runs on one twin: its anomaly model and the bindings of its DTDL model. */
  getTwinModels(twinId: string, signal?: AbortSignal): Promise<TwinModelsView>;
  /** The twin's failures, repairs and inspections, newest first. */
  listMaintenance(twinId: string, signal?: AbortSignal): Promise<{ value: MaintenanceEvent[] }>;
  recordMaintenance(
    twinId: string,
    body: { kind: MaintenanceKind; at?: string; note?: string },
    signal?: AbortSignal,
  ): Promise<MaintenanceEvent>;
  /** Predicted vs actual per predictive rule. */
  getMaintenanceOutcomes(signal?: AbortSignal): Promise<{ horizonDays: number; value: PredictionOutcome[] }>;
}

type Send = <T>(method: string, url: string, body: unknown, signal: AbortSignal | undefined) => Promise<T>;

export function analyticsApi({ send, path }: { send: Send; path: (...segments: string[]) => string }): AnalyticsApi {
  return {
    getAnomalyModel: (twinId, signal) =>
      send<AnomalyModelView>('GET', path('digitaltwins', twinId, 'anomaly-model'), undefined, signal),
    putAnomalyModel: (twinId, body, signal) =>
      send<AnomalyModelView>('PUT', path('digitaltwins', twinId, 'anomaly-model'), body, signal),
    deleteAnomalyModel: (twinId, signal) =>
      send<void>('DELETE', path('digitaltwins', twinId, 'anomaly-model'), undefined, signal),
    retrainAnomalyModel: (twinId, signal) =>
      send<AnomalyModelView>('POST', path('digitaltwins', twinId, 'anomaly-model', 'retrain'), {}, signal),
    reportMissedAnomaly: (twinId, body, signal) =>
      send<unknown>('POST', path('digitaltwins', twinId, 'anomaly-model', 'missed'), body, signal),
    listAnomalyModels: (signal) =>
      send<{ value: AnomalyModelView[] }>('GET', path('anomaly-models'), undefined, signal),
    listMlModels: (signal) => send<{ value: MlModel[] }>('GET', path('ml-models'), undefined, signal),
    putMlModelVersion: (name, version, file, signal) =>
      send<MlModelVersion>('PUT', path('ml-models', name, 'versions', version), file, signal),
    deleteMlModelVersion: (name, version, signal) =>
      send<void>('DELETE', path('ml-models', name, 'versions', version), undefined, signal),
    listMlBindings: (signal) => send<{ value: MlBindingView[] }>('GET', path('ml-bindings'), undefined, signal),
    putMlBinding: (id, body, signal) => send<MlBindingView>('PUT', path('ml-bindings', id), body, signal),
    deleteMlBinding: (id, signal) => send<void>('DELETE', path('ml-bindings', id), undefined, signal),
    promoteMlBinding: (id, signal) => send<MlBindingView>('POST', path('ml-bindings', id, 'promote'), {}, signal),
    getTwinModels: (twinId, signal) =>
      send<TwinModelsView>('GET', path('digitaltwins', twinId, 'models'), undefined, signal),
    listMaintenance: (twinId, signal) =>
      send<{ value: MaintenanceEvent[] }>('GET', path('digitaltwins', twinId, 'maintenance'), undefined, signal),
    recordMaintenance: (twinId, body, signal) =>
      send<MaintenanceEvent>('POST', path('digitaltwins', twinId, 'maintenance'), body, signal),
    getMaintenanceOutcomes: (signal) =>
      send<{ horizonDays: number; value: PredictionOutcome[] }>(
        'GET',
        path('maintenance', 'outcomes'),
        undefined,
        signal,
      ),
  };
}
