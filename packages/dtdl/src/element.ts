import type { ActiveContext } from './context.js';
import type { ClassName, MemberSpec } from './metamodel.js';

/**
 * The reader's output: DTDL elements with members normalised to their terms, before references are
 * linked. Internal to the package; the public results are InterfaceInfo and Schema.
 */
export interface Element {
  readonly id: string;
  readonly explicitId: boolean;
  /** The nearest explicit `@id` (own or an ancestor's): what error reports name, as users can find it. */
  readonly anchorId: string;
  readonly cls: ClassName;
  /** Defined adjunct types (semantic types, Historized, Mqtt, …), as terms. */
  readonly cotypes: readonly string[];
  readonly context: ActiveContext;
  readonly node: Readonly<Record<string, unknown>>;
  /** `/<document index>/<json pointer>`. */
  readonly pointer: string;
  readonly topLevel: boolean;
  /** The partition root (spec "Partitions and referenceability"): a top-level element or an Interface. */
  readonly partition: string;
  /** Member term → its values, in document order. */
  readonly members: ReadonlyMap<string, readonly MemberValue[]>;
  /** Member term → its literal value (strings, numbers, booleans, language maps). */
  readonly literals: ReadonlyMap<string, unknown>;
}

export type MemberValue =
  | { readonly kind: 'element'; readonly element: Element }
  | { readonly kind: 'reference'; readonly id: string; readonly pointer: string; readonly spec: MemberSpec }
  | { readonly kind: 'standard'; readonly name: string };

/** Members whose values are schemas, for the nesting limit (spec "Limits and exclusions"). */
export const SCHEMA_MEMBERS: ReadonlySet<string> = new Set(['schema', 'elementSchema']);
