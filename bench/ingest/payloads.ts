/**
 * Telemetry payloads. Formatting 100 numbers per message would cost the publishers more CPU than
 * the broker spends relaying them (and they share the same 2 cores), so each model gets a pool of
 * pre-rendered field lists from a mean-reverting random walk, and a message is `{"ts":<now>` plus
 * one of them. Values change from message to message like real sensors, rounded to a sensor's
 * resolution (0.01), which keeps the JSON realistic (perf-baseline.md 1: ~10-20 B per field).
 */
const POOL_SIZE = 64;

export interface PayloadPool {
  readonly pointsPerMessage: number;
  /** The text after `{"ts":<epoch ms>`, closing brace included. */
  suffix(twinIndex: number, sequence: number): string;
}

export function createPayloadPool(fields: readonly string[], seed = 1): PayloadPool {
  const random = mulberry32(seed);
  const levels = fields.map((_, i) => 10 + ((i * 37) % 90) * 10);
  const current = levels.slice();
  const suffixes: string[] = [];
  for (let n = 0; n < POOL_SIZE; n++) {
    let text = '';
    for (let i = 0; i < fields.length; i++) {
      const level = levels[i] ?? 0;
      const previous = current[i] ?? level;
      const next = previous + 0.2 * (level - previous) + (random() - 0.5) * level * 0.02;
      current[i] = next;
      text += `,"${fields[i]}":${Math.round(next * 100) / 100}`;
    }
    suffixes.push(`${text}}`);
  }
  return {
    pointsPerMessage: fields.length,
    // Twins start at different offsets so that neighbours do not send identical values.
    suffix: (twinIndex, sequence) => suffixes[(twinIndex * 7 + sequence) % POOL_SIZE] ?? '}',
  };
}

/** A tiny deterministic PRNG, so that two runs publish the same values. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
