/**
 * The reference workloads of DESIGN.md 7 and the DTDL models the bench creates for them.
 * A point is one field value; a message is one machine or vehicle with all its fields.
 */
export type WorkloadName = 'factory' | 'fleet' | 'max';

export interface Fleet {
  readonly modelId: string;
  readonly displayName: string;
  readonly fields: readonly string[];
  readonly twinIds: readonly string[];
}

export interface Workload {
  readonly name: WorkloadName;
  readonly description: string;
  readonly fleet: Fleet;
  /** Offered rates in points per second: one for a fixed-rate run, several for a step sweep. */
  readonly ratesPointsPerSecond: readonly number[];
  /** Twins whose WebSocket updates are timed (every update, coalesceMs 0). */
  readonly liveTwinIds: readonly string[];
  /** Targets of DESIGN.md 7 that this workload checks. */
  readonly targets: { readonly p99MsMax?: number; readonly pointsPerSecondMin?: number };
}

const CNC_FIELDS = [
  'spindleSpeed',
  'spindleLoad',
  'feedRate',
  'axisXPosition',
  'axisYPosition',
  'axisZPosition',
  'coolantTemperature',
  'coolantPressure',
  'motorCurrent',
  'vibration',
  'toolWear',
  'powerConsumption',
];

// 100 CAN-bus style parameters; names are realistic where we know them, numbered beyond that.
const VEHICLE_BASE = [
  'speed',
  'engineRpm',
  'engineLoad',
  'coolantTemperature',
  'oilTemperature',
  'oilPressure',
  'fuelLevel',
  'fuelRate',
  'batteryVoltage',
  'throttlePosition',
  'latitude',
  'longitude',
  'altitude',
  'heading',
  'odometer',
  'ambientTemperature',
];
const VEHICLE_FIELDS = [
  ...VEHICLE_BASE,
  ...Array.from(
    { length: 100 - VEHICLE_BASE.length },
    (_, i) => `p${String(i + VEHICLE_BASE.length).padStart(3, '0')}`,
  ),
];

const ids = (prefix: string, count: number): string[] =>
  Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);

export const CNC: Fleet = {
  modelId: 'dtmi:doppel:bench:CncMachine;1',
  displayName: 'CNC machine (bench)',
  fields: CNC_FIELDS,
  twinIds: ids('cnc', 340),
};

export const VEHICLES: Fleet = {
  modelId: 'dtmi:doppel:bench:Vehicle;1',
  displayName: 'Vehicle (bench)',
  fields: VEHICLE_FIELDS,
  twinIds: ids('veh', 500),
};

/** Every n-th twin, so that the sample spans both publisher processes and all clients. */
function sample(twinIds: readonly string[], count: number): string[] {
  const step = Math.max(1, Math.floor(twinIds.length / count));
  return twinIds.filter((_, i) => i % step === 0).slice(0, count);
}

export function workloads(liveSampleTwins: number, maxRates: readonly number[]): Record<WorkloadName, Workload> {
  return {
    factory: {
      name: 'factory',
      description: '340 CNC machines × 12 fields, 40,000 points/s',
      fleet: CNC,
      ratesPointsPerSecond: [40_000],
      liveTwinIds: CNC.twinIds,
      targets: { p99MsMax: 25 },
    },
    fleet: {
      name: 'fleet',
      description: '500 vehicles × 100 fields × 10 Hz = 500,000 points/s',
      fleet: VEHICLES,
      ratesPointsPerSecond: [500_000],
      liveTwinIds: sample(VEHICLES.twinIds, liveSampleTwins),
      targets: { pointsPerSecondMin: 500_000 * 0.97 },
    },
    max: {
      name: 'max',
      description: 'highest sustained rate with zero loss, 500 vehicles × 100 fields, stepped',
      fleet: VEHICLES,
      ratesPointsPerSecond: maxRates,
      liveTwinIds: sample(VEHICLES.twinIds, liveSampleTwins),
      targets: { pointsPerSecondMin: 1_000_000 },
    },
  };
}

/** The DTDL v3 Interface of a fleet: one double Telemetry per field. */
export function dtdlInterface(fleet: Fleet): Record<string, unknown> {
  return {
    '@context': 'dtmi:dtdl:context;3',
    '@id': fleet.modelId,
    '@type': 'Interface',
    displayName: fleet.displayName,
    contents: fleet.fields.map((name) => ({ '@type': 'Telemetry', name, schema: 'double' })),
  };
}
