import type { Behaviour, BehaviourContext, TelemetryValues } from './behaviour.js';
import { Elapsed, numberProperty } from './behaviour.js';
import { episodeFor } from './faults.js';
import { deriveSeed } from './prng.js';
import { MeanReverting, clamp, roundTo } from './signals.js';

export type CncStatus = 'idle' | 'setup' | 'running' | 'alarm' | 'maintenance';

const TOOL_CHANGE_AT_PERCENT = 95;

/**
 * A CNC mill working through parts during production shifts. Spindle load rises with feed rate
 * (more material removed per second) and with tool wear; the tool is changed (status `setup`) when
 * worn; an alarm stops the spindle until an operator clears it. The part counter restarts with
 * each shift day.
 */
export function cncBehaviour(ctx: BehaviourContext): Behaviour {
  const { rng, env, twin } = ctx;
  const maxRpm = numberProperty(twin, 'maxSpindleSpeed', 12000);
  // Each machine runs its own program: a fixed spindle speed and feed per machine.
  const programSeed = deriveSeed(0, twin.$dtId);
  const programRpm = Math.min(maxRpm, 5000 + (programSeed % 6000));
  const programFeedMmMin = 800 + ((programSeed >>> 13) % 1600);
  const cycleS = 120 + ((programSeed >>> 7) % 240);
  const elapsed = new Elapsed();
  const spindle = new MeanReverting(0.004, 10);
  const feed = new MeanReverting(0.03, 30);
  const loadNoise = new MeanReverting(1.5, 5);
  const alarm = episodeFor('alarm', ctx.faultProne('alarm'));
  let status: CncStatus = 'idle';
  let toolWearPercent = rng.between(0, 60);
  let partCount = 0;
  let cycleDoneS = rng.between(0, cycleS);
  let setupLeftS = 0;
  let shiftWasOn = false;

  return {
    sample(simMs: number): TelemetryValues {
      const dtS = elapsed.seconds(simMs);
      const shift = env.productionShift(simMs);
      if (shift && !shiftWasOn) partCount = 0;
      shiftWasOn = shift;

      const alarmed = alarm.update(simMs, dtS * 1000, rng, status === 'running');
      if (alarmed) status = 'alarm';
      else if (!shift) status = 'idle';
      else if (setupLeftS > 0) {
        setupLeftS -= dtS;
        status = 'setup';
        if (setupLeftS <= 0) toolWearPercent = 0;
      } else if (toolWearPercent >= TOOL_CHANGE_AT_PERCENT) {
        setupLeftS = rng.between(180, 420);
        status = 'setup';
      } else {
        status = 'running';
        cycleDoneS += dtS;
        if (cycleDoneS >= cycleS) {
          cycleDoneS -= cycleS;
          partCount += 1;
          toolWearPercent = Math.min(100, toolWearPercent + rng.between(0.3, 0.9));
        }
      }

      const running = status === 'running';
      const spindleRpm = running ? programRpm * (1 + spindle.step(0, dtS, rng)) : 0;
      const feedMmMin = running ? programFeedMmMin * (1 + feed.step(0, dtS, rng)) : 0;
      const load = running ? 12 + 0.025 * feedMmMin + 0.2 * toolWearPercent + loadNoise.step(0, dtS, rng) : 0;
      return {
        status,
        spindleSpeed: roundTo(clamp(spindleRpm, 0, maxRpm), 1),
        spindleLoad: roundTo(clamp(load, 0, 150), 0.1),
        feedRate: roundTo(Math.max(0, feedMmMin), 1),
        toolWear: roundTo(toolWearPercent, 0.1),
        partCount,
      };
    },
  };
}
