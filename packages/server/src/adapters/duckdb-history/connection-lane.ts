import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * Runs tasks on one DuckDB connection one after another. A connection executes one statement at a
 * time, and a write is several statements inside one transaction: without the lane, a query
 * awaited in between would run inside (and see) the writer's open transaction.
 */
export class ConnectionLane {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(readonly connection: DuckDBConnection) {}

  run<T>(task: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const result = this.tail.then(() => task(this.connection));
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Waits for queued tasks, then closes the connection. */
  async close(): Promise<void> {
    await this.tail;
    this.connection.closeSync();
  }
}
