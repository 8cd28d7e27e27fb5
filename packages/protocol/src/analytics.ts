/**
 * Wire shapes of the models-in-production API (docs/models.md): per-asset anomaly models
 * (isolation forests), user ONNX models and their bindings to the twins of a DTDL model, and the
 * drift of their inputs. The server's answers are typed by them. Times are epoch ms (`…Ms`) in
 * answers and ISO 8601 in requests, as everywhere in the API.
 */

/** One input's distribution now against its reference (population stability index, Kolmogorov–Smirnov). */
export interface DriftView {
  /** What the model serves: the twin. */
  readonly subject?: string;
  readonly input: string;
  readonly state: 'stable' | 'drifted';
  /** At the last check; absent until the live window first holds enough values. */
  readonly psi?: number | null;
  readonly ks?: number | null;
  /** Values in the live window now. */
  readonly samples: number;
  readonly checkedAtMs?: number | null;
  /** When the state last changed; absent while stable since watching began. */
  readonly stateSinceMs?: number | null;
  readonly liveMean?: number | null;
  /** The reference window's distribution (the training window for an anomaly model). */
  readonly reference?: { readonly count: number; readonly mean: number; readonly p5: number; readonly p95: number };
}

/** `GET /digitaltwins/{id}/anomaly-model`: the twin's isolation forest, its training and how it does. */
export interface AnomalyModelView {
  readonly twinId: string;
  readonly properties: readonly string[];
  readonly outputProperty: string;
  readonly everyMs: number;
  readonly extension: 'full' | 'none';
  readonly contamination: number;
  readonly trainFromMs: number;
  readonly trainToMs: number;
  readonly trainedMs: number;
  /** 1 at first training, +1 at each retraining. */
  readonly version: number;
  readonly trainingRows: number;
  /** A score at or above it raises an alert. */
  readonly threshold: number;
  readonly labelsUsed: { readonly real: number; readonly expected: number };
  /** Labels given to its alerts since it was trained that retrain it on their own; 0: only by hand. */
  readonly retrainAfterLabels: number;
  readonly labelsSinceTraining: number;
  readonly trees: number;
  readonly lastScore: number | null;
  readonly lastScoredMs: number | null;
  readonly alertsRaised: number;
  readonly labelledReal: number;
  readonly labelledExpected: number;
  readonly missed: number;
  readonly precision: number | null;
  readonly recall: number | null;
  /** Each input's live distribution against the training window's. */
  readonly drift: readonly DriftView[];
}

/** `PUT /digitaltwins/{id}/anomaly-model`: train (or replace) the twin's model on a window of its history. */
export interface AnomalyModelRequest {
  /** Numeric telemetry of the twin. */
  readonly properties: readonly string[];
  /** ISO 8601: the window of normal operation. */
  readonly trainFrom: string;
  readonly trainTo: string;
  readonly extension?: 'full' | 'none';
  /** Share of the window's rows flagged: 0.001…0.2 (the server's default 0.01). */
  readonly contamination?: number;
  /** The telemetry the score is written to (the server's default `anomalyScore`). */
  readonly outputProperty?: string;
  readonly everyMs?: number;
  /** Labels that retrain it on their own (the server's default 5; 0: only by hand). */
  readonly retrainAfterLabels?: number;
}

export interface TensorInfo {
  readonly name: string;
  readonly type: string;
  /** Dimensions; a name (`N`) or `?` where the dimension is free (the batch). */
  readonly shape: readonly (number | string | null)[];
}

export interface MlModelVersion {
  readonly version: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly uploadedMs: number;
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  /** Floats per row the model takes: window × inputs of a binding. */
  readonly featuresPerRow?: number;
}

/** `GET /ml-models`: an uploaded ONNX model with its versions. */
export interface MlModel {
  readonly name: string;
  readonly versions: readonly MlModelVersion[];
}

/** `PUT /ml-bindings/{id}`: run an ONNX model on the telemetry of every twin of a DTDL model. */
export interface MlBindingInput {
  /** The DTDL model (DTMI) whose twins the model runs on. */
  readonly modelId: string;
  readonly mlModel: string;
  readonly version: string;
  /** A second version run beside the active one, its output compared but not acted on. */
  readonly shadowVersion?: string | null;
  readonly inputs: readonly string[];
  /** Samples per input in one inference. */
  readonly window: number;
  readonly everyMs: number;
  readonly outputProperty: string;
  readonly shadowOutputProperty?: string | null;
  /** ISO 8601: the history the inputs' drift is measured against. */
  readonly referenceFrom?: string | null;
  readonly referenceTo?: string | null;
}

export interface MlBindingStatus {
  readonly twins: number;
  /** Rows the active version gave an output for. */
  readonly inferences: number;
  readonly batches: number;
  readonly errors: number;
  /** Due twins not queued because the queue was full (retried on their next row). */
  readonly dropped: number;
  /** Twins waiting for a run now. */
  readonly queued?: number;
  /** How long the last run took (active and shadow together), in ms. */
  readonly lastRunMs: number | null;
  readonly lastError?: string;
}

/** The active version's output against the shadow's, over the outputs both gave. */
export interface ShadowComparison {
  readonly count: number;
  /** Pairs skipped because a value was not finite. */
  readonly skipped?: number;
  readonly meanAbsDiff: number | null;
  readonly rmsDiff: number | null;
  readonly maxAbsDiff: number | null;
  /** Pearson correlation; null below two pairs or when either side is constant. */
  readonly correlation: number | null;
  readonly activeMean: number | null;
  readonly shadowMean: number | null;
  /** With a decision threshold: the share of pairs on the same side of it. */
  readonly agreement?: { readonly threshold: number; readonly rate: number | null } | null;
}

export interface MlBindingView extends MlBindingInput {
  readonly id: string;
  readonly status: MlBindingStatus;
  readonly shadow: ShadowComparison | null;
  /** The inputs that drifted, per twin (`subject`); stable ones are not listed. */
  readonly drift: readonly DriftView[];
  /** Whether drift has a reference yet (the window's, or learned from the first values). */
  readonly referenceReady?: boolean;
}

/** `GET /digitaltwins/{id}/models`: what runs on one twin. */
export interface TwinModelsView {
  readonly anomalyModel: AnomalyModelView | null;
  readonly bindings: readonly {
    readonly id: string;
    readonly mlModel: string;
    readonly version: string;
    readonly shadowVersion: string | null;
    readonly outputProperty: string;
    readonly lastOutput: number | null;
    readonly lastShadowOutput: number | null;
    /** Each input of the binding on this twin. */
    readonly drift?: readonly DriftView[];
  }[];
}

/** What happened to an asset, recorded by people (`POST/GET /digitaltwins/{id}/maintenance`). */
export type MaintenanceKind = 'failure' | 'repair' | 'inspection';

export interface MaintenanceEvent {
  readonly id: string;
  readonly twinId: string;
  readonly kind: MaintenanceKind;
  /** When it happened (epoch ms). */
  readonly atMs: number;
  readonly note: string;
  readonly recordedBy: string;
  readonly recordedMs: number;
}

/** How one predictive rule did against the recorded failures (`GET /maintenance/outcomes`). */
export interface PredictionOutcome {
  readonly ruleId: string;
  readonly ruleName: string;
  /** Its alerts (one per twin and episode). */
  readonly predicted: number;
  /** Those followed by a recorded failure of the twin within the horizon. */
  readonly occurred: number;
  /** Failures of twins it watches that no alert of it announced within the horizon before. */
  readonly missed: number;
  /** occurred / predicted; null without predictions. */
  readonly precision: number | null;
  /** occurred / (occurred + missed); null without failures. */
  readonly recall: number | null;
  /** Median time from the alert to the failure it announced, hours; null without one. */
  readonly medianLeadHours: number | null;
}

/** How a detector or model does against the operators' labels. */
export interface LabelScore {
  /** Alerts it raised (among the latest alerts read). */
  readonly raised: number;
  readonly labelledReal: number;
  readonly labelledExpected: number;
  /** Anomalies operators reported it missed. */
  readonly missed: number;
  /** real / (real + expected); null before any label. */
  readonly precision: number | null;
  /** real / (real + missed); null before any label or report. */
  readonly recall: number | null;
}

/** `GET /api/v1/detectors`: the streaming detectors, and each kind against the labels. */
export interface DetectorsOverview {
  readonly series: number;
  readonly unwatchedSeries: number;
  readonly samplesJudged: number;
  /** Series and kinds whose labels set an expected strength, and the events that hid. */
  readonly tunedSeries: number;
  readonly suppressedByLabels: number;
  readonly kinds: readonly (LabelScore & { readonly kind: string })[];
}
