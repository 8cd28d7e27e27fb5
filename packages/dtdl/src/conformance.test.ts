import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModels } from './parse-models.js';

// The official DTDL v3 conformance suite: each file is an array of cases
// { valid, options: ["AllowUndefinedExtensions" | "DisallowUndefinedExtensions"], input: [documents] }.
const SUITE = '/work/shared/dtdl/DTDL/v3/spec';
/** The floor this parser reaches today (cases); raise it as conformance grows, never lower it. */
const CASE_PASS_RATE_FLOOR = 1;

interface Case {
  readonly valid: boolean;
  readonly options: readonly string[];
  readonly input: readonly unknown[];
}

void test('DTDL v3 conformance suite', () => {
  const files = readdirSync(SUITE)
    .filter((f) => f.endsWith('.json'))
    .sort();
  let cases = 0;
  let passed = 0;
  const failing: string[] = [];
  for (const file of files) {
    const text = readFileSync(join(SUITE, file), 'utf8').replace(/^\uFEFF/, '');
    const suite = JSON.parse(text) as Case[];
    const bad: number[] = [];
    suite.forEach((c, index) => {
      cases += 1;
      const result = parseModels(c.input, { allowUndefinedExtensions: c.options.includes('AllowUndefinedExtensions') });
      if (result.ok === c.valid) passed += 1;
      else bad.push(index);
    });
    if (bad.length > 0) failing.push(`${file} (cases ${bad.join(', ')})`);
  }
  const rate = passed / cases;
  console.log(
    `conformance: ${passed}/${cases} cases pass (${(rate * 100).toFixed(1)} %), ` +
      `${files.length - failing.length}/${files.length} files fully pass`,
  );
  if (failing.length > 0) console.log(`failing files:\n  ${failing.join('\n  ')}`);
  assert.ok(
    rate >= CASE_PASS_RATE_FLOOR,
    `pass rate ${(rate * 100).toFixed(1)} % fell below ${CASE_PASS_RATE_FLOOR * 100} %`,
  );
});
