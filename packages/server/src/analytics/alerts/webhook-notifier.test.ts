import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from '@doppel/core';
import { WebhookNotifier } from './webhook-notifier.js';

const OPTIONS = { attemptsMax: 3, retryDelayMs: 1, retryDelayMaxMs: 4, timeoutMs: 1_000, queueMax: 2 };

/** A fake fetch answering with the given statuses in turn (a throw for 0: a network error). */
function answering(statuses: number[]) {
  const bodies: string[] = [];
  const post = (async (_url: string, init: RequestInit) => {
    bodies.push(String(init.body));
    const status = statuses.shift() ?? 200;
    if (status === 0) throw new Error('connect ECONNREFUSED');
    return new Response(null, { status });
  }) as typeof fetch;
  return { post, bodies };
}

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 2));
};

void describe('WebhookNotifier', () => {
  void it('retries network errors and 5xx, then delivers', async () => {
    const { post, bodies } = answering([0, 503, 204]);
    const notifier = new WebhookNotifier('http://hook', {}, OPTIONS, silentLogger, post);
    notifier.send({ n: 1 });
    await until(() => notifier.counters.delivered === 1);
    assert.deepEqual(notifier.counters, { delivered: 1, retried: 2, failed: 0, dropped: 0, lastError: 'HTTP 503' });
    assert.deepEqual(bodies, ['{"n":1}', '{"n":1}', '{"n":1}']);
  });

  void it('gives up after its attempts, and does not retry a 4xx refusal', async () => {
    const { post, bodies } = answering([500, 500, 500, 400]);
    const notifier = new WebhookNotifier('http://hook', {}, OPTIONS, silentLogger, post);
    notifier.send({ n: 1 });
    notifier.send({ n: 2 });
    await until(() => notifier.counters.failed === 2);
    assert.equal(bodies.length, 4, 'three attempts for the first, one for the refused second');
    assert.equal(notifier.counters.lastError, 'HTTP 400');
  });

  void it('drops what does not fit its queue, and counts it', async () => {
    const { post } = answering([]);
    const notifier = new WebhookNotifier('http://hook', {}, OPTIONS, silentLogger, post);
    for (let n = 0; n < 5; n++) notifier.send({ n });
    await until(() => notifier.counters.delivered === 2);
    assert.deepEqual([notifier.counters.delivered, notifier.counters.dropped], [2, 3]);
  });
});
