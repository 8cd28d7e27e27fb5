/**
 * The query behind "search all twins" (the tree filters only what is loaded; this asks the
 * platform about every twin): ids or names containing the text, optionally of one model (and the
 * models extending it), in the twin query language.
 */
export function twinSearchQuery(text: string, modelId: string | null): string {
  const literal = quote(text.trim());
  const conditions = [`(CONTAINS(T.$dtId, ${literal}) OR CONTAINS(T.name, ${literal}))`];
  if (modelId !== null) conditions.push(`IS_OF_MODEL(T, ${quote(modelId)})`);
  return `SELECT T.$dtId, T.name, T.$metadata.$model FROM DIGITALTWINS T WHERE ${conditions.join(' AND ')}`;
}

/** A string literal: backslashes escaped, the quote doubled (docs/query.md). */
export function quote(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}
