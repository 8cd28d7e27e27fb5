import type { Behaviour, BehaviourContext, TelemetryValues } from './behaviour.js';
import { Elapsed, numberProperty } from './behaviour.js';
import type { RoomUsage } from './environment.js';
import { driftOffset, episodeFor } from './faults.js';
import { MeanReverting, clamp, lag, roundTo } from './signals.js';

function roomOf(ctx: BehaviourContext): { usage: RoomUsage; capacity: number; setpointC: number } {
  const room = ctx.room;
  const usage = room?.['usage'];
  return {
    usage: typeof usage === 'string' && USAGES.includes(usage as RoomUsage) ? (usage as RoomUsage) : 'office',
    capacity: room === undefined ? 4 : numberProperty(room, 'capacity', 4),
    setpointC: room === undefined ? 21.5 : numberProperty(room, 'temperatureSetpoint', 21.5),
  };
}

const USAGES: readonly RoomUsage[] = ['office', 'meeting', 'production', 'plant', 'storage'];

/**
 * Wraps a room sensor's reading with its faults: a stuck sensor repeats its last value for a while;
 * the drifting one reads ever higher until recalibrated. A silent sensor is not a reading: the
 * plant leaves out its messages (plant.ts, `Silence` in faults.ts).
 */
function withSensorFaults(
  ctx: BehaviourContext,
  name: string,
  resolution: number,
  read: (simMs: number, dtS: number) => number,
): Behaviour {
  const elapsed = new Elapsed();
  const stuck = episodeFor('stuck', ctx.faultProne('stuck'));
  const drifts = ctx.faultProne('drift');
  let last: number | undefined;
  return {
    sample(simMs: number): TelemetryValues {
      const dtS = elapsed.seconds(simMs);
      const value = roundTo(read(simMs, dtS) + (drifts ? driftOffset(simMs) : 0), resolution);
      if (!(stuck.update(simMs, dtS * 1000, ctx.rng) && last !== undefined)) last = value;
      return { [name]: last };
    },
  };
}

/** Heating schedule with night setback, body heat, and a little of the weather through the walls. */
export function temperatureBehaviour(ctx: BehaviourContext): Behaviour {
  const { env, rng } = ctx;
  const room = roomOf(ctx);
  const noise = new MeanReverting(0.15, 300);
  let airC: number | undefined;
  return withSensorFaults(ctx, 'temperature', 0.1, (simMs, dtS) => {
    const outdoorC = env.outdoorTemperatureC(simMs);
    const occupied = env.occupancyFraction(room.usage, simMs);
    let targetC: number;
    if (room.usage === 'plant') targetC = 25 + 0.15 * (outdoorC - 15);
    else if (room.usage === 'storage') targetC = 18 + 0.2 * (outdoorC - 15);
    else {
      const scheduled =
        room.usage === 'production'
          ? env.productionShift(simMs)
          : env.isWorkday(simMs) && env.hour(simMs) >= 6 && env.hour(simMs) < 19;
      targetC = (scheduled ? room.setpointC : 17.5) + 1.5 * occupied + 0.08 * (outdoorC - 15);
    }
    airC = airC === undefined ? targetC : lag(airC, targetC, dtS, 2400);
    return airC + noise.step(0, dtS, rng);
  });
}

export function humidityBehaviour(ctx: BehaviourContext): Behaviour {
  const { env, rng } = ctx;
  const room = roomOf(ctx);
  const noise = new MeanReverting(2, 1800);
  return withSensorFaults(ctx, 'humidity', 0.1, (simMs, dtS) => {
    // Relative humidity falls as the air warms in the afternoon; people add moisture.
    const daily = 5 * Math.cos((2 * Math.PI * (env.hour(simMs) - 5)) / 24);
    const value = 42 + daily + 8 * env.occupancyFraction(room.usage, simMs) + noise.step(0, dtS, rng);
    return clamp(value, 15, 80);
  });
}

/** CO2 builds up with people and is vented with a 15-minute time constant; 420 ppm outdoors. */
export function co2Behaviour(ctx: BehaviourContext): Behaviour {
  const { env, rng } = ctx;
  const room = roomOf(ctx);
  const risePpm = room.usage === 'meeting' ? 1000 : room.usage === 'production' ? 450 : 650;
  let ppm: number | undefined;
  return withSensorFaults(ctx, 'co2', 1, (simMs, dtS) => {
    const targetPpm = 420 + risePpm * env.occupancyFraction(room.usage, simMs);
    ppm = ppm === undefined ? targetPpm : lag(ppm, targetPpm, dtS, 900);
    return Math.max(350, ppm + 8 * rng.normal());
  });
}

export function occupancyBehaviour(ctx: BehaviourContext): Behaviour {
  const { env, rng } = ctx;
  const room = roomOf(ctx);
  const noise = new MeanReverting(0.25, 600);
  return withSensorFaults(ctx, 'occupancy', 1, (simMs, dtS) => {
    const expected = room.capacity * env.occupancyFraction(room.usage, simMs);
    return clamp(expected * (1 + noise.step(0, dtS, rng)), 0, room.capacity);
  });
}
