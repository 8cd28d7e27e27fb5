export type { IngestKind, ParsedTopic } from './topics.js';
export {
  TOPIC_ROOT,
  telemetryTopic,
  reportedPropertiesTopic,
  commandTopic,
  commandResponseTopic,
  parseTopic,
} from './topics.js';
export type { TimestampInput, QualityInput, SampleObject, IngestPayload } from './samples.js';
export { TIMESTAMP_KEY, QUALITY_KEY } from './samples.js';
export { TERMINAL_COMMAND_STATUSES } from './rest.js';
export type {
  PropertyMetadata,
  TwinMetadata,
  DigitalTwin,
  Relationship,
  Page,
  ModelData,
  PathState,
  CommandStatus,
  CommandView,
  PathFreshness,
  ValueQuality,
  ValueResolution,
  FreshnessState,
  TwinState,
  IngestResult,
  DeadLetter,
  TreeNode,
  SourceCounters,
  PlatformStats,
} from './rest.js';
export type { AlertSeverity, AlertStatus, AlertView, AlertEventKind, AlertLabel } from './alerts.js';
export type { QueryRequest, QueryResponse } from './query.js';
export type { FreshnessOverview, SourceInfo, SourceStatus, StaleSeries } from './freshness.js';
export type {
  SubscribeFrame,
  UnsubscribeFrame,
  PingFrame,
  QuerySubscribeFrame,
  QueryUnsubscribeFrame,
  CommandInvokeFrame,
  DesiredSetFrame,
  CommandUpdatedFrame,
  DiscrepancyFrame,
  TwinFreshnessFrame,
  AlertUpdatedFrame,
  ClientFrame,
  HelloFrame,
  SubscribedFrame,
  TwinUpdatedFrame,
  TwinsUpdatedFrame,
  TwinUpdate,
  LaggingFrame,
  PongFrame,
  ErrorFrame,
  QueryResultFrame,
  QueryChangedFrame,
  ServerFrame,
  FrameParseResult,
} from './live.js';
export { LIVE_PROTOCOL_VERSION, TWINS_PER_BATCH_MAX, parseClientFrame } from './live.js';
export type { PlanBackground, Placement, PlanInput, FloorPlan, PlanSummary } from './plans.js';
export {
  BEARING_MONITOR_MODEL,
  BEARING_MONITOR_MODEL_ID,
  BUILT_IN_MODELS,
  WAVEFORM_SAMPLE_COUNT_MAX,
} from './built-in-models.js';
export type {
  DriftView,
  AnomalyModelView,
  AnomalyModelRequest,
  TensorInfo,
  MlModelVersion,
  MlModel,
  MlBindingInput,
  MlBindingStatus,
  ShadowComparison,
  MlBindingView,
  TwinModelsView,
  MaintenanceKind,
  MaintenanceEvent,
  PredictionOutcome,
  LabelScore,
  DetectorsOverview,
} from './analytics.js';
