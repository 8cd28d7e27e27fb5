import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DoppelError } from '@doppel/core';
import type { PageRequest } from './paging.js';
import { pageOf, readPageRequest } from './paging.js';

const LIMITS = { pageSizeMax: 50, pageSizeDefault: 10 };
const token = (offset: number): string => Buffer.from(String(offset)).toString('base64url');

function invalid(query: Record<string, unknown>, message: RegExp): void {
  assert.throws(
    () => readPageRequest(query, LIMITS),
    (error: unknown) => error instanceof DoppelError && error.code === 'request.invalid' && message.test(error.message),
  );
}

void describe('readPageRequest', () => {
  void it('defaults to the first page of pageSizeDefault', () => {
    assert.deepEqual(readPageRequest({}, LIMITS), { pageSize: 10, offset: 0 });
    assert.deepEqual(readPageRequest({ continuationToken: '' }, LIMITS), { pageSize: 10, offset: 0 });
  });

  void it('reads pageSize, or Azure maxItemsPerPage, and the continuation token', () => {
    assert.deepEqual(readPageRequest({ pageSize: '25', continuationToken: token(40) }, LIMITS), {
      pageSize: 25,
      offset: 40,
    });
    assert.deepEqual(readPageRequest({ maxItemsPerPage: 5 }, LIMITS), { pageSize: 5, offset: 0 });
    assert.deepEqual(readPageRequest({ pageSize: '50' }, LIMITS), { pageSize: 50, offset: 0 });
  });

  void it('refuses page sizes outside 1..pageSizeMax or not integers', () => {
    for (const pageSize of ['0', '51', '2.5', 'ten', '', '-1'])
      invalid({ pageSize }, /pageSize must be an integer from 1 to 50/);
  });

  void it('refuses a token that does not decode to a non-negative integer', () => {
    invalid({ continuationToken: 'not-a-token' }, /continuationToken is not valid/);
    invalid({ continuationToken: token(-3) }, /continuationToken/);
    invalid({ continuationToken: Buffer.from('1.5').toString('base64url') }, /continuationToken/);
  });
});

void describe('pageOf', () => {
  const items = Array.from({ length: 7 }, (_, i) => i);
  const request = (offset: number, pageSize = 3): PageRequest => ({ offset, pageSize });

  void it('slices a page, maps it, and links to the next one keeping the query', () => {
    const page = pageOf(items, request(0), '/api/v1/digitaltwins?model=x', (i) => `#${i}`);
    assert.deepEqual(page.value, ['#0', '#1', '#2']);
    assert.ok(page.nextLink !== null);
    const next = new URL(page.nextLink, 'http://host');
    assert.equal(next.pathname, '/api/v1/digitaltwins');
    assert.equal(next.searchParams.get('model'), 'x');
    assert.equal(next.searchParams.get('pageSize'), '3');
    assert.deepEqual(readPageRequest(Object.fromEntries(next.searchParams), LIMITS), request(3));
  });

  void it('walks every item exactly once by following nextLink', () => {
    const seen: number[] = [];
    let current: PageRequest | undefined = request(0);
    let pages = 0;
    while (current !== undefined && pages < 10) {
      const page: { value: readonly number[]; nextLink: string | null } = pageOf(items, current, '/things', (i) => i);
      seen.push(...page.value);
      pages++;
      current =
        page.nextLink === null
          ? undefined
          : readPageRequest(Object.fromEntries(new URL(page.nextLink, 'http://h').searchParams), LIMITS);
    }
    assert.deepEqual(seen, items);
    assert.equal(pages, 3);
  });

  void it('has no nextLink on the last page, even when it is exactly full', () => {
    assert.equal(pageOf(items, request(4), '/things', (i) => i).nextLink, null);
    assert.equal(pageOf(items.slice(0, 6), request(3), '/things', (i) => i).nextLink, null);
    assert.deepEqual(
      pageOf(items, request(100), '/things', (i) => i),
      { value: [], nextLink: null },
    );
  });
});
