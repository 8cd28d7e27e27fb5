import type { Clock, EpochMs, Logger } from '@doppel/core';
import type { IngestInput } from '../ingest/ingest-types.js';

/** Ingest's submit, as the analytics use it. */
export type SubmitInput = (
  input: IngestInput,
) => Promise<{ deadLettered: number; errors: readonly { message: string }[] }>;

/**
 * Writes what an analytics component computes back through ingest as `derived` telemetry from
 * `analytics:<name>` (topic `analytics/<name>`), so that it is logged, in state and history, on
 * the WebSocket, and usable by rules, like a device's values. The twin's model checks the values:
 * a refusal is dead-lettered and logged once (what to fix is in the dead letter), a failure to
 * store is logged each time; neither stops the component.
 */
export class DerivedWriter {
  private refusalLogged = false;

  constructor(
    private readonly name: string,
    /** What is written, for the log: "bearing readings", "anomaly scores". */
    private readonly what: string,
    private readonly submit: SubmitInput,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async write(twinId: string, ts: number, values: object): Promise<void> {
    const input: IngestInput = {
      transport: 'derived',
      topic: `analytics/${this.name}`,
      clientId: `analytics:${this.name}`,
      twinId,
      kind: 'telemetry',
      payload: Buffer.from(JSON.stringify({ ts, ...values })),
      receivedMs: this.clock.nowMs() as EpochMs,
    };
    try {
      const outcome = await this.submit(input);
      if (outcome.deadLettered > 0 && !this.refusalLogged) {
        this.refusalLogged = true;
        this.logger.warn(`${this.what} were refused by the twin's model: see the dead letters`, {
          twinId,
          error: outcome.errors[0]?.message,
        });
      }
    } catch (error) {
      this.logger.error(`${this.what} could not be stored`, { twinId, error: (error as Error).message });
    }
  }
}
