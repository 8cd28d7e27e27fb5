// Quality reported by devices (`$quality` in the payload) through the platform: HTTP ingest, the
// state API, queries and live frames (the worse of reported and inferred quality), dead letters for
// an invalid `$quality`, and a restart (the log and the snapshot keep it).
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import WebSocket from 'ws';
import type { IngestResult, PathState, ServerFrame, TwinState } from '@doppel/protocol';
import { PUMP_MODEL, pumpTwin } from '../fixtures/models.js';
import { http, waitFor } from '../support/http.js';
import type { TestPlatform } from '../support/in-process-platform.js';
import { startTestPlatform } from '../support/in-process-platform.js';

const CONFIG = {
  history: false,
  quality: { rules: [{ model: 'dtmi:test:Pump;1', path: 'pressure', min: 0, max: 16 }] },
} as const;

describe('quality reported by devices ($quality)', () => {
  it('shows the worse of reported and inferred quality in state, queries and live frames, and keeps it across a restart', async () => {
    let test: TestPlatform = await startTestPlatform(CONFIG);
    const socket = new WebSocket(`${test.baseUrl.replace('http', 'ws')}/api/v1/live`);
    const opened = new Promise((resolve) => socket.once('open', resolve));
    const frames: ServerFrame[] = [];
    socket.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString()) as ServerFrame));
    try {
      await http(test.baseUrl, 'POST', '/api/v1/models', [PUMP_MODEL]);
      await http(test.baseUrl, 'PUT', '/api/v1/digitaltwins/pump-rq', pumpTwin('pump-rq'));
      const post = async (payload: unknown) =>
        http<IngestResult & { code?: string; errors?: { pointer?: string }[] }>(
          test.baseUrl,
          'POST',
          '/api/v1/digitaltwins/pump-rq/telemetry',
          payload,
        );
      const paths = async (): Promise<Readonly<Record<string, PathState>>> =>
        (await http<TwinState>(test.baseUrl, 'GET', '/api/v1/digitaltwins/pump-rq/state')).body.paths;
      const qualityOf = (path: PathState | undefined): [unknown, unknown, unknown] => [
        path?.value,
        path?.quality,
        path?.qualityReason,
      ];
      await opened;
      socket.send(JSON.stringify({ type: 'subscribe', twins: ['pump-rq'], coalesceMs: 0, snapshot: false }));
      await waitFor(() => frames.find((frame) => frame.type === 'subscribed'), 5_000, 'subscribed');

      const t0 = Date.now() - 10_000;
      // Per value: flowRate uncertain, pressure good (unlisted), seq bad.
      const first = await post({
        ts: t0,
        flowRate: 3,
        pressure: 2,
        seq: 1,
        $quality: { flowRate: 'uncertain', seq: 'bad' },
      });
      assert.equal(first.status, 200);
      assert.deepEqual([first.body.received, first.body.applied, first.body.deadLettered], [3, 3, 0]);
      let state = await paths();
      assert.deepEqual(qualityOf(state.flowRate), [3, 'uncertain', 'reported']);
      assert.deepEqual(qualityOf(state.pressure), [2, 'good', null]);
      assert.deepEqual(qualityOf(state.seq), [1, 'bad', 'reported']);

      // For the whole sample: the inferred quality wins when it is worse (out of range: bad).
      await post({ ts: t0 + 1_000, pressure: 250, $quality: 'uncertain' });
      assert.deepEqual(qualityOf((await paths()).pressure), [250, 'bad', 'out-of-range']);
      // ... and the reported one when it is as bad.
      await post({ ts: t0 + 2_000, pressure: 3, $quality: 'bad' });
      assert.deepEqual(qualityOf((await paths()).pressure), [3, 'bad', 'reported']);
      // A newer value without $quality is good again.
      await post({ ts: t0 + 3_000, seq: 2 });
      state = await paths();
      assert.deepEqual(qualityOf(state.seq), [2, 'good', null]);

      // Live frames carry it (only when not good).
      const frame = await waitFor(
        () =>
          frames.find(
            (candidate): candidate is Extract<ServerFrame, { type: 'twin.updated' }> =>
              candidate.type === 'twin.updated' && candidate.paths.pressure?.value === 3,
          ),
        5_000,
        'the frame of pressure 3',
      );
      assert.deepEqual([frame.paths.pressure?.quality, frame.paths.pressure?.qualityReason], ['bad', 'reported']);
      // Queries see it.
      const found = async (quality: string) =>
        (
          await http<{ value: { id: string }[] }>(test.baseUrl, 'POST', '/api/v1/query', {
            query: `SELECT P.$dtId AS id FROM DIGITALTWINS P WHERE QUALITY(P.flowRate) = '${quality}'`,
          })
        ).body.value;
      assert.deepEqual(await found('uncertain'), [{ id: 'pump-rq' }]);

      // An invalid $quality dead-letters the whole sample, saying what to fix.
      const refused = await post({ ts: t0 + 4_000, flowRate: 9, $quality: { flowrate: 'bad' } });
      assert.equal(refused.status, 422);
      assert.equal(refused.body.code, 'ingest.quality-invalid');
      assert.equal(refused.body.errors?.[0]?.pointer, '/$quality');
      const partly = await post([
        { ts: t0 + 5_000, seq: 3 },
        { ts: t0 + 5_000, flowRate: 9, $quality: 'excellent' },
      ]);
      assert.deepEqual([partly.body.received, partly.body.applied, partly.body.deadLettered], [2, 1, 1]);
      assert.deepEqual(
        partly.body.errors.map((error) => [error.code, error.pointer]),
        [['ingest.quality-invalid', '/1/$quality']],
      );
      const letters = (
        await http<{ value: { reason: string; message: string; points: number }[] }>(
          test.baseUrl,
          'GET',
          '/api/v1/deadletters?twinId=pump-rq&reason=ingest.quality-invalid',
        )
      ).body.value;
      assert.equal(letters.length, 2);
      assert.ok(letters.every((letter) => /"\$quality"/.test(letter.message)));
      assert.equal((await paths()).flowRate?.value, 3, 'nothing of a refused sample was applied');

      // Restart: the snapshot taken at the clean stop and the log keep the reported qualities.
      socket.close();
      await test.stop({ keepData: true });
      test = await startTestPlatform({ ...CONFIG, dataDir: test.dataDir });
      state = await paths();
      assert.deepEqual(qualityOf(state.flowRate), [3, 'uncertain', 'reported']);
      assert.deepEqual(qualityOf(state.pressure), [3, 'bad', 'reported']);
      assert.deepEqual(qualityOf(state.seq), [3, 'good', null]);
      // A newer value after the restart replaces it.
      await post({ ts: t0 + 6_000, flowRate: 4 });
      assert.deepEqual(qualityOf((await paths()).flowRate), [4, 'good', null]);

      // Without the snapshot, the log alone gives the same.
      await test.stop({ keepData: true });
      await rm(join(test.dataDir, 'state', 'snapshot.json'));
      test = await startTestPlatform({ ...CONFIG, dataDir: test.dataDir });
      state = await paths();
      assert.deepEqual(qualityOf(state.flowRate), [4, 'good', null]);
      assert.deepEqual(qualityOf(state.pressure), [3, 'bad', 'reported']);
      assert.deepEqual(qualityOf(state.seq), [3, 'good', null]);
    } finally {
      socket.close();
      await test.stop();
    }
  });
});
