/**
 * What happened to an asset, recorded by people: a failure, a repair, an inspection. Failures
 * close the loop of predictive maintenance: each prediction (an alert of a rule on the remaining
 * useful life or the health index) is checked against them (outcomes.ts).
 */
export type MaintenanceKind = 'failure' | 'repair' | 'inspection';

export const MAINTENANCE_KINDS: readonly MaintenanceKind[] = ['failure', 'repair', 'inspection'];

export interface MaintenanceEvent {
  readonly id: string;
  readonly twinId: string;
  readonly kind: MaintenanceKind;
  /** When it happened (epoch ms). */
  readonly atMs: number;
  readonly note: string;
  readonly recordedBy: string;
  readonly recordedMs: number;
}
