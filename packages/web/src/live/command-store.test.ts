import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CommandStatus, CommandView } from '@doppel/protocol';
import { CommandStore, mergeCommands, supersedes } from './command-store';

const view = (id: string, status: CommandStatus, createdMs: number, twinId = 'pump-3'): CommandView => ({
  id,
  twinId,
  kind: 'command',
  name: 'setSpeed',
  request: 50,
  status,
  requestedBy: 'http:127.0.0.1',
  idempotent: false,
  topic: `twins/${twinId}/commands/setSpeed`,
  createdMs,
  statusTimesMs: { [status]: createdMs },
  expiresMs: createdMs + 60_000,
  timeoutMs: 30_000,
  duplicateResponses: 0,
});

test('a later status supersedes an earlier one, never the other way', () => {
  assert.ok(supersedes(view('a', 'sent', 1), view('a', 'pending', 1)));
  assert.ok(supersedes(view('a', 'succeeded', 1), view('a', 'acknowledged', 1)));
  assert.ok(supersedes(view('a', 'succeeded', 1), view('a', 'succeeded', 1)), 'the same status: the newer word');
  assert.ok(!supersedes(view('a', 'pending', 1), view('a', 'succeeded', 1)));
  assert.ok(!supersedes(view('a', 'sent', 1), view('a', 'timed-out', 1)));
});

test('merges frames in any order: newest first, a late REST answer does not roll a command back', () => {
  let list = mergeCommands([], [view('a', 'pending', 10)], 10);
  list = mergeCommands(list, [view('b', 'pending', 20)], 10);
  list = mergeCommands(list, [view('a', 'succeeded', 10)], 10);
  // The REST answer of `a` (sent) arrives after its succeeded frame.
  list = mergeCommands(list, [view('a', 'sent', 10)], 10);
  assert.deepEqual(
    list.map((each) => [each.id, each.status]),
    [
      ['b', 'pending'],
      ['a', 'succeeded'],
    ],
  );
});

test('returns the same array when nothing changed, and keeps only the newest', () => {
  const list = mergeCommands([], [view('a', 'sent', 1), view('b', 'sent', 2), view('c', 'sent', 3)], 2);
  assert.deepEqual(
    list.map((each) => each.id),
    ['c', 'b'],
  );
  assert.equal(mergeCommands(list, [view('b', 'pending', 2)], 2), list);
  assert.equal(mergeCommands(list, [], 2), list);
});

test('the store notifies only the twin that changed, keeps lists stable, and bounds twins', () => {
  const store = new CommandStore({ perTwinMax: 5, twinsMax: 2 });
  let pumpNotices = 0;
  const stop = store.subscribe('pump-3', () => pumpNotices++);
  store.apply(view('a', 'pending', 1));
  const first = store.list('pump-3');
  store.apply(view('x', 'pending', 1, 'pump-4'));
  assert.equal(pumpNotices, 1);
  assert.equal(store.list('pump-3'), first, 'another twin changed: same array');
  store.apply(view('a', 'pending', 1));
  assert.equal(pumpNotices, 1, 'nothing new: no notice');
  store.apply(view('a', 'succeeded', 1));
  assert.equal(pumpNotices, 2);
  assert.equal(store.get('pump-3', 'a')?.status, 'succeeded');

  store.apply(view('y', 'pending', 1, 'pump-5'));
  assert.equal(store.list('pump-4').length, 0, 'the twin updated longest ago and not shown is forgotten');
  assert.equal(store.list('pump-3').length, 1, 'a shown twin is kept');

  store.applyAll('pump-3', [view('z', 'sent', 2, 'pump-9')]);
  assert.equal(store.list('pump-3').length, 1, "another twin's views in a twin's page are ignored");

  store.evict(['pump-3', 'pump-5']);
  assert.equal(store.list('pump-3').length, 1, 'still shown: kept');
  assert.equal(store.list('pump-5').length, 0);
  stop();
});
