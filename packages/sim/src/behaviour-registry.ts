import { airHandlingUnitBehaviour } from './air-handling-unit-behaviour.js';
import type { Behaviour, BehaviourContext } from './behaviour.js';
import { chillerBehaviour } from './chiller-behaviour.js';
import { cncBehaviour } from './cnc-behaviour.js';
import { DEMO_MODEL_IDS } from './demo-model-ids.js';
import { powerMeterBehaviour } from './power-meter-behaviour.js';
import { pumpBehaviour } from './pump-behaviour.js';
import { co2Behaviour, humidityBehaviour, occupancyBehaviour, temperatureBehaviour } from './room-sensor-behaviours.js';
import { vibrationBehaviour } from './vibration-behaviour.js';

export type BehaviourKind =
  | 'pump'
  | 'chiller'
  | 'airHandlingUnit'
  | 'cncMachine'
  | 'temperature'
  | 'humidity'
  | 'co2'
  | 'occupancy'
  | 'powerMeter'
  | 'vibration';

/**
 * Wall-clock publishing periods: machines every second, plant equipment and meters every 2 s,
 * room sensors every 5 s, which makes about 60 messages/s for the demo site.
 */
export const DEFAULT_PERIODS_MS: Readonly<Record<BehaviourKind, number>> = {
  pump: 1000,
  cncMachine: 1000,
  chiller: 2000,
  airHandlingUnit: 2000,
  powerMeter: 2000,
  vibration: 2000,
  temperature: 5000,
  humidity: 5000,
  co2: 5000,
  occupancy: 5000,
};

/** The room sensors (room-sensor-behaviours.ts): they may stick, and go silent (faults.ts). */
export const ROOM_SENSOR_KINDS: ReadonlySet<BehaviourKind> = new Set(['temperature', 'humidity', 'co2', 'occupancy']);

interface Registration {
  readonly modelId: string;
  readonly kind: BehaviourKind;
  readonly create: (ctx: BehaviourContext) => Behaviour;
}

/** Which behaviour drives a twin of a model (or of a model that extends it). */
export const BEHAVIOURS: readonly Registration[] = [
  { modelId: DEMO_MODEL_IDS.pump, kind: 'pump', create: pumpBehaviour },
  { modelId: DEMO_MODEL_IDS.chiller, kind: 'chiller', create: chillerBehaviour },
  { modelId: DEMO_MODEL_IDS.airHandlingUnit, kind: 'airHandlingUnit', create: airHandlingUnitBehaviour },
  { modelId: DEMO_MODEL_IDS.cncMachine, kind: 'cncMachine', create: cncBehaviour },
  { modelId: DEMO_MODEL_IDS.temperatureSensor, kind: 'temperature', create: temperatureBehaviour },
  { modelId: DEMO_MODEL_IDS.humiditySensor, kind: 'humidity', create: humidityBehaviour },
  { modelId: DEMO_MODEL_IDS.co2Sensor, kind: 'co2', create: co2Behaviour },
  { modelId: DEMO_MODEL_IDS.occupancySensor, kind: 'occupancy', create: occupancyBehaviour },
  { modelId: DEMO_MODEL_IDS.powerMeter, kind: 'powerMeter', create: powerMeterBehaviour },
  { modelId: DEMO_MODEL_IDS.vibrationSensor, kind: 'vibration', create: vibrationBehaviour },
];
