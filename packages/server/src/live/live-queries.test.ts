import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import type { ServerFrame } from '@doppel/protocol';
import { createJsonLogger } from '../logging/json-logger.js';
import { LiveQueries } from './live-queries.js';

const logger = createJsonLogger('error', () => {});
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** Waits for a condition (a tick of the 250 ms interval may come late on a loaded machine). */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (const deadline = Date.now() + 10_000; !condition(); await sleep(20)) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
  }
}

/** A query runner over a mutable result, counting its runs. */
function fixture(perClientMax = 2) {
  const state = { rows: [{ id: 'a' }] as unknown[], runs: 0, fail: undefined as Error | undefined };
  const queries = new LiveQueries(
    (text) => {
      state.runs++;
      if (text === 'bad') return Promise.reject(Object.assign(new Error('line 1: nope'), { code: 'query.syntax' }));
      if (state.fail !== undefined) return Promise.reject(state.fail);
      return Promise.resolve([...state.rows]);
    },
    { perClientMax, intervalMs: 250 },
    logger,
  );
  const frames: ServerFrame[] = [];
  const client = { id: 1, send: (frame: ServerFrame) => frames.push(frame) };
  return { queries, state, frames, client };
}

let stop: (() => void) | undefined;
afterEach(() => stop?.());

void it('answers with the result, then re-runs only after a change and sends what entered and left', async () => {
  const { queries, state, frames, client } = fixture();
  stop = () => queries.closeAll();
  await queries.subscribe(client, { type: 'query.subscribe', query: 'q', intervalMs: 250, requestId: 'r' });
  assert.deepEqual(frames[0], { type: 'query.result', subscriptionId: 'q1', rows: [{ id: 'a' }], requestId: 'r' });
  await sleep(600);
  assert.equal(state.runs, 1, 'nothing changed: no re-run');
  state.rows = [{ id: 'b' }];
  queries.changed();
  await until(() => frames.length === 2, 'the re-run');
  assert.equal(state.runs, 2);
  assert.deepEqual(frames[1], {
    type: 'query.changed',
    subscriptionId: 'q1',
    added: [{ id: 'b' }],
    removed: [{ id: 'a' }],
  });
  queries.changed();
  await until(() => state.runs === 3, 'the third run');
  await sleep(100);
  assert.equal(frames.length, 2, 'a re-run with the same rows sends nothing');
});

void it('refuses bad queries and more live queries than allowed, and stops a query that starts failing', async () => {
  const { queries, state, frames, client } = fixture(1);
  stop = () => queries.closeAll();
  await queries.subscribe(client, { type: 'query.subscribe', query: 'bad', requestId: 'x' });
  assert.deepEqual(frames[0], { type: 'error', code: 'query.syntax', message: 'line 1: nope', requestId: 'x' });
  await queries.subscribe(client, { type: 'query.subscribe', query: 'q' });
  await queries.subscribe(client, { type: 'query.subscribe', query: 'q', requestId: 'y' });
  assert.equal(frames[2]?.type === 'error' && frames[2].code, 'live.subscription-limit');
  state.fail = Object.assign(new Error('too slow'), { code: 'query.timeout' });
  queries.changed();
  await until(() => frames.length === 4, 'the failing re-run');
  assert.equal(frames[3]?.type === 'error' && frames[3].code, 'query.timeout');
  assert.equal(queries.subscriptionCount, 0);
});

void it('ends the live queries of a client that goes away', async () => {
  const { queries, state, client } = fixture();
  stop = () => queries.closeAll();
  await queries.subscribe(client, { type: 'query.subscribe', query: 'q', intervalMs: 250 });
  assert.equal(queries.subscriptionCount, 1);
  queries.drop(client);
  queries.changed();
  await sleep(400);
  assert.equal(queries.subscriptionCount, 0);
  assert.equal(state.runs, 1, 'no re-run after the client left');
});
