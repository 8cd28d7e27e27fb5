import type { Clock, Limits, Logger } from '@doppel/core';
import type { DeadLetterStore } from './deadletters/dead-letter-store.js';
import type { TwinGraph } from './graph/twin-graph.js';
import type { IngestPipeline } from './ingest/ingest-pipeline.js';
import type { LiveHub } from './live/live-hub.js';
import type { PlanService } from './plans/plan-service.js';
import type { TwinStateStore } from './state/twin-state-store.js';
import type { PlatformStats } from '@doppel/protocol';
import type { Broker } from './broker/broker.js';
import type { EventLog } from './log/event-log.js';
import type { OverloadMonitor } from './ingest/overload-monitor.js';
import type { HistoryService } from './history/history-service.js';
import type { PlatformQueries } from './query/platform-queries.js';
import type { PlatformFreshness } from './sync/platform-freshness.js';
import type { CommandService } from './sync/commands/command-service.js';
import type { ConsistencyResolver } from './sync/consistency/consistency-resolver.js';
import type { QualityJudge } from './sync/quality-rules.js';
import type { DiscrepancyWatcher } from './sync/work-orders/discrepancy-watcher.js';
import type { WorkOrderService } from './sync/work-orders/work-order-service.js';
import type { PlatformAlerts } from './analytics/alerts/platform-alerts.js';
import type { PlatformDetectors } from './analytics/detectors/platform-detectors.js';
import type { ProductionModels } from './analytics/production-models.js';

/** The domain services the API layer uses; built once by the composition root (platform.ts). */
export interface PlatformServices {
  readonly graph: TwinGraph;
  readonly state: TwinStateStore;
  /** Twin queries over graph, live state and history (the API and live queries share it). */
  readonly queries: PlatformQueries;
  /** Freshness of every series and connectivity of every source (sync/). */
  readonly freshness: PlatformFreshness;
  /** Quality of each live value: reported by its device and inferred by the configured rules (sync/quality-rules.ts). */
  readonly quality: QualityJudge;
  /** Maintenance work orders, opened by hand or by discrepancy rules. */
  readonly workOrders: WorkOrderService;
  readonly discrepancies: DiscrepancyWatcher;
  /** Floor plans of spaces with twins placed on them (plans/). */
  readonly plans: PlanService;
  /** Values resolved from several inputs, and the confidence of values (sync/consistency). */
  readonly consistency: ConsistencyResolver;
  /** Alert rules, alerts and their notification channels (analytics/). */
  readonly alerts: PlatformAlerts;
  /** Streaming anomaly detectors on every numeric series (undefined when turned off). */
  readonly detectors: PlatformDetectors | undefined;
  /** Models on the stream: anomaly models per asset (isolation forests), ONNX models and their bindings. */
  readonly productionModels: ProductionModels;
  /** Commands and desired values to devices, with their lifecycle (sync/commands). */
  readonly commands: CommandService;
  readonly pipeline: IngestPipeline;
  readonly deadLetters: DeadLetterStore;
  readonly live: LiveHub;
  readonly broker: Broker;
  readonly log: EventLog;
  readonly overload: OverloadMonitor;
  /** Undefined when history is disabled. */
  readonly history: HistoryService | undefined;
  readonly limits: Limits;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly startedMs: number;
  stats(): PlatformStats;
}
