/**
 * What a query reads: the twin graph with its live state, behind an interface so that this
 * package stays free of the platform (the server adapts its TwinGraph and StateStore; tests use
 * a small in-memory graph).
 */

import type { HistoryRequest } from './history-calls.js';

/** A twin as queries see it. */
export interface QueryTwin {
  readonly id: string;
  readonly modelId: string;
  /**
   * The twin's document in Azure Digital Twins' shape: `$dtId`, `$etag`, `$metadata` (`$model`,
   * …), its properties, and (Doppel) the current values of its telemetry. Built when first read.
   */
  readonly document: Readonly<Record<string, unknown>>;
  /**
   * Optional fast path: the value at a property path (not `$…`), as `document` would give it,
   * without building the whole document. Scans that test one property of many twins use it.
   */
  read?(path: readonly string[]): unknown;
}

export interface QueryRelationship {
  readonly id: string;
  readonly sourceId: string;
  readonly targetId: string;
  readonly name: string;
  /** `$relationshipId`, `$sourceId`, `$targetId`, `$relationshipName`, `$etag` and its properties. */
  readonly document: Readonly<Record<string, unknown>>;
}

export interface QuerySource {
  /** Every twin id, in a stable order (paging relies on it between pages of an unchanged graph). */
  twinIds(): Iterable<string>;
  /** Twins of a model; with `exact` false also of every model that extends it (any depth). */
  twinIdsOfModel(modelId: string, exact: boolean): Iterable<string>;
  twin(id: string): QueryTwin | undefined;
  /** Whether the twin's model is `modelId` or (unless `exact`) extends it. */
  isOfModel(twin: QueryTwin, modelId: string, exact: boolean): boolean;
  /**
   * Optional index: twins whose property `path` may equal `value` (a superset; the condition is
   * still checked), or `undefined` when the source keeps no index for that path.
   */
  twinIdsByProperty?(path: readonly string[], value: string | number | boolean): Iterable<string> | undefined;
  /** Relationships from a twin, all or of one name. */
  outgoing(twinId: string, name?: string): readonly QueryRelationship[];
  /** Relationships to a twin, all or of one name. */
  incoming(twinId: string, name?: string): readonly QueryRelationship[];
  /** Every relationship (FROM RELATIONSHIPS). */
  relationships(): Iterable<QueryRelationship>;
  /**
   * History aggregates over windows ending now, one answer per request (`undefined`: no samples
   * in the window). Absent: the source keeps no history, and queries that need it are refused.
   */
  readHistory?(requests: readonly HistoryRequest[]): Promise<readonly (number | undefined)[]>;
  /**
   * Freshness of a twin's path (`stale`, `fresh`, `unknown` while no cadence is known, `missing`
   * when a declared path never had a value; undefined: no value and nothing expected). Absent:
   * the source tracks no freshness, and IS_STALE is refused.
   */
  freshnessOf?(twinId: string, path: string): 'fresh' | 'stale' | 'unknown' | 'missing' | undefined;
  /**
   * Quality of a twin's live value at `path` (`good`, `uncertain`, `bad`; undefined: no live
   * value). Absent: the source infers no quality, and QUALITY() is refused.
   */
  qualityOf?(twinId: string, path: string): 'good' | 'uncertain' | 'bad' | undefined;
  /**
   * Confidence in a twin's live value at `path`, 0–1 (undefined: no live value). Absent: the
   * source computes no confidence, and CONFIDENCE() is refused.
   */
  confidenceOf?(twinId: string, path: string): number | undefined;
}
