import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { OPENAPI_DOCUMENT } from './openapi.js';

/** Every `api.<method>('<path>'` registration in routes/, as OpenAPI paths (`:id` → `{id}`). */
function registeredRoutes(): { method: string; path: string }[] {
  const dir = new URL('./routes/', import.meta.url);
  const routes: { method: string; path: string }[] = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))) {
    const source = readFileSync(new URL(file, dir), 'utf8');
    for (const match of source.matchAll(/\bapi\.(get|post|put|patch|delete)\(\s*'([^']+)'/g)) {
      routes.push({ method: match[1] as string, path: (match[2] as string).replace(/:(\w+)/g, '{$1}') });
    }
  }
  return routes;
}

describe('OpenAPI document', () => {
  it('describes every route the API registers, with the same method', () => {
    const routes = registeredRoutes();
    assert.ok(routes.length >= 20, `found only ${routes.length} routes: the scan is broken`);
    const paths = OPENAPI_DOCUMENT.paths as Record<string, Record<string, unknown>>;
    for (const { method, path } of routes) {
      assert.ok(paths[path]?.[method] !== undefined, `${method.toUpperCase()} ${path} is not in openapi.ts`);
    }
  });

  it('describes no route that does not exist', () => {
    const routes = new Set(registeredRoutes().map(({ method, path }) => `${method} ${path}`));
    for (const [path, operations] of Object.entries(OPENAPI_DOCUMENT.paths)) {
      for (const method of Object.keys(operations))
        assert.ok(routes.has(`${method} ${path}`), `openapi.ts lists ${method} ${path}`);
    }
  });
});
