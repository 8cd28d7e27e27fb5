import type { Clock, Logger } from '@doppel/core';
import { BEARING_MONITOR_MODEL_ID } from '@doppel/protocol';
import type { IngestEntry } from '../../ingest/ingest-types.js';
import type { SubmitInput } from '../derived-writer.js';
import { DerivedWriter } from '../derived-writer.js';
import { BearingMonitor } from './bearing-monitor.js';

export interface MaintenanceWiring {
  /** The twin's model and the models it extends. */
  modelsOf(twinId: string): readonly string[];
  /** A property of the twin (its shaft speed). */
  propertyOf(twinId: string, name: string): unknown;
  /** Ingest's submit: derived values are written like reported ones (logged, state, history, live). */
  readonly submit: SubmitInput;
  readonly clock: Clock;
  readonly logger: Logger;
}

const DEFAULT_SHAFT_HZ = 25;

/**
 * Predictive maintenance wired into the platform: a consumer of ingest's applied entries that
 * keeps a BearingMonitor per twin of a model extending BearingMonitor, and writes what each
 * waveform says (features, health index, remaining useful life) back through ingest as `derived`
 * telemetry from `analytics:bearing`. So it is logged, in state and history, on the WebSocket,
 * and alert rules can use it (`rulP10Hours below 72`).
 */
export class PlatformMaintenance {
  private readonly monitors = new Map<string, BearingMonitor>();
  /** Waveforms that could not be read (the reason logged once). */
  refused = 0;
  private refusedLogged = false;

  private readonly writer: DerivedWriter;

  constructor(private readonly wiring: MaintenanceWiring) {
    this.writer = new DerivedWriter('bearing', 'bearing readings', wiring.submit, wiring.clock, wiring.logger);
  }

  observe(entry: IngestEntry): void {
    if (entry.kind !== 'telemetry' || entry.transport === 'derived') return;
    let monitor: BearingMonitor | undefined;
    for (const row of entry.rows) {
      const waveform = row.values.waveform as { sampleRateHz?: unknown; samples?: unknown } | undefined;
      if (waveform === undefined) continue;
      if (monitor === undefined) {
        if (!this.wiring.modelsOf(entry.twinId).includes(BEARING_MONITOR_MODEL_ID)) return;
        monitor = this.monitors.get(entry.twinId);
        if (monitor === undefined) {
          const shaft = this.wiring.propertyOf(entry.twinId, 'shaftSpeedHz');
          monitor = new BearingMonitor(typeof shaft === 'number' && shaft > 0 ? shaft : DEFAULT_SHAFT_HZ);
          this.monitors.set(entry.twinId, monitor);
        }
      }
      try {
        const reading = monitor.observe(row.ts, waveform.samples as number[], waveform.sampleRateHz as number);
        void this.writer.write(entry.twinId, row.ts, reading);
      } catch (error) {
        this.refused++;
        if (!this.refusedLogged) {
          this.refusedLogged = true;
          this.wiring.logger.warn('a waveform could not be analysed', {
            twinId: entry.twinId,
            error: (error as Error).message,
          });
        }
      }
    }
  }

  forgetTwin(twinId: string): void {
    this.monitors.delete(twinId);
  }
}
