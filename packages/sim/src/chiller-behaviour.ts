import type { Behaviour, BehaviourContext, TelemetryValues } from './behaviour.js';
import { Elapsed, numberProperty } from './behaviour.js';
import { MeanReverting, clamp, roundTo } from './signals.js';

/**
 * A chiller whose load follows the weather and the working day. Efficiency (COP) peaks near 70 %
 * load and falls as the outdoor air warms (the condenser rejects heat less easily); the supply
 * water drifts above setpoint when the chiller runs out of capacity. A new
 * `supplyWaterTemperatureSetpoint` (a desired value) holds from the next sample on.
 */
export function chillerBehaviour(ctx: BehaviourContext): Behaviour {
  const { rng, env, twin } = ctx;
  const ratedKw = numberProperty(twin, 'ratedCapacity', 350);
  let setpointC = numberProperty(twin, 'supplyWaterTemperatureSetpoint', 7);
  const elapsed = new Elapsed();
  const load = new MeanReverting(0.04, 600);
  const supplyNoise = new MeanReverting(0.1, 60);

  return {
    sample(simMs: number): TelemetryValues {
      const dtS = elapsed.seconds(simMs);
      const outdoorC = env.outdoorTemperatureC(simMs);
      const fraction = clamp(load.step(env.coolingDemand(simMs), dtS, rng), 0.1, 1);
      const coolingLoad = ratedKw * fraction;
      const supplyC = setpointC + Math.max(0, fraction - 0.9) * 10 + supplyNoise.step(0, dtS, rng);
      const returnC = supplyC + 2 + 4 * fraction + 0.05 * rng.normal();
      const cop = clamp(5.8 - 3 * (fraction - 0.7) ** 2 - 0.06 * (outdoorC - 15) + 0.05 * rng.normal(), 2.5, 7);
      return {
        supplyWaterTemperature: roundTo(supplyC, 0.1),
        returnWaterTemperature: roundTo(returnC, 0.1),
        coolingLoad: roundTo(coolingLoad, 0.1),
        power: roundTo(coolingLoad / cop, 0.1),
        cop: roundTo(cop, 0.01),
      };
    },
    setpoint(name: string, value: number): boolean {
      if (name !== 'supplyWaterTemperatureSetpoint') return false;
      setpointC = value;
      return true;
    },
  };
}
