import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DoppelError, ERROR_CATALOG, toDoppelError, toProblemDetails } from './errors.js';

describe('error catalog', () => {
  it('gives every code a status, a title and a remedy that says what to do', () => {
    for (const [code, entry] of Object.entries(ERROR_CATALOG)) {
      assert.match(code, /^[a-z]+\.[a-z-]+$/, code);
      assert.ok(entry.status >= 400 && entry.status < 600, code);
      assert.ok(entry.title.length > 0 && entry.remedy.length > 10, code);
    }
  });

  it('is documented in docs/errors.md (regenerate with scripts/gen-errors-doc.ts)', () => {
    const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
    for (const code of Object.keys(ERROR_CATALOG))
      assert.ok(doc.includes(`\`${code}\``), `${code} missing from docs/errors.md`);
  });

  it('renders problem details with the code, remedy and details', () => {
    const error = new DoppelError('twin.not-found', 'twin "x" does not exist', {
      details: [{ pointer: '/a', message: 'm' }],
    });
    const problem = toProblemDetails(error, '/api/v1/digitaltwins/x');
    assert.equal(problem.status, 404);
    assert.equal(problem.code, 'twin.not-found');
    assert.equal(problem.detail, 'twin "x" does not exist');
    assert.equal(problem.remedy, ERROR_CATALOG['twin.not-found'].remedy);
    assert.deepEqual(problem.errors, [{ pointer: '/a', message: 'm' }]);
  });

  it('converts unknown throws to internal.error and keeps the cause', () => {
    const cause = new TypeError('boom');
    const error = toDoppelError(cause);
    assert.equal(error.code, 'internal.error');
    assert.equal(error.status, 500);
    assert.equal(error.cause, cause);
    assert.equal(toDoppelError(error), error);
  });
});
