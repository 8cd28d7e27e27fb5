import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { EpochMs, ErrorCode } from '@doppel/core';
import type { DeadLetterDraft } from '../ingest/ingest-types.js';
import type { DeadLetterFilter, DeadLetterStore, StoredDeadLetter } from './dead-letter-store.js';

export interface DeadLetterStoreLimits {
  readonly deadLettersMax: number;
  readonly deadLetterRawBytesMax: number;
}

export interface DeadLetterStoreFixture {
  /** An opened store over fresh storage with the given limits. */
  readonly store: DeadLetterStore;
  /** A new, opened store over the same storage (after the first was closed). */
  reopen(): Promise<DeadLetterStore>;
  cleanup(): Promise<void>;
}

export function draft(overrides: Partial<DeadLetterDraft> = {}): DeadLetterDraft {
  return {
    reason: 'ingest.value-invalid',
    message: 'temperature: expected a double',
    transport: 'mqtt',
    topic: 'twins/t1/telemetry',
    clientId: 'dev-1',
    twinId: 't1',
    receivedMs: 1_000 as EpochMs,
    points: 1,
    payload: new TextEncoder().encode('{"temperature":"hot"}'),
    pointer: '/temperature',
    ...overrides,
  };
}

const texts = (items: readonly StoredDeadLetter[]): string[] => items.map((item) => item.message);

/**
 * The behaviour every `DeadLetterStore` adapter must show (STYLE.md 3). `make(limits)` gives each
 * test fresh storage.
 */
export function describeDeadLetterStoreContract(
  name: string,
  make: (limits: DeadLetterStoreLimits) => Promise<DeadLetterStoreFixture>,
): void {
  void describe(`DeadLetterStore contract: ${name}`, () => {
    let fixture: DeadLetterStoreFixture | undefined;
    const open = async (limits: Partial<DeadLetterStoreLimits> = {}): Promise<DeadLetterStore> => {
      fixture = await make({ deadLettersMax: 1_000, deadLetterRawBytesMax: 1_024, ...limits });
      return fixture.store;
    };

    beforeEach(() => {
      fixture = undefined;
    });
    afterEach(async () => {
      await fixture?.cleanup();
    });

    async function listAll(store: DeadLetterStore, filter: DeadLetterFilter = {}): Promise<StoredDeadLetter[]> {
      return [...(await store.list(filter, 1_000, null)).items];
    }

    void it('stores drafts and gets each back whole with an id', async () => {
      const store = await open();
      await store.insert([draft(), draft({ reason: 'ingest.payload-malformed', twinId: null, message: 'bad json' })]);
      const items = await listAll(store);
      assert.equal(items.length, 2);
      assert.equal(store.count(), 2);
      const stored = items.find((item) => item.reason === 'ingest.value-invalid');
      assert.ok(stored);
      assert.deepEqual(await store.get(stored.id), stored);
      const { id: _id, ...rest } = stored;
      assert.deepEqual(rest, {
        ...draft(),
        rawTruncated: false,
        replayedMs: null,
      });
      const malformed = items.find((item) => item.reason === 'ingest.payload-malformed');
      assert.equal(malformed?.twinId, null);
      assert.equal(malformed?.pointer, '/temperature');
      assert.equal(await store.get('999999'), undefined);
      assert.equal(await store.get('not-an-id'), undefined);
    });

    void it('stores a draft without pointer with pointer null', async () => {
      const store = await open();
      const { pointer: _pointer, ...noPointer } = draft();
      await store.insert([noPointer]);
      assert.equal((await listAll(store))[0]?.pointer, null);
    });

    void it('lists newest first and filters by twin, reason and inclusive time bounds', async () => {
      const store = await open();
      await store.insert([
        draft({ message: 'm1', twinId: 't1', receivedMs: 1_000 as EpochMs }),
        draft({ message: 'm2', twinId: 't2', receivedMs: 2_000 as EpochMs, reason: 'ingest.name-unknown' }),
        draft({ message: 'm3', twinId: 't1', receivedMs: 3_000 as EpochMs, reason: 'ingest.name-unknown' }),
      ]);
      await store.insert([draft({ message: 'm4', twinId: 't1', receivedMs: 4_000 as EpochMs })]);
      assert.deepEqual(texts(await listAll(store)), ['m4', 'm3', 'm2', 'm1']);
      assert.deepEqual(texts(await listAll(store, { twinId: 't1' })), ['m4', 'm3', 'm1']);
      assert.deepEqual(texts(await listAll(store, { reason: 'ingest.name-unknown' })), ['m3', 'm2']);
      assert.deepEqual(texts(await listAll(store, { fromMs: 2_000, toMs: 3_000 })), ['m3', 'm2']);
      assert.deepEqual(texts(await listAll(store, { twinId: 't1', reason: 'ingest.name-unknown', fromMs: 3_000 })), [
        'm3',
      ]);
    });

    void it('pages with a cursor until next is null, without repeats or gaps', async () => {
      const store = await open();
      await store.insert(Array.from({ length: 7 }, (_, i) => draft({ message: `m${i}` })));
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await store.list({}, 3, cursor);
        assert.ok(page.items.length <= 3);
        seen.push(...texts(page.items));
        cursor = page.next;
        pages++;
      } while (cursor !== null && pages < 10);
      assert.equal(pages, 3);
      assert.deepEqual(seen, ['m6', 'm5', 'm4', 'm3', 'm2', 'm1', 'm0']);
      const exact = await store.list({}, 7, null);
      assert.equal(exact.next, null, 'no next page when the last page is full');
    });

    void it('keeps at most deadLetterRawBytesMax bytes of a payload and marks it rawTruncated', async () => {
      const store = await open({ deadLetterRawBytesMax: 8 });
      await store.insert([draft({ payload: new TextEncoder().encode('0123456789'), message: 'long' })]);
      await store.insert([draft({ payload: new TextEncoder().encode('01234567'), message: 'exact' })]);
      const items = await listAll(store);
      const long = items.find((item) => item.message === 'long');
      const exact = items.find((item) => item.message === 'exact');
      assert.equal(new TextDecoder().decode(long?.payload), '01234567');
      assert.equal(long?.rawTruncated, true);
      assert.equal(new TextDecoder().decode(exact?.payload), '01234567');
      assert.equal(exact?.rawTruncated, false);
    });

    void it('evicts the oldest beyond deadLettersMax and counts them', async () => {
      const store = await open({ deadLettersMax: 3 });
      await store.insert([draft({ message: 'm0' }), draft({ message: 'm1' })]);
      await store.insert([draft({ message: 'm2' }), draft({ message: 'm3' }), draft({ message: 'm4' })]);
      assert.deepEqual(texts(await listAll(store)), ['m4', 'm3', 'm2']);
      assert.equal(store.count(), 3);
      assert.equal(store.evicted(), 2);
    });

    void it('marks a dead letter replayed and can hide replayed ones', async () => {
      const store = await open();
      await store.insert([draft({ message: 'a' }), draft({ message: 'b' })]);
      const a = (await listAll(store)).find((item) => item.message === 'a');
      assert.ok(a);
      await store.markReplayed(a.id, 5_000 as EpochMs);
      assert.equal((await store.get(a.id))?.replayedMs, 5_000);
      assert.deepEqual(texts(await listAll(store, { includeReplayed: false })), ['b']);
      assert.deepEqual(texts(await listAll(store)), ['b', 'a']);
    });

    void it('counts by reason', async () => {
      const store = await open();
      const reasons: ErrorCode[] = ['ingest.twin-unknown', 'ingest.twin-unknown', 'ingest.timestamp-invalid'];
      await store.insert(reasons.map((reason) => draft({ reason })));
      assert.deepEqual(await store.countByReason(), { 'ingest.twin-unknown': 2, 'ingest.timestamp-invalid': 1 });
    });

    void it('resolves concurrent inserts each after its own drafts are stored', async () => {
      const store = await open();
      await Promise.all([
        store.insert([draft({ message: 'x' })]),
        store.insert([draft({ message: 'y' })]),
        store.insert([]),
      ]);
      assert.deepEqual(texts(await listAll(store)).sort(), ['x', 'y']);
    });

    void it('keeps dead letters, their replay marks and the count across reopen', async () => {
      const store = await open();
      await store.insert([draft({ message: 'a' }), draft({ message: 'b', reason: 'ingest.twin-unknown' })]);
      const before = await listAll(store);
      const a = before.find((item) => item.message === 'a');
      assert.ok(a);
      await store.markReplayed(a.id, 7 as EpochMs);
      await store.close();
      assert.ok(fixture);
      const reopened = await fixture.reopen();
      assert.equal(reopened.count(), 2);
      const after = await listAll(reopened);
      assert.deepEqual(
        after.map((item) => [item.id, item.message, item.replayedMs]),
        before.map((item) => [item.id, item.message, item.id === a.id ? 7 : null]),
      );
      assert.deepEqual(await reopened.countByReason(), { 'ingest.value-invalid': 1, 'ingest.twin-unknown': 1 });
    });
  });
}
