/** The demo plant's model ids; the documents themselves are in `packages/sim/models/`. */
export const DEMO_MODEL_IDS = {
  space: 'dtmi:doppel:demo:Space;1',
  building: 'dtmi:doppel:demo:Building;1',
  floor: 'dtmi:doppel:demo:Floor;1',
  room: 'dtmi:doppel:demo:Room;1',
  asset: 'dtmi:doppel:demo:Asset;1',
  pump: 'dtmi:doppel:demo:Pump;1',
  chiller: 'dtmi:doppel:demo:Chiller;1',
  airHandlingUnit: 'dtmi:doppel:demo:AirHandlingUnit;1',
  cncMachine: 'dtmi:doppel:demo:CncMachine;1',
  sensor: 'dtmi:doppel:demo:Sensor;1',
  temperatureSensor: 'dtmi:doppel:demo:TemperatureSensor;1',
  humiditySensor: 'dtmi:doppel:demo:HumiditySensor;1',
  co2Sensor: 'dtmi:doppel:demo:Co2Sensor;1',
  occupancySensor: 'dtmi:doppel:demo:OccupancySensor;1',
  powerMeter: 'dtmi:doppel:demo:PowerMeter;1',
  vibrationSensor: 'dtmi:doppel:demo:VibrationSensor;1',
} as const;

export type DemoModelKey = keyof typeof DEMO_MODEL_IDS;
