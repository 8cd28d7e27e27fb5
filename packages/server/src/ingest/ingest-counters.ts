import type { SourceCounters } from '@doppel/protocol';
import type { Transport } from './ingest-types.js';

interface MutableCounters {
  receivedPoints: number;
  appliedPoints: number;
  deadLetteredPoints: number;
  receivedMessages: number;
  /** Points that failed to be stored (disk error): not acknowledged, so the sender retries. */
  failedPoints: number;
}

/**
 * Counters that prove nothing is lost (invariant 1): per transport,
 * `receivedPoints = appliedPoints + deadLetteredPoints + failedPoints` once in-flight inputs settle,
 * where failed inputs were never acknowledged. Points still in flight are `queuedPoints`.
 */
export class IngestCounters {
  private readonly byTransport = new Map<Transport, MutableCounters>();
  latePoints = 0;
  duplicatePoints = 0;
  /** HTTP requests refused with 503 while saturated (never received, so not in the identity). */
  rejectedRequests = 0;
  /** Times an MQTT client was held back (saturation or its ingress limit). */
  mqttPauses = 0;

  of(transport: Transport): MutableCounters {
    let counters = this.byTransport.get(transport);
    if (counters === undefined) {
      counters = { receivedPoints: 0, appliedPoints: 0, deadLetteredPoints: 0, receivedMessages: 0, failedPoints: 0 };
      this.byTransport.set(transport, counters);
    }
    return counters;
  }

  snapshot(): Record<string, SourceCounters & { failedPoints: number }> {
    const out: Record<string, SourceCounters & { failedPoints: number }> = {};
    for (const transport of ['mqtt', 'http', 'replay', 'derived'] as const) out[transport] = { ...this.of(transport) };
    return out;
  }

  totalApplied(): number {
    let total = 0;
    for (const counters of this.byTransport.values()) total += counters.appliedPoints;
    return total;
  }
}
