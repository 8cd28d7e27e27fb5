export type { IngestKind, ParsedTopic } from './topics.js';
export {
  TOPIC_ROOT,
  telemetryTopic,
  reportedPropertiesTopic,
  commandTopic,
  commandResponseTopic,
  parseTopic,
} from './topics.js';
export type { TimestampInput, SampleObject, IngestPayload } from './samples.js';
export { TIMESTAMP_KEY } from './samples.js';
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
  FreshnessState,
  TwinState,
  IngestResult,
  DeadLetter,
  TreeNode,
  SourceCounters,
  PlatformStats,
} from './rest.js';
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
  ClientFrame,
  HelloFrame,
  SubscribedFrame,
  TwinUpdatedFrame,
  LaggingFrame,
  PongFrame,
  ErrorFrame,
  QueryResultFrame,
  QueryChangedFrame,
  ServerFrame,
  FrameParseResult,
} from './live.js';
export { LIVE_PROTOCOL_VERSION, parseClientFrame } from './live.js';
