import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, Logger } from '@doppel/core';
import { DEFAULT_TENANT, systemClock } from '@doppel/core';
import type { PathState, ValueResolution } from '@doppel/protocol';
import { BUILT_IN_MODELS } from '@doppel/protocol';
import type { Simulator } from '@doppel/sim';
import { startSimulator } from '@doppel/sim';
import { AedesBroker } from './adapters/aedes-broker/aedes-broker.js';
import { FileSnapshotStore } from './adapters/file-snapshot/file-snapshot-store.js';
import { SegmentLog } from './adapters/segment-log/segment-log.js';
import { SqliteCommandStore } from './adapters/sqlite-commands/sqlite-command-store.js';
import { SqliteDeadLetterStore } from './adapters/sqlite-deadletters/sqlite-dead-letter-store.js';
import { SqliteWorkOrderStore } from './adapters/sqlite-workorders/sqlite-work-order-store.js';
import { SqliteAlertStore } from './adapters/sqlite-alerts/sqlite-alert-store.js';
import { PlatformAlerts } from './analytics/alerts/platform-alerts.js';
import { PlatformDetectors } from './analytics/detectors/platform-detectors.js';
import { PlatformMaintenance } from './analytics/maintenance/platform-maintenance.js';
import { startProductionModels } from './analytics/production-models.js';
import { SqliteArtifactStore } from './adapters/sqlite-artifacts/sqlite-artifact-store.js';
import { DEFAULT_WEBHOOK_OPTIONS } from './analytics/alerts/webhook-notifier.js';
import { SqlitePlanStore } from './adapters/sqlite-plans/sqlite-plan-store.js';
import { SqliteRegistry } from './adapters/sqlite-registry/sqlite-registry.js';
import { createHttpServer } from './api/http-server.js';
import type { PlatformConfig } from './config/platform-config.js';
import { loadDemoAlertRules, loadDemoModels, loadDemoPlans, loadDemoSite } from './graph/demo-loader.js';
import { ModelCatalog } from './graph/model-catalog.js';
import { TwinGraph } from './graph/twin-graph.js';
import { ClientRateLimiter } from './ingest/client-rate-limiter.js';
import { IngestPipeline } from './ingest/ingest-pipeline.js';
import type { IngestEntry } from './ingest/ingest-types.js';
import { createMqttIngress } from './ingest/mqtt-ingress.js';
import { OverloadMonitor } from './ingest/overload-monitor.js';
import { TopicRouter } from './ingest/topic-router.js';
import { LiveHub } from './live/live-hub.js';
import { PlanService } from './plans/plan-service.js';
import type { PlatformServices } from './services.js';
import { restoreState, snapshotAndTrimLog, takeSnapshot } from './state/restore-state.js';
import type { PathValue } from './state/twin-state-store.js';
import { toPathState, TwinStateStore } from './state/twin-state-store.js';
import { createStatsCollector } from './stats.js';
import { startHistory } from './start-history.js';
import { LiveQueries } from './live/live-queries.js';
import { PlatformQueries } from './query/platform-queries.js';
import { PlatformFreshness } from './sync/platform-freshness.js';
import { CommandService } from './sync/commands/command-service.js';
import { startConsistency } from './sync/consistency/platform-consistency.js';
import { QualityJudge } from './sync/quality-rules.js';
import { DiscrepancyWatcher } from './sync/work-orders/discrepancy-watcher.js';
import { WorkOrderService } from './sync/work-orders/work-order-service.js';

export interface RunningPlatform {
  readonly httpPort: number;
  readonly mqttPort: number;
  readonly services: PlatformServices;
  stop(): Promise<void>;
}

/** DTDL schemas a model can take as a number (the inputs and outputs of ONNX bindings). */
const NUMERIC_SCHEMAS = new Set(['double', 'float', 'integer', 'long']);

/**
 * The composition root: the only place that knows the adapters (DESIGN.md 5). Builds the
 * embedded platform from its configuration, restores state, starts the servers.
 */
export async function startPlatform(
  config: PlatformConfig,
  logger: Logger,
  clock: Clock = systemClock,
): Promise<RunningPlatform> {
  const tenant = DEFAULT_TENANT;
  const { limits } = config;
  await mkdir(config.dataDir, { recursive: true });

  const registry = new SqliteRegistry(join(config.dataDir, 'registry.db'));
  await registry.open();
  const deadLetters = new SqliteDeadLetterStore(join(config.dataDir, 'deadletters.db'), limits);
  await deadLetters.open();
  const commandStore = new SqliteCommandStore(join(config.dataDir, 'commands.db'));
  await commandStore.open();
  const workOrderStore = new SqliteWorkOrderStore(join(config.dataDir, 'workorders.db'));
  await workOrderStore.open();
  const planStore = new SqlitePlanStore(join(config.dataDir, 'plans.db'));
  await planStore.open();
  const alertStore = new SqliteAlertStore(join(config.dataDir, 'alerts.db'));
  await alertStore.open();
  const artifactStore = new SqliteArtifactStore(join(config.dataDir, 'analytics.db'));
  await artifactStore.open();
  const log = new SegmentLog({
    dir: join(config.dataDir, 'log'),
    fsync: config.fsync,
    groupCommitIntervalMs: limits.groupCommitIntervalMs,
    groupCommitBytesMax: limits.groupCommitBytesMax,
    segmentBytesMax: limits.logSegmentBytesMax,
    logger: logger.child({ component: 'log' }),
  });
  await log.open();
  const snapshots = new FileSnapshotStore(join(config.dataDir, 'state', 'snapshot.json'));

  const models = new ModelCatalog(registry, tenant, clock);
  const graph = new TwinGraph(models, registry, tenant, clock);
  await graph.load();
  // Built-in interfaces a model extends to use the platform's analytics (predictive maintenance);
  // first, so that the demo's models can extend them (the demo loader ignores them).
  const builtIns = BUILT_IN_MODELS.filter((model) => models.info(model['@id']) === undefined);
  if (builtIns.length > 0) await models.add(builtIns);
  if (config.demo) await loadDemoSite(graph, registry, tenant, logger);
  const plans = new PlanService(planStore, graph, tenant, limits, clock, logger.child({ component: 'plans' }));
  await plans.start();
  if (config.demo) await loadDemoPlans(plans, graph, registry, tenant, logger);

  const state = new TwinStateStore();
  const restored = await restoreState(state, log, snapshots, graph, logger);

  const router = new TopicRouter();
  const refreshTopics = (): void => {
    router.setPatterns(
      models
        .list()
        .map((model) => ({ modelId: model.id, telemetryTopic: models.info(model.id)?.mqtt?.telemetryTopic }))
        .filter(
          (entry): entry is { modelId: typeof entry.modelId; telemetryTopic: string } =>
            entry.telemetryTopic !== undefined,
        ),
    );
    for (const warning of router.warnings) logger.warn(warning);
  };
  refreshTopics();
  models.onChange(refreshTopics);

  const history = config.history
    ? await startHistory({
        dataDir: config.dataDir,
        log,
        graph,
        retention: config.historyRetention,
        archive: config.historyArchive,
        logger: logger.child({ component: 'history' }),
      })
    : undefined;

  let snapshotting = false;
  /** Consistency rules read ingest's durable entries (set below, once the resolver exists). */
  let observeEntry: ((entry: IngestEntry) => void) | undefined;
  /** Alert rules read entries once applied to state (set below, once they are loaded). */
  const appliedObservers: ((entry: IngestEntry) => void)[] = [];
  const pipeline: IngestPipeline = new IngestPipeline({
    log,
    deadLetters,
    state,
    lookup: (twinId) => {
      const twin = graph.getTwin(twinId);
      return twin === undefined ? undefined : graph.compiledModelOf(twin);
    },
    limits,
    clock,
    logger: logger.child({ component: 'ingest' }),
    snapshotEveryPoints: limits.snapshotEveryPoints,
    onDurable: (offset, entry) => {
      // History takes what ingest has decoded already rather than decoding the log again.
      history?.consumer.offer({ offset, twinId: entry.twinId, rows: entry.rows });
      observeEntry?.(entry);
    },
    onApplied: (_offset, entry) => {
      for (const observe of appliedObservers) observe(entry);
    },
    onSnapshotDue: () => {
      if (snapshotting) return;
      snapshotting = true;
      snapshotAndTrimLog(
        state,
        pipeline.stateOffset,
        snapshots,
        log,
        clock,
        limits.logRetentionBytesMax,
        // History still needs whatever it has not consumed.
        history?.consumer.checkpoint,
      )
        .catch((error: unknown) => logger.error('state snapshot failed', { error: (error as Error).message }))
        .finally(() => (snapshotting = false));
    },
  });

  // Freshness follows state from here on (before the live fan-out below, so frames carry it).
  const freshness = new PlatformFreshness(
    config.freshness,
    graph,
    models,
    state,
    clock,
    logger.child({ component: 'sync' }),
  );
  freshness.start();
  if (history !== undefined) freshness.keepTransitionsIn(history.store);
  // Quality follows state too, before the live fan-out (frames carry it).
  /** The models a model extends (any depth): subscribers and rules of a base model see its twins. */
  const ancestorsOf = (model: string | undefined): readonly string[] =>
    model === undefined ? [] : (models.info(model)?.ancestors ?? []);
  /** A twin's model and the models it extends; empty for an unknown twin. */
  const modelsOfTwin = (twinId: string): readonly string[] => {
    const model = graph.getTwin(twinId)?.modelId;
    return model === undefined ? [] : [model, ...ancestorsOf(model)];
  };
  const quality = new QualityJudge(config.quality.rules, modelsOfTwin);
  if (quality.ruleCount > 0) {
    state.onChange((twinId, changed, paths) => {
      for (const path of changed) {
        const value = paths.get(path);
        if (value !== undefined) quality.judge(twinId, path, value.value, value.sourceTimeMs);
      }
    });
  }
  graph.onEvent((event) => {
    if (event.type === 'twin.deleted') quality.forgetTwin(event.twinId);
    if (event.type === 'twin.upserted') quality.forgetRules(event.twin.id);
  });
  /**
   * A path's live value as the WebSocket shows it: freshness and quality only when they are news
   * (stale; not good). A path without them is fresh (or not judged yet) and good. This runs for
   * every changed path a client watches, so it adds nothing to the common case (the REST state
   * API gives every field).
   */
  /** Set once consistency rules exist: a resolved value's frame says which input won and why. */
  let resolutionOf: ((twinId: string, path: string) => ValueResolution | undefined) | undefined;
  const withFreshness = (twinId: string, path: string, value: PathValue): PathState => {
    const out: { -readonly [K in keyof PathState]: PathState[K] } = toPathState(value);
    if (freshness.tracker.isStale(twinId, path) === true) Object.assign(out, freshness.pathFreshness(twinId, path));
    const judged = quality.qualityOf(twinId, path, value.reportedQuality);
    if (judged.quality !== 'good') [out.quality, out.qualityReason] = [judged.quality, judged.reason];
    if (resolutionOf !== undefined) {
      const resolution = resolutionOf(twinId, path);
      if (resolution !== undefined) out.resolution = resolution;
    }
    return out;
  };
  const stateOf = (twinId: string): Record<string, PathState> | undefined => {
    const paths = state.get(twinId);
    if (paths === undefined) return graph.getTwin(twinId) === undefined ? undefined : {};
    const out: Record<string, PathState> = {};
    for (const [path, value] of paths) out[path] = withFreshness(twinId, path, value);
    return out;
  };
  // The query API and live queries share one source (its property indexes) and its limits.
  const queries = new PlatformQueries(graph, state, history, clock, {
    freshnessOf: (twinId, path) => freshness.freshnessState(twinId, path),
    qualityOf: (twinId, path) => {
      const value = state.get(twinId)?.get(path);
      return value === undefined ? undefined : quality.qualityOf(twinId, path, value.reportedQuality).quality;
    },
    // `consistency` is built below; queries run only once the platform has started.
    confidenceOf: (twinId, path) => {
      const value = state.get(twinId)?.get(path);
      if (value === undefined) return undefined;
      const cadenceMs = freshness.tracker.freshnessOf(twinId, path)?.cadenceMs ?? 0;
      const judged = quality.qualityOf(twinId, path, value.reportedQuality).quality;
      return consistency.resolver.confidence(twinId, path, value, cadenceMs, judged);
    },
  });
  const workOrders = new WorkOrderService(workOrderStore, graph, clock);
  const discrepancies = new DiscrepancyWatcher(
    config.discrepancies,
    (text) => queries.runLive(text),
    workOrders,
    clock,
    logger.child({ component: 'discrepancies' }),
  );
  discrepancies.start();
  const consistency = startConsistency({
    config: config.consistency,
    compiledModelOf: (twinId) => {
      const twin = graph.getTwin(twinId);
      return twin === undefined ? undefined : graph.compiledModelOf(twin);
    },
    modelsOf: modelsOfTwin,
    relatedOf: (twinId, name) => graph.outgoingOf(twinId, name).map((rel) => rel.targetId),
    relatedFrom: (twinId, name) => graph.incomingOf(twinId, name).map((rel) => rel.sourceId),
    state,
    freshness,
    quality,
    discrepancies,
    submit: (input) => pipeline.submit(input),
    clock,
    logger: logger.child({ component: 'consistency' }),
  });
  if (consistency.resolver.ruleCount > 0) {
    const previous = observeEntry;
    observeEntry = (entry) => {
      previous?.(entry);
      consistency.resolver.observe(entry);
    };
    resolutionOf = (twinId, path) => consistency.resolver.resolutionOf(twinId, path);
  }
  graph.onEvent((event) => {
    if (event.type === 'twin.deleted') consistency.resolver.forgetTwin(event.twinId);
    if (event.type === 'twin.upserted') consistency.resolver.forgetTwin(event.twin.id);
    if (event.type === 'relationship.upserted' || event.type === 'relationship.deleted') {
      const { sourceId, targetId, name } = event.relationship;
      consistency.resolver.relationshipChanged(sourceId, targetId, name);
    }
  });
  const liveQueries = new LiveQueries(
    (text) => queries.runLive(text),
    { perClientMax: limits.liveSubscriptionsPerClientMax, intervalMs: 1_000 },
    logger.child({ component: 'live-queries' }),
  );
  const live = new LiveHub(
    { modelOf: (twinId) => graph.getTwin(twinId)?.modelId, stateOf },
    {
      coalesceMs: limits.liveCoalesceMs,
      bufferedBytesMax: limits.liveClientBufferedBytesMax,
      subscriptionsPerClientMax: limits.liveSubscriptionsPerClientMax,
      clientsMax: limits.liveClientsMax,
    },
    logger.child({ component: 'live' }),
    liveQueries,
  );
  state.onChange((twinId, changed, paths) => {
    liveQueries.changed();
    const model = graph.getTwin(twinId)?.modelId;
    if (model === undefined) return;
    const ancestors = ancestorsOf(model);
    if (!live.wants(twinId, model, ancestors)) return;
    live.publish(
      twinId,
      model,
      changed.map((path) => [path, withFreshness(twinId, path, paths.get(path) as PathValue)] as [string, PathState]),
      ancestors,
    );
  });
  // A value going stale changes no value: its subscribers get the path again, marked stale.
  // (Back to fresh comes with the update that caused it, above.)
  freshness.onTransition((transition) => {
    if (transition.freshness !== 'stale') return;
    liveQueries.changed();
    const value = state.get(transition.twinId)?.get(transition.path);
    const model = graph.getTwin(transition.twinId)?.modelId;
    if (value === undefined || model === undefined) return;
    const ancestors = ancestorsOf(model);
    if (!live.wants(transition.twinId, model, ancestors)) return;
    live.publish(
      transition.twinId,
      model,
      [[transition.path, withFreshness(transition.twinId, transition.path, value)]],
      ancestors,
    );
  });
  graph.onEvent((event) => {
    if (event.type === 'twin.deleted') state.delete(event.twinId);
    liveQueries.changed();
  });

  const overload = new OverloadMonitor(
    limits.eventLoopLagAlarmMs,
    (overloaded) => pipeline.setOverloaded(overloaded),
    logger,
  );
  overload.start();

  const broker = new AedesBroker({
    host: config.host,
    port: config.mqttPort,
    drainTimeoutMs: config.mqttDrainTimeoutMs,
    connectionsMax: config.mqttConnectionsMax,
    logger: logger.child({ component: 'mqtt' }),
  });
  const ingress = createMqttIngress({
    pipeline,
    router,
    rateLimiter: new ClientRateLimiter({
      messagesPerSecondMax: limits.clientMessagesPerSecondMax,
      bytesPerSecondMax: limits.clientBytesPerSecondMax,
    }),
    clock,
    logger,
  });
  const commands = new CommandService({
    store: commandStore,
    broker,
    graph,
    models,
    state,
    deadLetters,
    clock,
    logger: logger.child({ component: 'commands' }),
    limits,
  });
  commands.onUpdate((view) => {
    const model = graph.getTwin(view.twinId)?.modelId;
    live.publishCommand(view, model, ancestorsOf(model));
  });
  freshness.onRollup((transition) => {
    const model = graph.getTwin(transition.twinId)?.modelId;
    live.publishRollup({ type: 'twin.freshness', ...transition }, model, ancestorsOf(model));
  });
  discrepancies.onEvent((event) => {
    const model = graph.getTwin(event.twinId)?.modelId;
    live.publishDiscrepancy(event, model, ancestorsOf(model));
  });
  live.setCommands((frame, requestedBy) =>
    frame.type === 'command.invoke'
      ? commands.invoke(frame.twinId, frame.name, {
          request: frame.request,
          ...(frame.timeoutMs === undefined ? {} : { timeoutMs: frame.timeoutMs }),
          ...(frame.ttlMs === undefined ? {} : { ttlMs: frame.ttlMs }),
          requestedBy,
        })
      : commands.setDesired(frame.twinId, frame.name, {
          value: frame.value,
          ...(frame.tolerance === undefined ? {} : { tolerance: frame.tolerance }),
          ...(frame.timeoutMs === undefined ? {} : { timeoutMs: frame.timeoutMs }),
          ...(frame.ttlMs === undefined ? {} : { ttlMs: frame.ttlMs }),
          requestedBy,
        }),
  );
  broker.onSession((event) => {
    freshness.session(event);
    // A device that connects or subscribes may take its pending commands.
    if (event.type === 'connected' || event.type === 'subscribed') commands.clientReady();
  });
  // `sources/{id}/status` announcements (a gateway's last will) are sync's, and so are command
  // answers (`…/response`); everything else is ingest's.
  const mqttPort = await broker.start((publish) =>
    freshness.statusMessage(publish.topic, publish.payload) ||
    commands.handleMessage(publish.topic, publish.payload, publish.clientId)
      ? undefined
      : ingress(publish),
  );
  await commands.start();

  // Alert rules: evaluated from the current state at start, then on ingest's entries in log order.
  const alerts = new PlatformAlerts({
    store: alertStore,
    source: {
      modelsOf: modelsOfTwin,
      twinsOf: (model) => graph.twinIds(model),
      related: (twinId, name, direction, model) => {
        const ids =
          direction === 'out'
            ? graph.outgoingOf(twinId, name).map((rel) => rel.targetId)
            : graph.incomingOf(twinId, name).map((rel) => rel.sourceId);
        return model === undefined ? ids : ids.filter((id) => modelsOfTwin(id).includes(model));
      },
      valueOf: (twinId, path) => state.get(twinId)?.get(path)?.value,
      lastReceivedMs: (twinId, path) => state.get(twinId)?.get(path)?.receivedMs,
    },
    publish: (topic, payload, options) => broker.publish(topic, payload, options),
    webhook: DEFAULT_WEBHOOK_OPTIONS,
    clock,
    logger: logger.child({ component: 'alerts' }),
  });
  await alerts.start();
  if (config.demo) await loadDemoAlertRules((set, mode) => alerts.importRuleSet(set, mode), registry, tenant, logger);
  appliedObservers.push((entry) => alerts.observe(entry));
  const detectors = config.anomalies ? new PlatformDetectors(alerts.service, clock) : undefined;
  await detectors?.start();
  const maintenance = new PlatformMaintenance({
    modelsOf: modelsOfTwin,
    propertyOf: (twinId, name) => graph.getTwin(twinId)?.properties[name],
    submit: (input) => pipeline.submit(input),
    clock,
    logger: logger.child({ component: 'maintenance' }),
  });
  appliedObservers.push((entry) => maintenance.observe(entry));
  if (detectors !== undefined) appliedObservers.push((entry) => detectors.hub.observe(entry));
  const productionModels = await startProductionModels({
    store: artifactStore,
    alerts: alerts.service,
    history,
    modelOf: (twinId) => graph.getTwin(twinId)?.modelId,
    modelsOf: modelsOfTwin,
    twinsOf: (model) => graph.twinIds(model),
    numericTelemetryOf: (model) => {
      const compiled = models.compiledModel(model);
      if (compiled === undefined) return undefined;
      return [...compiled.telemetries]
        .filter(([, content]) => NUMERIC_SCHEMAS.has(content.schemaText))
        .map(([name]) => name);
    },
    submit: (input) => pipeline.submit(input),
    clock,
    logger: logger.child({ component: 'models' }),
  });
  appliedObservers.push((entry) => productionModels.observe(entry));
  if (config.demo)
    await loadDemoModels(
      {
        upload: (name, version, bytes) => productionModels.onnxModels.upload(name, version, bytes),
        put: (id, body) => productionModels.onnxBindings.put(id, body),
      },
      registry,
      tenant,
      logger,
    );
  alerts.service.onChange((alert, event) => {
    const model = graph.getTwin(alert.twinId)?.modelId;
    live.publishAlert({ type: 'alert.updated', event, alert }, model, ancestorsOf(model));
  });
  graph.onEvent((event) => {
    if (event.type === 'twin.deleted') {
      alerts.engine.forgetTwin(event.twinId);
      detectors?.hub.forgetTwin(event.twinId);
      maintenance.forgetTwin(event.twinId);
      productionModels.forgetTwin(event.twinId);
    }
    if (event.type === 'twin.upserted') alerts.engine.twinChanged(event.twin.id);
  });

  const startedMs = clock.nowMs();
  const collectStats = createStatsCollector();
  const services: PlatformServices = {
    graph,
    state,
    queries,
    freshness,
    quality,
    commands,
    workOrders,
    discrepancies,
    plans,
    alerts,
    detectors,
    productionModels,
    consistency: consistency.resolver,
    pipeline,
    deadLetters,
    live,
    broker,
    log,
    overload,
    history,
    limits,
    clock,
    logger,
    startedMs,
    stats: () => collectStats(services),
  };
  const http = await createHttpServer(services, { webDir: config.webDir, logger: logger.child({ component: 'http' }) });
  let httpPort: number;
  try {
    await http.listen({ host: config.host, port: config.httpPort });
    const address = http.server.address();
    httpPort = typeof address === 'object' && address !== null ? address.port : config.httpPort;
  } catch (error) {
    await broker.stop();
    throw error;
  }

  let simulator: Simulator | undefined;
  if (config.simulator) {
    simulator = await startSimulator({
      mqttUrl: `mqtt://127.0.0.1:${mqttPort}`,
      logger: logger.child({ component: 'sim' }),
    });
  }

  logger.info('doppel ready', {
    http: `http://${config.host}:${httpPort}`,
    mqtt: `mqtt://${config.host}:${mqttPort}`,
    dataDir: config.dataDir,
    twins: graph.twinCount,
    models: models.size,
    restoredFromSnapshot: restored.fromSnapshot,
    replayedEntries: restored.replayedEntries,
    restoreMs: restored.elapsedMs,
    simulator: config.simulator,
  });

  let stopped = false;
  return {
    httpPort,
    mqttPort,
    services,
    async stop() {
      if (stopped) return;
      stopped = true;
      await simulator?.stop();
      overload.stop();
      live.closeAll();
      await http.close();
      await broker.stop();
      await commands.stop();
      await commandStore.close();
      consistency.stop();
      await discrepancies.stop();
      await workOrderStore.close();
      alerts.stop();
      await alerts.service.settled();
      await alertStore.close();
      await productionModels.stop();
      await artifactStore.close();
      await plans.stop();
      await planStore.close();
      // Everything acknowledged is in the log already; the snapshot only shortens the next start.
      await takeSnapshot(state, pipeline.stateOffset, snapshots, clock).catch((error: unknown) =>
        logger.warn('final snapshot failed', { error: (error as Error).message }),
      );
      // Transitions still waiting go to history before it closes.
      await freshness.stop();
      await history?.stop();
      await log.close();
      await deadLetters.close();
      await registry.close();
      logger.info('doppel stopped');
    },
  };
}
