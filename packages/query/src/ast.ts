/**
 * The syntax tree of a twin query: Azure Digital Twins' query language (SELECT … FROM
 * DIGITALTWINS … JOIN … RELATED … / MATCH … WHERE …) as the parser gives it, before planning.
 * Keywords are case-insensitive, names (aliases, properties, relationship names) are not.
 */

/** Where something starts in the query text (1-based line and column, 0-based offset). */
export interface Position {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

export type Literal = string | number | boolean | null;

export type Expr =
  | { readonly kind: 'literal'; readonly value: Literal; readonly at: Position }
  /** `['a', 'b']`, the right side of IN / NIN. */
  | { readonly kind: 'list'; readonly items: readonly Expr[]; readonly at: Position }
  /**
   * A dotted name: `T.prop.sub`, `T.$dtId`, `T.$metadata.$model`, or `$dtId` / `prop` alone.
   * `parts[0]` may be an alias or, in a query without aliases, a property of the twin; the planner
   * decides. `T['my prop']` gives the part `my prop`.
   */
  | { readonly kind: 'path'; readonly parts: readonly string[]; readonly at: Position }
  /** The bare keyword `exact` (IS_OF_MODEL's third argument). */
  | { readonly kind: 'keyword'; readonly name: 'EXACT'; readonly at: Position }
  /** A function call; `name` upper-cased (IS_OF_MODEL, STARTSWITH, …). */
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expr[]; readonly at: Position }
  | { readonly kind: 'unary'; readonly op: 'NOT' | '-'; readonly operand: Expr; readonly at: Position }
  | {
      readonly kind: 'binary';
      readonly op: BinaryOp;
      readonly left: Expr;
      readonly right: Expr;
      readonly at: Position;
    };

export type BinaryOp = 'AND' | 'OR' | '=' | '!=' | '<' | '<=' | '>' | '>=' | 'IN' | 'NIN' | '+' | '-' | '*' | '/' | '%';

export type Projection =
  /** `SELECT *` */
  | { readonly kind: 'all' }
  /** `SELECT COUNT()` */
  | { readonly kind: 'count' }
  /** `SELECT T, CT.name AS n, …` */
  | { readonly kind: 'items'; readonly items: readonly ProjectionItem[] };

export interface ProjectionItem {
  readonly expr: Expr;
  /** `AS name`, if given. */
  readonly alias?: string;
}

/** `JOIN CT RELATED T.contains R`: CT are the targets of T's `contains` relationships (R names the relationship). */
export interface Join {
  readonly alias: string;
  readonly source: string;
  readonly relationship: string;
  readonly relationshipAlias?: string;
  readonly at: Position;
}

/** `MATCH (a)-[r:rel1|rel2*1..3]->(b)-[:x]-(c)`: a chain of nodes joined by edges. */
export interface MatchPattern {
  /** One more than `edges`. */
  readonly nodes: readonly MatchNode[];
  readonly edges: readonly MatchEdge[];
  readonly at: Position;
}

export interface MatchNode {
  readonly alias: string;
  readonly at: Position;
}

export interface MatchEdge {
  readonly alias?: string;
  /** Relationship names (`:a|b`); empty = any relationship. */
  readonly names: readonly string[];
  /** Hops: `[:r]` is 1..1, `*3` is 3..3, `*1..3`, `*..3` is 1..3. */
  readonly minHops: number;
  readonly maxHops: number;
  /** `-[...]->` out, `<-[...]-` in, `-[...]-` either. */
  readonly direction: 'out' | 'in' | 'any';
  readonly at: Position;
}

export interface SelectQuery {
  readonly kind: 'select';
  /** `EXPLAIN SELECT …`: plan only. */
  readonly explain: boolean;
  /** `SELECT TOP(n)` */
  readonly top?: number;
  readonly projection: Projection;
  readonly from: {
    readonly collection: 'DIGITALTWINS' | 'RELATIONSHIPS';
    readonly alias?: string;
    readonly at: Position;
  };
  readonly joins: readonly Join[];
  readonly match?: MatchPattern;
  readonly where?: Expr;
}
