import type { BearingGeometry } from '@doppel/sim';
import { bearingDefectFrequencies } from '@doppel/sim';
import type { FrequencyBand } from './frequency-band.js';
import { validateBands } from './frequency-band.js';

export interface BearingBandOptions {
  /** Half-width of each defect band relative to its centre: ±5 % covers slip and speed drift. */
  readonly relativeWidth: number;
  /** Lower bound of a band's half-width, so that a low line (FTF) still covers an FFT bin or two. */
  readonly halfWidthMinHz: number;
  /**
   * High-frequency band: impacts of a young defect ring the bearing's and housing's resonances,
   * typically a few kHz, long before the defect lines stand out. Clipped by Nyquist in practice.
   */
  readonly highFrequencyFromHz: number;
  readonly highFrequencyToHz: number;
}

export const BEARING_BAND_DEFAULTS: BearingBandOptions = {
  relativeWidth: 0.05,
  halfWidthMinHz: 2,
  highFrequencyFromHz: 2_000,
  highFrequencyToHz: 10_000,
};

/**
 * Band names: shaft1x, ftf, bpfo, bpfi, bsf, highFrequency. Bands may overlap; each is summed alone.
 * The geometry and its defect frequencies come from @doppel/sim (bearing-geometry.ts), which its
 * degrading-bearing simulator shares: one definition of each.
 */
export function bearingBands(
  shaftHz: number,
  geometry: BearingGeometry,
  options: Partial<BearingBandOptions> = {},
): FrequencyBand[] {
  const { relativeWidth, halfWidthMinHz, highFrequencyFromHz, highFrequencyToHz } = {
    ...BEARING_BAND_DEFAULTS,
    ...options,
  };
  if (!(relativeWidth > 0 && relativeWidth < 1)) throw new Error('bearing bands: relativeWidth must be in (0, 1)');
  if (!(halfWidthMinHz >= 0)) throw new Error('bearing bands: halfWidthMinHz must be >= 0');
  const { ftfHz, bpfoHz, bpfiHz, bsfHz } = bearingDefectFrequencies(shaftHz, geometry);
  const around = (name: string, centreHz: number): FrequencyBand => {
    const halfWidthHz = Math.max(centreHz * relativeWidth, halfWidthMinHz);
    return { name, fromHz: Math.max(0, centreHz - halfWidthHz), toHz: centreHz + halfWidthHz };
  };
  const bands = [
    around('shaft1x', shaftHz),
    around('ftf', ftfHz),
    around('bpfo', bpfoHz),
    around('bpfi', bpfiHz),
    around('bsf', bsfHz),
    { name: 'highFrequency', fromHz: highFrequencyFromHz, toHz: highFrequencyToHz },
  ];
  validateBands(bands);
  return bands;
}
