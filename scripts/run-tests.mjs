#!/usr/bin/env node
// Runs one scope of tests with Node's test runner, TypeScript loaded through tsx and workspace
// packages resolved to their sources ("source" export condition).
//   unit:        packages/*/src/**/*.test.ts   (beside the code, no servers needed)
//   integration: test/integration/**/*.test.ts (real MQTT clients, mosquitto tools, real processes)
//   e2e:         test/e2e/**/*.test.ts          (a real browser)
// Extra arguments are passed to `node --test` (e.g. --test-name-pattern).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const scopes = {
  unit: ['packages'],
  integration: ['test/integration'],
  e2e: ['test/e2e'],
};
const [scope = 'unit', ...extra] = process.argv.slice(2);
const roots = scopes[scope];
if (!roots) {
  console.error(`unknown scope "${scope}"; use one of ${Object.keys(scopes).join(', ')}`);
  process.exit(2);
}

function collect(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const files = roots.flatMap((root) => collect(root, [])).sort();
if (files.length === 0) {
  console.error(`no test files found for scope "${scope}"`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--conditions=source', '--import', 'tsx', '--test', '--test-reporter=spec', ...extra, ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
