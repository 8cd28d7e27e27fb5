import type { Clock, Logger } from '@doppel/core';
import type { InboundHandler, InboundPublish } from '../broker/broker.js';
import type { ClientRateLimiter } from './client-rate-limiter.js';
import type { IngestPipeline } from './ingest-pipeline.js';
import type { IngestInput } from './ingest-types.js';
import type { TopicRouter } from './topic-router.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Turns broker publishes into ingest inputs. Topics that are not ingest topics pass through
 * untouched (the broker still routes them to subscribers). The returned promise holds the
 * client's PUBACK and its socket:
 * - QoS 1/2: until the input is durable (invariant 2);
 * - QoS 0: until the input is admitted (no acknowledgement to hold, but the socket still pauses
 *   when ingest is saturated or the client exceeds its ingress limit).
 */
export function createMqttIngress(deps: {
  readonly pipeline: IngestPipeline;
  readonly router: TopicRouter;
  readonly rateLimiter: ClientRateLimiter;
  readonly clock: Clock;
  readonly logger: Logger;
}): InboundHandler {
  const { pipeline, router, rateLimiter, clock } = deps;

  const ingest = async (publish: InboundPublish, input: IngestInput, delayMs: number): Promise<void> => {
    if (delayMs > 0) {
      pipeline.counters.mqttPauses++;
      await sleep(delayMs);
    }
    // Re-check after every wake-up: all waiters wake together, and the first ones to run
    // may fill the pipeline again before the later ones get their turn.
    if (pipeline.saturated()) pipeline.counters.mqttPauses++;
    while (pipeline.saturated()) await pipeline.whenReady();
    const done = pipeline.submit({ ...input, receivedMs: delayMs > 0 ? clock.nowMs() : input.receivedMs });
    if (publish.qos === 0) {
      // Nothing to acknowledge; failures are logged and counted by the pipeline.
      done.catch(() => {});
      return;
    }
    await done;
  };

  return (publish) => {
    const routed = router.route(publish.topic);
    if (routed.kind === 'other') return undefined;
    const receivedMs = clock.nowMs();
    const base = {
      transport: 'mqtt' as const,
      topic: publish.topic,
      clientId: publish.clientId,
      payload: publish.payload,
      receivedMs,
    };
    // An invalid twin id in an ingest topic is still an input: it is dead-lettered via the
    // unknown-twin path (an invalid id can never name a twin), with the id as it was sent.
    const input: IngestInput =
      routed.kind === 'invalid'
        ? { ...base, twinId: routed.twinId, kind: 'telemetry' }
        : { ...base, twinId: routed.twinId, kind: routed.kind };
    const delayMs = rateLimiter.delayMs(publish.clientId, publish.payload.byteLength, receivedMs);
    if (delayMs === 0 && !pipeline.saturated()) {
      const done = pipeline.submit(input);
      if (publish.qos === 0) {
        done.catch(() => {});
        return undefined;
      }
      return done.then(() => undefined);
    }
    return ingest(publish, input, delayMs);
  };
}
