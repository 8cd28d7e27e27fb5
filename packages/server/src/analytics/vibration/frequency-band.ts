/** A named frequency band, half-open: a bin at f belongs to it when fromHz <= f < toHz. */
export interface FrequencyBand {
  readonly name: string;
  readonly fromHz: number;
  readonly toHz: number;
}

/** Throws an Error naming the first band that is not a finite, non-empty, non-negative range. */
export function validateBands(bands: readonly FrequencyBand[]): void {
  const seen = new Set<string>();
  for (const band of bands) {
    if (band.name.length === 0) throw new Error('vibration band: name must not be empty');
    if (seen.has(band.name)) throw new Error(`vibration band "${band.name}": name is used twice`);
    seen.add(band.name);
    const finite = Number.isFinite(band.fromHz) && Number.isFinite(band.toHz);
    if (!finite || band.fromHz < 0 || band.toHz <= band.fromHz) {
      throw new Error(`vibration band "${band.name}": need 0 <= fromHz < toHz, got [${band.fromHz}, ${band.toHz})`);
    }
  }
}

/**
 * Sums a one-sided power spectrum (bin k at firstBinHz + k·binHz, in signal unit²) over each band.
 * A band narrower than one bin may hold no bin at all and then reads 0.
 */
export function bandEnergies(
  powerPerBin: Float64Array,
  binHz: number,
  bands: readonly FrequencyBand[],
  firstBinHz = 0,
): Record<string, number> {
  const energies: Record<string, number> = {};
  const lastBin = powerPerBin.length - 1;
  for (const band of bands) {
    // Integer bin range instead of testing every bin: bands are few, spectra are long.
    const fromBin = Math.max(0, Math.ceil((band.fromHz - firstBinHz) / binHz));
    const toBin = Math.min(lastBin, Math.ceil((band.toHz - firstBinHz) / binHz) - 1);
    let energy = 0;
    for (let bin = fromBin; bin <= toBin; bin++) energy += powerPerBin[bin] ?? 0;
    energies[band.name] = energy;
  }
  return energies;
}
