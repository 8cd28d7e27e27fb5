import type { Behaviour, BehaviourContext, TelemetryValues } from './behaviour.js';
import { Elapsed } from './behaviour.js';
import { deriveSeed } from './prng.js';
import { MeanReverting, clamp, roundTo } from './signals.js';

const FAN_RATED_KW = 7.5;
const FAN_RATED_RPM = 1500;

/**
 * A power meter reads what the asset it `monitors` draws (the chiller's electrical power, the fan
 * law for an air-handling unit), so the two agree within the meter's accuracy; a floor's main meter
 * follows lighting, plug loads and, on the ground floor, the CNC machines. Energy integrates power.
 */
export function powerMeterBehaviour(ctx: BehaviourContext): Behaviour {
  const { rng, env, twin } = ctx;
  const assetId = ctx.target('monitors');
  const elapsed = new Elapsed();
  const loadNoise = new MeanReverting(0.02, 120);
  const voltageNoise = new MeanReverting(2, 60);
  let energyKwh = 20_000 + (deriveSeed(0, twin.$dtId) % 200_000);

  const powerKw = (simMs: number): { kw: number; ratedKw: number } => {
    const asset = assetId === undefined ? undefined : ctx.latest(assetId);
    if (assetId?.startsWith('chiller-')) {
      const kw = typeof asset?.['power'] === 'number' ? asset['power'] : 60;
      return { kw, ratedKw: 120 };
    }
    if (assetId?.startsWith('ahu-')) {
      const rpm = typeof asset?.['fanSpeed'] === 'number' ? asset['fanSpeed'] : 1000;
      return { kw: 0.3 + FAN_RATED_KW * (rpm / FAN_RATED_RPM) ** 3, ratedKw: FAN_RATED_KW };
    }
    if (twin.$dtId === 'meter-floor-1') {
      return { kw: 60 + 240 * env.occupancyFraction('production', simMs), ratedKw: 300 };
    }
    return { kw: 12 + 50 * env.occupancyFraction('office', simMs), ratedKw: 60 };
  };

  return {
    sample(simMs: number): TelemetryValues {
      const dtS = elapsed.seconds(simMs);
      const { kw, ratedKw } = powerKw(simMs);
      const power = Math.max(0, kw * (1 + loadNoise.step(0, dtS, rng)));
      energyKwh += (power * dtS) / 3600;
      const loadFraction = clamp(power / ratedKw, 0, 1);
      return {
        power: roundTo(power, 0.01),
        energy: roundTo(energyKwh, 0.01),
        voltage: roundTo(400 - 4 * loadFraction + voltageNoise.step(0, dtS, rng), 0.1),
        powerFactor: roundTo(clamp(0.86 + 0.1 * loadFraction + 0.005 * rng.normal(), 0.7, 0.99), 0.01),
      };
    },
  };
}
