import type { HistoryConsumer } from './history-consumer.js';
import type { HistoryModelSchema, HistoryStore } from './history-store.js';

/** What the API needs of history: the store, the consumer (for lag) and the columns of a model. */
export interface HistoryService {
  readonly store: HistoryStore;
  readonly consumer: HistoryConsumer;
  schemaOf(modelId: string): HistoryModelSchema | undefined;
}
