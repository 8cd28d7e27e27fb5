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
 * Real bearings slip 1–2 %, one reason why the platform's defect bands have a width.
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
