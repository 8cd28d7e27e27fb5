import { join } from 'node:path';
import type { Logger } from '@doppel/core';
import { DuckDbHistoryStore } from './adapters/duckdb-history/duckdb-history-store.js';
import type { TwinGraph } from './graph/twin-graph.js';
import { HistoryConsumer } from './history/history-consumer.js';
import { historySchemaOf } from './history/history-schema.js';
import type { HistoryService } from './history/history-service.js';
import type { HistoryModelSchema, RetentionPolicy } from './history/history-store.js';
import type { EventLog } from './log/event-log.js';

/** How often retention runs: dropping a day's partition an hour late costs nothing. */
const RETENTION_INTERVAL_MS = 3_600_000;

export interface RunningHistory extends HistoryService {
  stop(): Promise<void>;
}

/**
 * Part of the composition root (it knows the DuckDB adapter): opens the history store in the data
 * directory, starts the consumer of the event log, and runs retention hourly.
 */
export async function startHistory(options: {
  dataDir: string;
  log: EventLog;
  graph: TwinGraph;
  retention: RetentionPolicy;
  /** Archive each raw day to Parquet (`<data>/history-archive`) before retention drops it. */
  archive: boolean;
  logger: Logger;
}): Promise<RunningHistory> {
  const { graph, logger } = options;
  const store = new DuckDbHistoryStore({
    path: join(options.dataDir, 'history.duckdb'),
    // Parquet exports are written here (created at open, emptied of a crash's leftovers).
    exportDir: join(options.dataDir, 'history-export'),
    ...(options.archive ? { archiveDir: join(options.dataDir, 'history-archive') } : {}),
    logger,
  });
  await store.open();
  const schemas = new Map<string, HistoryModelSchema>();
  const schemaOf = (modelId: string): HistoryModelSchema | undefined => {
    let schema = schemas.get(modelId);
    if (schema === undefined) {
      const info = graph.models.info(modelId);
      if (info === undefined) return undefined;
      schema = historySchemaOf(info, { get: (id) => graph.models.info(id) });
      schemas.set(modelId, schema);
    }
    return schema;
  };
  const consumer = new HistoryConsumer({
    log: options.log,
    store,
    modelOf: (twinId) => graph.getTwin(twinId)?.modelId,
    schemaOf,
    logger,
  });
  await consumer.start();
  const retain = (): void => {
    store.applyRetention(Date.now(), options.retention).catch((error: unknown) => {
      logger.error('history retention failed', { error: (error as Error).message });
    });
  };
  retain();
  const timer = setInterval(retain, RETENTION_INTERVAL_MS);
  timer.unref();
  return {
    store,
    consumer,
    schemaOf,
    async stop() {
      clearInterval(timer);
      await consumer.stop();
      await store.close();
    },
  };
}
