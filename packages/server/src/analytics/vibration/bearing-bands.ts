import type { FrequencyBand } from './frequency-band.js';
import { validateBands } from './frequency-band.js';

/** Geometry of a rolling-element bearing, as printed in its catalogue. */
export interface BearingGeometry {
  readonly ballCount: number;
  readonly ballDiameterMm: number;
  /** Diameter of the circle through the ball centres. */
  readonly pitchDiameterMm: number;
  /** 0 for a deep-groove ball bearing under radial load. */
  readonly contactAngleDeg: number;
}

/** Defect frequencies for a stationary outer ring and a rotating inner ring (the usual mounting). */
export interface BearingDefectFrequencies {
  /** Fundamental train (cage) frequency. */
  readonly ftfHz: number;
  /** Ball pass frequency, outer race: rate at which balls roll over an outer-race defect. */
  readonly bpfoHz: number;
  /** Ball pass frequency, inner race. */
  readonly bpfiHz: number;
  /** Ball spin frequency (one revolution of a ball about its own axis). */
  readonly bsfHz: number;
}

/** SKF 6205 deep-groove ball bearing, the bearing of the CWRU bearing data set. */
export const BEARING_6205: BearingGeometry = {
  ballCount: 9,
  ballDiameterMm: 7.94,
  pitchDiameterMm: 39.04,
  contactAngleDeg: 0,
};

function validateBearing(shaftHz: number, geometry: BearingGeometry): void {
  const { ballCount, ballDiameterMm, pitchDiameterMm, contactAngleDeg } = geometry;
  if (!Number.isFinite(shaftHz) || shaftHz <= 0) throw new Error(`bearing: shaftHz must be > 0, got ${shaftHz}`);
  if (!Number.isInteger(ballCount) || ballCount < 1) throw new Error(`bearing: ballCount must be an integer >= 1`);
  if (!(ballDiameterMm > 0 && pitchDiameterMm > ballDiameterMm)) {
    throw new Error('bearing: need 0 < ballDiameterMm < pitchDiameterMm');
  }
  if (!(contactAngleDeg >= 0 && contactAngleDeg < 90)) throw new Error('bearing: contactAngleDeg must be in [0, 90)');
}

/**
 * The kinematic defect frequencies (rolling without slip), with r = (d/D)·cos φ:
 * FTF = fr/2·(1 − r), BPFO = n·fr/2·(1 − r), BPFI = n·fr/2·(1 + r), BSF = D/(2d)·fr·(1 − r²).
 * Real bearings slip 1–2 %, one reason why the bands below have a width.
 */
export function bearingDefectFrequencies(shaftHz: number, geometry: BearingGeometry): BearingDefectFrequencies {
  validateBearing(shaftHz, geometry);
  const { ballCount, ballDiameterMm, pitchDiameterMm, contactAngleDeg } = geometry;
  const ratio = (ballDiameterMm / pitchDiameterMm) * Math.cos((contactAngleDeg * Math.PI) / 180);
  return {
    ftfHz: (shaftHz / 2) * (1 - ratio),
    bpfoHz: ((ballCount * shaftHz) / 2) * (1 - ratio),
    bpfiHz: ((ballCount * shaftHz) / 2) * (1 + ratio),
    bsfHz: (pitchDiameterMm / (2 * ballDiameterMm)) * shaftHz * (1 - ratio * ratio),
  };
}

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

/** Band names: shaft1x, ftf, bpfo, bpfi, bsf, highFrequency. Bands may overlap; each is summed alone. */
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
