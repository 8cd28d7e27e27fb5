import { BearingWear } from './bearing-wear.js';
import type { Behaviour, BehaviourContext, TelemetryValues } from './behaviour.js';
import { Elapsed, numberProperty } from './behaviour.js';
import { episodeFor } from './faults.js';
import { MeanReverting, clamp, lag, roundTo } from './signals.js';

/** Time constant of the drive's speed ramp once it is given a setpoint, in simulated seconds. */
const DRIVE_RAMP_TAU_S = 5;
/** What a failed bearing adds to the vibration velocity (mm/s: ISO 10816 zone D is above 7.1) … */
const BEARING_VIBRATION_AT_FAILURE_MM_S = 9;
/** … and to the bearing's temperature, reached over the same lag as the load's. */
const BEARING_HEATING_AT_FAILURE_C = 15;

/**
 * A variable-speed centrifugal pump under a pressure controller. The pump affinity laws couple the
 * readings: flow ∝ speed, head ∝ speed², shaft power ∝ speed³. Cavitation (suction pressure too
 * low) shows as a pressure and flow drop with a noisy vibration spike.
 *
 * Once its `speedSetpoint` is set (the `setSpeed` command or a desired value, in percent of
 * nominal), the drive leaves the controller and ramps to that speed (`DRIVE_RAMP_TAU_S`), 0 %
 * included; the readings follow through the same affinity laws.
 *
 * Its drive-end bearing (bearing-wear.ts) sends a vibration `waveform` every simulated minute for
 * the platform's bearing monitor. One pump's bearing wears out (faults.ts): its vibration and
 * bearing temperature rise with the defect, most in the last fifth of its life.
 */
export function pumpBehaviour(ctx: BehaviourContext): Behaviour {
  const { rng, env, twin } = ctx;
  const ratedFlowM3h = numberProperty(twin, 'ratedCapacity', 16);
  const ratedPowerKw = numberProperty(twin, 'ratedPower', 2.2);
  const elapsed = new Elapsed();
  const speed = new MeanReverting(0.02, 120);
  const flowNoise = new MeanReverting(0.015, 30);
  const vibrationNoise = new MeanReverting(0.08, 20);
  const cavitation = episodeFor('cavitation', ctx.faultProne('cavitation'));
  const bearing = new BearingWear(ctx.faultProne('bearingWear'), ctx.seedFor('bearing'), {
    lifeMs: ctx.bearingLifeMs,
  });
  let bearingC: number | undefined;
  /** Fraction of nominal speed the drive was told to run at; undefined while the controller decides. */
  let setpoint: number | undefined;
  let lastSpeed: number | undefined;

  return {
    sample(simMs: number): TelemetryValues {
      const dtS = elapsed.seconds(simMs);
      // The controller's speed is stepped even when overridden, so the random stream stays the same.
      const controlled = clamp(speed.step(0.55 + 0.4 * env.coolingDemand(simMs), dtS, rng), 0.3, 1);
      const s = setpoint === undefined ? controlled : lag(lastSpeed ?? setpoint, setpoint, dtS, DRIVE_RAMP_TAU_S);
      lastSpeed = s;
      const cavitating = cavitation.update(simMs, dtS * 1000, rng);

      let flowRate = ratedFlowM3h * s * (1 + flowNoise.step(0, dtS, rng));
      let pressure = 0.4 + 3.1 * s * s + 0.02 * rng.normal();
      let power = (ratedPowerKw * s ** 3) / 0.95 + 0.01 * ratedPowerKw * rng.normal();
      const defect = bearing.severityAt(simMs);
      let vibration = 1.1 + 0.9 * s + vibrationNoise.step(0, dtS, rng) + BEARING_VIBRATION_AT_FAILURE_MM_S * defect;
      let bearingTargetC = 28 + 22 * s + BEARING_HEATING_AT_FAILURE_C * defect;
      if (cavitating) {
        flowRate *= 0.85;
        pressure *= 0.55 + 0.1 * rng.next();
        power *= 0.9 + 0.1 * rng.next();
        vibration += 4 + 3 * Math.abs(rng.normal());
        bearingTargetC += 6;
      }
      bearingC = bearingC === undefined ? bearingTargetC : lag(bearingC, bearingTargetC, dtS, 900);
      const waveform = bearing.waveformAt(simMs);

      return {
        flowRate: roundTo(Math.max(0, flowRate), 0.1),
        pressure: roundTo(Math.max(0, pressure), 0.01),
        power: roundTo(Math.max(0, power), 0.01),
        vibration: roundTo(Math.max(0, vibration), 0.01),
        bearingTemperature: roundTo(bearingC + 0.1 * rng.normal(), 0.1),
        ...(waveform === undefined ? {} : { waveform }),
      };
    },
    setpoint(name: string, value: number): boolean {
      if (name !== 'speedSetpoint') return false;
      setpoint = clamp(value, 0, 100) / 100;
      return true;
    },
  };
}
