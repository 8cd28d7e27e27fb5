import { WAVEFORM_SAMPLE_COUNT_MAX } from '@doppel/protocol';
import type { BearingGeometry } from './bearing-geometry.js';
import { BEARING_6205, bearingDefectFrequencies } from './bearing-geometry.js';
import type { Rng } from './prng.js';
import { createRng } from './prng.js';

/** A bearing with an outer-race defect; amplitudes in m/s² (acceleration). */
export interface BearingSimOptions {
  readonly shaftHz: number;
  readonly geometry: BearingGeometry;
  /** Peak of the 1× line (residual unbalance), present all life long. */
  readonly shaftAmplitude: number;
  /** Broadband sensor and machine noise. */
  readonly noiseRms: number;
  /** Structural resonance that each impact rings. */
  readonly resonanceHz: number;
  readonly resonanceDampingRatio: number;
  /** Life fraction at which the spall appears; before it the bearing is healthy. */
  readonly defectOnsetLife: number;
  /** e-folds of defect growth per unit of life: spalls grow faster the larger they are. */
  readonly defectGrowthPerLife: number;
  /** Peak of one impact's ringing at the end of life (lifeFraction 1). */
  readonly impactAmplitudeAtFailure: number;
  /** Peak of the direct line at BPFO at the end of life, as a developed spall shows in the raw spectrum. */
  readonly bpfoAmplitudeAtFailure: number;
  /** Relative random spread of the spacing between impacts: rolling elements slip. */
  readonly impactJitter: number;
}

export const BEARING_SIM_DEFAULTS: BearingSimOptions = {
  shaftHz: 25, // 1500 rpm, a 4-pole motor at 50 Hz
  geometry: BEARING_6205,
  shaftAmplitude: 0.5,
  noiseRms: 0.2,
  resonanceHz: 3_000,
  resonanceDampingRatio: 0.05,
  defectOnsetLife: 0.3,
  defectGrowthPerLife: 8,
  impactAmplitudeAtFailure: 10,
  bpfoAmplitudeAtFailure: 1.5,
  impactJitter: 0.01,
};

/**
 * Defect size in [0, 1]: 0 before the onset, then exponential growth (as a spall's growth rate
 * is proportional to its size), shifted so that it starts at 0 and reaches 1 at lifeFraction 1.
 */
export function defectSeverity(lifeFraction: number, options: Partial<BearingSimOptions> = {}): number {
  const { defectOnsetLife: onset, defectGrowthPerLife: rate } = { ...BEARING_SIM_DEFAULTS, ...options };
  const life = Math.min(1, Math.max(0, lifeFraction));
  if (life <= onset) return 0;
  return Math.expm1(rate * (life - onset)) / Math.expm1(rate * (1 - onset));
}

function validateSim(lifeFraction: number, sampleRateHz: number, sampleCount: number, sim: BearingSimOptions): void {
  const { resonanceHz, resonanceDampingRatio } = sim;
  if (!(resonanceDampingRatio > 0 && resonanceDampingRatio < 1)) {
    throw new Error('bearing sim: resonanceDampingRatio must be in (0, 1)');
  }
  if (!Number.isFinite(lifeFraction)) throw new Error('bearing sim: lifeFraction must be finite');
  if (!Number.isInteger(sampleCount) || sampleCount < 1 || sampleCount > WAVEFORM_SAMPLE_COUNT_MAX) {
    throw new Error(`bearing sim: sampleCount must be an integer in [1, ${WAVEFORM_SAMPLE_COUNT_MAX}]`);
  }
  // Below Nyquist the ringing would alias into a different, misleading frequency.
  if (!(sampleRateHz > 2 * resonanceHz)) {
    throw new Error(`bearing sim: sampleRateHz must exceed twice resonanceHz (${resonanceHz} Hz)`);
  }
}

/**
 * One acceleration waveform of the bearing at a point of its life (0 new, 1 failed): 1× line,
 * Gaussian noise, and, once the defect has appeared, impacts at BPFO that ring the resonance
 * (raising kurtosis, crest factor and the high-frequency band) plus a line at BPFO. The same
 * arguments always give the same samples.
 */
export function waveformAt(
  lifeFraction: number,
  sampleRateHz: number,
  sampleCount: number,
  seed: number,
  options: Partial<BearingSimOptions> = {},
): Float64Array {
  const sim: BearingSimOptions = { ...BEARING_SIM_DEFAULTS, ...options };
  validateSim(lifeFraction, sampleRateHz, sampleCount, sim);
  const random = createRng(seed);
  const { bpfoHz } = bearingDefectFrequencies(sim.shaftHz, sim.geometry);
  const severity = defectSeverity(lifeFraction, sim);
  const samples = new Float64Array(sampleCount);
  const shaftPhase = 2 * Math.PI * random.next();
  const bpfoPhase = 2 * Math.PI * random.next();
  for (let n = 0; n < sampleCount; n++) {
    const timeS = n / sampleRateHz;
    samples[n] =
      sim.shaftAmplitude * Math.sin(2 * Math.PI * sim.shaftHz * timeS + shaftPhase) +
      severity * sim.bpfoAmplitudeAtFailure * Math.sin(2 * Math.PI * bpfoHz * timeS + bpfoPhase) +
      sim.noiseRms * random.normal();
  }
  if (severity > 0) addImpacts(samples, sampleRateHz, bpfoHz, severity * sim.impactAmplitudeAtFailure, sim, random);
  return samples;
}

/** Adds decaying sines a·e^(−ζωt)·sin(ω_d·t), one per ball passing the spall. */
function addImpacts(
  samples: Float64Array,
  sampleRateHz: number,
  bpfoHz: number,
  amplitude: number,
  sim: BearingSimOptions,
  random: Rng,
): void {
  const omegaRadS = 2 * Math.PI * sim.resonanceHz;
  const decayPerS = sim.resonanceDampingRatio * omegaRadS;
  const dampedOmegaRadS = omegaRadS * Math.sqrt(1 - sim.resonanceDampingRatio ** 2);
  const ringSampleCount = Math.ceil((Math.log(1000) / decayPerS) * sampleRateHz); // down to 1/1000
  const durationS = samples.length / sampleRateHz;
  const periodS = 1 / bpfoHz;
  // The first impact may precede the window: its tail still rings into it.
  for (let impactS = -periodS * random.next(); impactS < durationS;) {
    const start = Math.ceil(impactS * sampleRateHz);
    const last = Math.min(samples.length - 1, start + ringSampleCount);
    for (let n = Math.max(0, start); n <= last; n++) {
      const sinceS = n / sampleRateHz - impactS;
      samples[n] = (samples[n] ?? 0) + amplitude * Math.exp(-decayPerS * sinceS) * Math.sin(dampedOmegaRadS * sinceS);
    }
    // Clamped so that an extreme draw (or a large impactJitter) can never step backwards.
    impactS += periodS * Math.max(0.1, 1 + sim.impactJitter * random.normal());
  }
}
