import type { DigitalTwin } from '@doppel/protocol';

/** The twin's `name` or `displayName` property when it is a text, else its id (as the tree does). */
export function twinLabel(twin: DigitalTwin): string {
  for (const key of ['name', 'displayName']) {
    const value = twin[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return twin.$dtId;
}
