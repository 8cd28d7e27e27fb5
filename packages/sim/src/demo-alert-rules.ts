import { DEMO_MODEL_IDS } from './demo-model-ids.js';

/**
 * Alert rules for the demo plant, as a rule set file (docs/alerts.md), loaded once where the
 * demo was: rooms too warm or hot, a temperature sensor gone silent (the simulator silences
 * temp-3-02 every few minutes), pump vibration and bearing heating, a pump bearing failing soon
 * (the simulator wears out pump-1's in 2 hours), worn tools. Notifications go to the platform's
 * own MQTT broker, on `doppel/alerts/…`.
 */
export function demoAlertRules(): unknown {
  const channels = ['demo-mqtt'];
  return {
    version: 1,
    channels: [{ id: 'demo-mqtt', kind: 'mqtt', topic: 'doppel/alerts' }],
    rules: [
      {
        id: 'room-too-warm',
        name: 'Room too warm',
        description: 'Above the comfort band for a minute.',
        severity: 'minor',
        models: [DEMO_MODEL_IDS.temperatureSensor],
        condition: { path: 'temperature', above: 26, hysteresis: 0.5 },
        forMs: 60_000,
        channels,
      },
      {
        id: 'room-too-hot',
        name: 'Room too hot',
        severity: 'major',
        models: [DEMO_MODEL_IDS.temperatureSensor],
        condition: { path: 'temperature', above: 30, hysteresis: 0.5 },
        channels,
      },
      {
        id: 'sensor-silent',
        name: 'Temperature sensor silent',
        description: 'No temperature for two minutes: battery, radio or gateway.',
        severity: 'warning',
        models: [DEMO_MODEL_IDS.temperatureSensor],
        condition: { path: 'temperature', noDataForMs: 120_000 },
        channels,
      },
      {
        id: 'pump-vibration',
        name: 'Pump vibration high',
        description: 'ISO 10816 zone D for half a minute.',
        severity: 'major',
        models: [DEMO_MODEL_IDS.pump],
        condition: { path: 'vibration', above: 7.1, hysteresis: 0.3 },
        forMs: 30_000,
        channels,
      },
      {
        id: 'bearing-heating',
        name: 'Pump bearing heating fast',
        severity: 'minor',
        models: [DEMO_MODEL_IDS.pump],
        condition: { path: 'bearingTemperature', risesFasterThan: 2, windowMs: 300_000 },
        forMs: 180_000,
        channels,
      },
      {
        // The worn bearing lives 2 hours (bearing-wear.ts): the platform's estimate reaches half an
        // hour some 30-45 minutes before it fails. A new bearing reads healthy at once, which clears the
        // alert even though the last estimate (of the old bearing) stays in state until a new one.
        id: 'pump-bearing-failing',
        name: 'Pump bearing failing soon',
        description: 'Remaining useful life under half an hour (10th percentile) on a bearing no longer healthy.',
        severity: 'major',
        models: [DEMO_MODEL_IDS.pump],
        condition: {
          all: [
            { path: 'rulP10Hours', below: 0.5 },
            { path: 'healthIndex', below: 0.9 },
          ],
        },
        channels,
      },
      {
        id: 'tool-worn',
        name: 'Tool worn',
        severity: 'minor',
        models: [DEMO_MODEL_IDS.cncMachine],
        condition: { path: 'toolWear', above: 90, hysteresis: 5 },
        channels,
      },
    ],
  };
}
