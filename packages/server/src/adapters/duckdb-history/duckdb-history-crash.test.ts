import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CRASH_MODEL, CRASH_T0, ROWS_PER_BATCH, crashBatch } from './crash-batches.js';
import { DuckDbHistoryStore } from './duckdb-history-store.js';

const WRITER = fileURLToPath(new URL('./crash-writer.ts', import.meta.url));

/** Starts the writer, waits for `batches` committed batches, then SIGKILLs it mid-stream. */
async function killWriterAfter(path: string, batches: number): Promise<number> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', WRITER, path], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let last = 0;
  await new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      for (const line of text.split('\n')) if (line !== '') last = Number(line);
      if (last >= batches) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited early: ${code}`));
    });
  });
  await new Promise((resolve) => child.once('exit', resolve));
  return last;
}

describe('DuckDbHistoryStore after kill -9', () => {
  it('resumes with a checkpoint that matches the rows and rollups, twice over', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'doppel-history-crash-'));
    const path = join(dir, 'history.duckdb');
    try {
      for (const target of [20, 45]) {
        const acknowledged = await killWriterAfter(path, target);
        const store = new DuckDbHistoryStore({ path });
        await store.open();
        const checkpoint = await store.checkpoint();
        assert.ok(
          checkpoint >= acknowledged,
          `checkpoint ${checkpoint} covers every acknowledged batch ${acknowledged}`,
        );
        assert.equal((await store.stats()).rows, checkpoint * ROWS_PER_BATCH, 'rows = batches in the checkpoint');
        // A consumer replays from the checkpoint: the replayed batch is a duplicate and changes nothing.
        await store.write(crashBatch(checkpoint));
        const count = await store.query({
          series: [{ twinId: 't7', modelId: CRASH_MODEL, path: 'a' }],
          fromMs: CRASH_T0,
          toMs: CRASH_T0 + 3_600_000,
          stepMs: 3_600_000,
          agg: 'count',
          pointsMax: 10,
        });
        assert.deepEqual(count.frames[0]?.values, [checkpoint]);
        await store.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
