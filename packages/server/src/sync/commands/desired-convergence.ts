import { isDeepStrictEqual } from 'node:util';

/**
 * Whether a reported value has reached a desired one: numbers within `tolerance` (a setpoint of
 * 21.5 °C is met by a reported 21.48 with tolerance 0.05), anything else equal as JSON values.
 */
export function converges(reported: unknown, desired: unknown, tolerance: number): boolean {
  if (typeof reported === 'number' && typeof desired === 'number') return Math.abs(reported - desired) <= tolerance;
  return isDeepStrictEqual(reported, desired);
}
