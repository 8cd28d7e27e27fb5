const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * Where `timestampMs` (epoch ms) falls in its local day, in units of buckets: a number in
 * [0, bucketCount), so that floor() is the bucket and the fraction the position inside it.
 * Local time = UTC + `utcOffsetMinutes` (a fixed offset: daylight saving time is not followed).
 */
export function dayPosition(timestampMs: number, bucketCount: number, utcOffsetMinutes: number): number {
  const localMs = timestampMs + utcOffsetMinutes * MINUTE_MS;
  const msIntoDay = ((localMs % DAY_MS) + DAY_MS) % DAY_MS;
  return (msIntoDay / DAY_MS) * bucketCount;
}
