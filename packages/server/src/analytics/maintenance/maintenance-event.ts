import type { MaintenanceKind } from '@doppel/protocol';

/**
 * What happened to an asset, recorded by people: a failure, a repair, an inspection. Failures
 * close the loop of predictive maintenance: each prediction (an alert of a rule on the remaining
 * useful life or the health index) is checked against them (outcomes.ts). The shape is the wire's.
 */
export type { MaintenanceEvent, MaintenanceKind } from '@doppel/protocol';

export const MAINTENANCE_KINDS: readonly MaintenanceKind[] = ['failure', 'repair', 'inspection'];
