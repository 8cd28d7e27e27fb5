/**
 * The checks every list of rules in the configuration shares (cadences, critical series, quality):
 * an array of objects, with known fields only, its names non-empty strings and its numbers finite,
 * naming at least one of `selectors`. `more` adds the checks particular to one kind of rule.
 */
export function ruleProblems(
  rules: unknown,
  name: string,
  fields: {
    readonly names: readonly string[];
    readonly numbers?: readonly string[];
    readonly selectors: readonly string[];
  },
  more: (rule: Readonly<Record<string, unknown>>, at: string) => string[] = () => [],
): string[] {
  if (!Array.isArray(rules)) return [`${name} must be an array of rules`];
  const known = [...fields.names, ...(fields.numbers ?? [])];
  const problems: string[] = [];
  rules.forEach((rule: unknown, index) => {
    const at = `${name}[${index}]`;
    if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
      problems.push(`${at} must be an object`);
      return;
    }
    const record = rule as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!known.includes(key)) problems.push(`${at}.${key} is not a rule field (${known.join(', ')})`);
    }
    for (const key of fields.names) {
      if (record[key] !== undefined && (typeof record[key] !== 'string' || record[key] === '')) {
        problems.push(`${at}.${key} must be a non-empty string`);
      }
    }
    for (const key of fields.numbers ?? []) {
      if (record[key] !== undefined && (typeof record[key] !== 'number' || !Number.isFinite(record[key]))) {
        problems.push(`${at}.${key} must be a number`);
      }
    }
    if (fields.selectors.every((key) => record[key] === undefined)) {
      problems.push(`${at} must name at least one of ${fields.selectors.join(', ')}`);
    }
    problems.push(...more(record, at));
  });
  return problems;
}
