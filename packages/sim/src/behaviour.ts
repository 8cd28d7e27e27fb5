import type { DemoTwin } from './demo-site-types.js';
import type { Environment } from './environment.js';
import type { FaultKind } from './faults.js';
import type { Rng } from './prng.js';

/** One telemetry message's values, by telemetry name (without `ts`). */
export type TelemetryValues = Record<string, unknown>;

/** How a twin's readings evolve. `sample` is called in increasing simulated time. */
export interface Behaviour {
  sample(simMs: number): TelemetryValues;
  /**
   * A writable setpoint (a Property of the twin's model) was given a new value, by a desired value
   * or a command: the readings follow it from the next sample on. Returns false for a setpoint the
   * behaviour does not model (the value is still reported). Optional: most devices have none.
   */
  setpoint?(name: string, value: number): boolean;
}

/** What a behaviour may know about its twin and the plant around it. */
export interface BehaviourContext {
  readonly twin: DemoTwin;
  readonly rng: Rng;
  readonly env: Environment;
  /** The room that contains the twin, if any. */
  readonly room: DemoTwin | undefined;
  /** Target of the twin's first relationship with that name, e.g. the chiller a pump feeds. */
  target(relationshipName: string): string | undefined;
  /** The last telemetry another twin produced: how coupled devices see each other. */
  latest(twinId: string): Readonly<TelemetryValues> | undefined;
  /** True for the few twins picked to show a fault often (see faults.ts). */
  faultProne(kind: FaultKind): boolean;
  /** A seed of the twin's own for `label`, for draws that must leave `rng`'s sequence alone. */
  seedFor(label: string): number;
  /** Simulated time from a new bearing to its failure, for the bearing that wears out (faults.ts). */
  readonly bearingLifeMs: number;
}

/** Seconds of simulated time since the previous sample (0 on the first). */
export class Elapsed {
  private lastMs: number | undefined;

  seconds(simMs: number): number {
    const dtS = this.lastMs === undefined ? 0 : (simMs - this.lastMs) / 1000;
    this.lastMs = simMs;
    return dtS;
  }
}

export const numberProperty = (twin: DemoTwin, name: string, fallback: number): number => {
  const value = twin[name];
  return typeof value === 'number' ? value : fallback;
};
