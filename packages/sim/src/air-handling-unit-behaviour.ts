import type { Behaviour, BehaviourContext, TelemetryValues } from './behaviour.js';
import { Elapsed, numberProperty } from './behaviour.js';
import { MeanReverting, clamp, roundTo } from './signals.js';

const FILTER_LOADING_PA_PER_HOUR = 2;
const FILTER_CHANGE_AT_PA = 250;

/**
 * An air-handling unit on a time schedule. The outdoor-air damper opens for free cooling when the
 * air outside is cool (economiser); the filter clogs slowly and its pressure drop grows with the
 * square of the fan speed, until it is changed. A new `supplyAirTemperatureSetpoint` (a desired value)
 * holds from the next sample on.
 */
export function airHandlingUnitBehaviour(ctx: BehaviourContext): Behaviour {
  const { rng, env, twin } = ctx;
  let setpointC = numberProperty(twin, 'supplyAirTemperatureSetpoint', 16);
  const elapsed = new Elapsed();
  const fanNoise = new MeanReverting(10, 60);
  const supplyNoise = new MeanReverting(0.2, 120);
  const returnNoise = new MeanReverting(0.2, 300);
  let filterLoadingPa = rng.between(20, 150);

  return {
    sample(simMs: number): TelemetryValues {
      const dtS = elapsed.seconds(simMs);
      const outdoorC = env.outdoorTemperatureC(simMs);
      const occupied = Math.max(env.occupancyFraction('office', simMs), env.occupancyFraction('production', simMs));
      const demand = 0.35 + 0.65 * occupied;
      const fanRpm = clamp(600 + 900 * demand + fanNoise.step(0, dtS, rng), 0, 1600);
      filterLoadingPa += (FILTER_LOADING_PA_PER_HOUR * dtS) / 3600;
      if (filterLoadingPa > FILTER_CHANGE_AT_PA) filterLoadingPa = 0;
      const freeCooling = clamp((18 - outdoorC) / 8, 0, 1);
      const damper = occupied > 0.1 ? 20 + 60 * freeCooling : 10;
      return {
        supplyAirTemperature: roundTo(setpointC + 0.08 * (outdoorC - 15) + supplyNoise.step(0, dtS, rng), 0.1),
        returnAirTemperature: roundTo(21.5 + 1.5 * occupied + returnNoise.step(0, dtS, rng), 0.1),
        fanSpeed: roundTo(fanRpm, 1),
        damperPosition: roundTo(clamp(damper + 0.5 * rng.normal(), 0, 100), 0.5),
        filterDeltaPressure: roundTo((80 + filterLoadingPa) * (fanRpm / 1500) ** 2 + rng.normal(), 1),
      };
    },
    setpoint(name: string, value: number): boolean {
      if (name !== 'supplyAirTemperatureSetpoint') return false;
      setpointC = value;
      return true;
    },
  };
}
