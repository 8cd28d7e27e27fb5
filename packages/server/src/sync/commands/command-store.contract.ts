import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { CommandStatus, CommandView } from '@doppel/protocol';
import type { CommandFilter, CommandStore } from './command-store.js';

export interface CommandStoreFixture {
  /** An opened store over fresh storage. */
  readonly store: CommandStore;
  /** A new, opened store over the same storage (after the first was closed). */
  reopen(): Promise<CommandStore>;
  cleanup(): Promise<void>;
}

export function command(overrides: Partial<CommandView> = {}): CommandView {
  return {
    id: 'c1',
    twinId: 't1',
    kind: 'command',
    name: 'reboot',
    request: { delaySeconds: 5 },
    status: 'pending',
    requestedBy: 'api:alice',
    idempotent: false,
    topic: 'twins/t1/commands/reboot',
    createdMs: 1_000,
    statusTimesMs: { pending: 1_000 },
    expiresMs: 61_000,
    timeoutMs: 10_000,
    duplicateResponses: 0,
    ...overrides,
  };
}

const ids = (items: readonly CommandView[]): string[] => items.map((item) => item.id);

/**
 * The behaviour every `CommandStore` adapter must show (STYLE.md 3). `make()` gives each test fresh
 * storage.
 */
export function describeCommandStoreContract(name: string, make: () => Promise<CommandStoreFixture>): void {
  void describe(`CommandStore contract: ${name}`, () => {
    let fixture: CommandStoreFixture | undefined;
    const open = async (): Promise<CommandStore> => {
      fixture = await make();
      return fixture.store;
    };

    beforeEach(() => {
      fixture = undefined;
    });
    afterEach(async () => {
      await fixture?.cleanup();
    });

    async function listAll(store: CommandStore, filter: CommandFilter = {}): Promise<CommandView[]> {
      const page = await store.list(filter, 1_000, null);
      assert.equal(page.next, null);
      return [...page.items];
    }

    void it('gets a saved command back with every field exactly, whatever JSON its request and response are', async () => {
      const store = await open();
      const saved: CommandView[] = [
        command({ id: 'number', request: 42, status: 'succeeded', response: 3.5, statusTimesMs: { succeeded: 9 } }),
        command({ id: 'string', request: 'on', status: 'succeeded', response: 'done' }),
        command({
          id: 'object',
          kind: 'desired',
          name: 'setpoint',
          request: { nested: { list: [1, 'two', null, { three: true }] }, empty: {} },
          response: { ok: true, at: [] },
          status: 'succeeded',
          idempotent: true,
          requestedBy: 'ws:client-7',
          topic: 'twins/t2/desired/setpoint',
          twinId: 't2',
          createdMs: 1_700_000_000_123,
          statusTimesMs: {
            pending: 1_700_000_000_123,
            sent: 1_700_000_000_200,
            acknowledged: 1_700_000_000_250,
            succeeded: 1_700_000_000_300,
          },
          expiresMs: 1_700_000_060_123,
          timeoutMs: 2_500,
          duplicateResponses: 3,
        }),
        command({
          id: 'array',
          request: [1, [2, [3]], 'x'],
          status: 'failed',
          response: ['e'],
          error: 'device said no',
        }),
        command({ id: 'null', request: null, status: 'succeeded', response: null }),
        command({ id: 'absent' }),
      ];
      for (const item of saved) await store.save(item);
      for (const item of saved) assert.deepEqual(await store.get(item.id), item);

      const absent = await store.get('absent');
      assert.ok(absent);
      assert.equal('response' in absent, false, 'an absent response stays absent');
      assert.equal('error' in absent, false, 'an absent error stays absent');
      const nullResponse = await store.get('null');
      assert.ok(nullResponse);
      assert.equal('response' in nullResponse, true, 'a null response is kept as null');
      assert.equal(nullResponse.response, null);
      assert.equal(nullResponse.request, null);
      assert.equal((await store.get('number'))?.request, 42);
      assert.equal((await store.get('string'))?.request, 'on');
    });

    void it('replaces the stored command when one with the same id is saved', async () => {
      const store = await open();
      await store.save(command({ id: 'c1', status: 'pending', error: 'stale', statusTimesMs: { pending: 1_000 } }));
      const final = command({
        id: 'c1',
        status: 'succeeded',
        statusTimesMs: { pending: 1_000, sent: 1_100, succeeded: 1_400 },
        response: { rebooted: true },
        duplicateResponses: 1,
      });
      await store.save(final);
      const got = await store.get('c1');
      assert.deepEqual(got, final);
      assert.equal(got !== undefined && 'error' in got, false, 'a field the new record lacks is gone');
      assert.deepEqual(ids(await listAll(store)), ['c1']);
      assert.deepEqual(ids(await listAll(store, { status: 'succeeded' })), ['c1']);
      assert.deepEqual(ids(await listAll(store, { status: 'pending' })), []);
      assert.deepEqual(await store.unfinished(), []);
    });

    void it('gets undefined for an unknown id', async () => {
      const store = await open();
      assert.equal(await store.get('nope'), undefined);
      await store.save(command({ id: 'c1' }));
      assert.equal(await store.get('c2'), undefined);
      assert.equal(await store.get(''), undefined);
    });

    void it('lists newest first by createdMs then id, filtered by twin and by status', async () => {
      const store = await open();
      await Promise.all([
        store.save(command({ id: 'a', twinId: 't1', createdMs: 1_000, status: 'succeeded' })),
        store.save(command({ id: 'b', twinId: 't2', createdMs: 3_000, status: 'pending' })),
        store.save(command({ id: 'c', twinId: 't1', createdMs: 2_000, status: 'pending' })),
        store.save(command({ id: 'd', twinId: 't1', createdMs: 2_000, status: 'sent' })),
        store.save(command({ id: 'e', twinId: 't2', createdMs: 500, status: 'pending' })),
      ]);
      assert.deepEqual(ids(await listAll(store)), ['b', 'd', 'c', 'a', 'e']);
      assert.deepEqual(ids(await listAll(store, { twinId: 't1' })), ['d', 'c', 'a']);
      assert.deepEqual(ids(await listAll(store, { twinId: 't2' })), ['b', 'e']);
      assert.deepEqual(ids(await listAll(store, { twinId: 't3' })), []);
      assert.deepEqual(ids(await listAll(store, { status: 'pending' })), ['b', 'c', 'e']);
      assert.deepEqual(ids(await listAll(store, { twinId: 't1', status: 'pending' })), ['c']);
      assert.deepEqual(ids(await listAll(store, { status: 'cancelled' })), []);

      // The status filter follows a replacement.
      await store.save(command({ id: 'c', twinId: 't1', createdMs: 2_000, status: 'cancelled' }));
      assert.deepEqual(ids(await listAll(store, { status: 'pending' })), ['b', 'e']);
      assert.deepEqual(ids(await listAll(store, { status: 'cancelled' })), ['c']);
    });

    void it('pages with a cursor until next is null, without repeats or gaps, across equal createdMs', async () => {
      const store = await open();
      // Equal createdMs straddle the page boundaries: only the id orders them.
      const created: Record<string, number> = { a: 1, b: 2, c: 2, d: 2, e: 2, f: 3, g: 4 };
      await Promise.all(
        Object.entries(created).map(([id, createdMs]) =>
          store.save(command({ id, createdMs, twinId: id < 'd' ? 't1' : 't2' })),
        ),
      );
      const pageThrough = async (filter: CommandFilter, limit: number): Promise<{ seen: string[]; pages: number }> => {
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page = await store.list(filter, limit, cursor);
          assert.ok(page.items.length <= limit);
          assert.ok(page.items.length > 0, 'a page before the end is never empty');
          seen.push(...ids(page.items));
          cursor = page.next;
          pages++;
        } while (cursor !== null && pages < 20);
        return { seen, pages };
      };
      const all = ['g', 'f', 'e', 'd', 'c', 'b', 'a'];
      assert.deepEqual(await pageThrough({}, 3), { seen: all, pages: 3 });
      assert.deepEqual(await pageThrough({}, 2), { seen: all, pages: 4 });
      assert.deepEqual(await pageThrough({}, 1), { seen: all, pages: 7 });
      assert.deepEqual(await pageThrough({ twinId: 't2' }, 2), { seen: ['g', 'f', 'e', 'd'], pages: 2 });
      assert.deepEqual(await pageThrough({ twinId: 't1' }, 2), { seen: ['c', 'b', 'a'], pages: 2 });

      const exact = await store.list({}, 7, null);
      assert.deepEqual(ids(exact.items), all);
      assert.equal(exact.next, null, 'no next page when the last page is exactly full');
      const first = await store.list({}, 3, null);
      assert.notEqual(first.next, null);
      assert.equal(typeof first.next, 'string');
    });

    void it('gives exactly the commands in no terminal status as unfinished, oldest first', async () => {
      const store = await open();
      const statuses: [CommandStatus, number][] = [
        ['succeeded', 100],
        ['acknowledged', 700],
        ['failed', 200],
        ['pending', 900],
        ['timed-out', 300],
        ['sent', 400],
        ['expired', 500],
        ['cancelled', 600],
      ];
      const saved = statuses.map(([status, createdMs]) => command({ id: `c-${status}`, status, createdMs }));
      await Promise.all(saved.map((item) => store.save(item)));
      const unfinished = await store.unfinished();
      assert.deepEqual(ids(unfinished), ['c-sent', 'c-acknowledged', 'c-pending']);
      assert.deepEqual(
        unfinished,
        ['c-sent', 'c-acknowledged', 'c-pending'].map((id) => saved.find((item) => item.id === id)),
      );

      await store.save(command({ id: 'c-sent', status: 'succeeded', createdMs: 400 }));
      assert.deepEqual(ids(await store.unfinished()), ['c-acknowledged', 'c-pending']);
    });

    void it('prunes only terminal commands created before beforeMs and counts them', async () => {
      const store = await open();
      const cases: [string, CommandStatus, number][] = [
        ['old-succeeded', 'succeeded', 100],
        ['old-failed', 'failed', 200],
        ['old-timed-out', 'timed-out', 300],
        ['old-expired', 'expired', 400],
        ['old-cancelled', 'cancelled', 500],
        ['old-pending', 'pending', 100],
        ['old-sent', 'sent', 200],
        ['old-acknowledged', 'acknowledged', 300],
        ['at-succeeded', 'succeeded', 1_000],
        ['new-failed', 'failed', 2_000],
        ['new-pending', 'pending', 2_000],
      ];
      await Promise.all(cases.map(([id, status, createdMs]) => store.save(command({ id, status, createdMs }))));
      assert.equal(await store.prune(1_000), 5);
      assert.deepEqual(ids(await listAll(store)).sort(), [
        'at-succeeded',
        'new-failed',
        'new-pending',
        'old-acknowledged',
        'old-pending',
        'old-sent',
      ]);
      assert.equal(await store.get('old-succeeded'), undefined);
      assert.equal(await store.prune(1_000), 0, 'nothing left to prune');
      assert.equal(await store.prune(1_001), 1, 'beforeMs is exclusive');
      assert.equal(await store.get('at-succeeded'), undefined);
      assert.deepEqual(ids(await store.unfinished()), ['old-pending', 'old-sent', 'old-acknowledged', 'new-pending']);
    });

    void it('keeps commands, their replacements and their order across close and reopen', async () => {
      const store = await open();
      const a = command({ id: 'a', createdMs: 1_000, request: [1, 2], status: 'sent', statusTimesMs: { sent: 1_050 } });
      const b = command({ id: 'b', createdMs: 2_000, twinId: 't2', request: null });
      const c = command({ id: 'c', createdMs: 3_000, status: 'failed', error: 'timeout on device', response: 'E42' });
      await store.save(a);
      await store.save(b);
      await store.save(command({ id: 'c', createdMs: 3_000 }));
      await store.save(c);
      await store.close();
      assert.ok(fixture);
      const reopened = await fixture.reopen();
      assert.deepEqual(await reopened.get('a'), a);
      assert.deepEqual(await reopened.get('b'), b);
      assert.deepEqual(await reopened.get('c'), c);
      assert.deepEqual(await listAll(reopened), [c, b, a]);
      assert.deepEqual(await reopened.unfinished(), [a, b]);
      assert.deepEqual(ids(await listAll(reopened, { twinId: 't2' })), ['b']);
    });

    void it('writes a save still pending when the store is closed', async () => {
      const store = await open();
      const pending = command({ id: 'late', status: 'acknowledged' });
      const saving = store.save(pending);
      await store.close();
      await saving;
      assert.ok(fixture);
      const reopened = await fixture.reopen();
      assert.deepEqual(await reopened.get('late'), pending);
    });

    void it('resolves many saves of one tick and stores them all, the last save of an id winning', async () => {
      const store = await open();
      const many = Array.from({ length: 250 }, (_, i) =>
        command({ id: `m${String(i).padStart(3, '0')}`, createdMs: 10_000 + (i % 17), twinId: `t${i % 5}` }),
      );
      const settled = await Promise.allSettled([
        ...many.map((item) => store.save(item)),
        store.save(command({ id: 'twice', status: 'pending', createdMs: 1 })),
        store.save(command({ id: 'twice', status: 'sent', createdMs: 1, statusTimesMs: { pending: 1, sent: 2 } })),
      ]);
      assert.equal(settled.length, 252);
      assert.ok(settled.every((outcome) => outcome.status === 'fulfilled'));
      for (const item of many) assert.deepEqual(await store.get(item.id), item);
      assert.equal((await listAll(store)).length, 251);
      assert.equal((await store.get('twice'))?.status, 'sent');
      assert.equal((await listAll(store, { twinId: 't3' })).length, 50);
    });
  });
}
