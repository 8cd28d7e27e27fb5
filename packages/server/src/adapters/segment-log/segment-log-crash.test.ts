import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { FsyncPolicy } from '../../log/event-log.js';
import { parseCrashPayload } from './crash-payload.js';
import { SegmentLog } from './segment-log.js';

const appenderPath = fileURLToPath(new URL('./crash-appender.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url));

interface Ack {
  readonly first: number;
  readonly writer: number;
  readonly seq: number;
  readonly count: number;
}

/** Runs the appender until it has printed `acksMin` acknowledgements, then SIGKILLs it. */
function runAndKill(dir: string, policy: FsyncPolicy, firstWriter: number, acksMin: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', appenderPath, dir, policy, String(firstWriter)],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const acks: Ack[] = [];
    let pending = '';
    let stderr = '';
    let killed = false;
    const timeout = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? ''; // an unfinished line was cut by the kill: not an acknowledgement
      for (const line of lines) {
        const [first, writer, seq, count] = line.split(' ').map(Number);
        if (line.startsWith('open') || first === undefined || writer === undefined) continue;
        acks.push({ first, writer, seq: seq ?? NaN, count: count ?? NaN });
      }
      if (!killed && acks.length >= acksMin) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(timeout);
      if (signal === 'SIGKILL' && killed) resolve(acks);
      else reject(new Error(`appender ended early (signal ${signal}, ${acks.length} acks): ${stderr}`));
    });
  });
}

void describe('SegmentLog after kill -9', () => {
  let dir = '';

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'doppel-segment-log-crash-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const policy of ['always', 'never'] as const) {
    void it(`keeps every acknowledged record, intact and once (fsync '${policy}', two crashes)`, async () => {
      const acks = [...(await runAndKill(dir, policy, 0, 2_000)), ...(await runAndKill(dir, policy, 100, 2_000))];

      const log = new SegmentLog({ dir });
      await log.open();
      try {
        const byOffset = new Map<number, string>();
        const seen = new Set<string>();
        for await (const batch of log.read(0)) {
          for (const view of batch) {
            const parsed = parseCrashPayload(view.payload);
            assert.ok(parsed, `record ${view.offset} is damaged`);
            const key = `${parsed.writer}/${parsed.seq}`;
            assert.ok(!seen.has(key), `record ${key} appears twice (again at offset ${view.offset})`);
            seen.add(key);
            byOffset.set(view.offset, key);
          }
        }
        assert.equal(byOffset.size, log.nextOffset());
        let acknowledgedRecords = 0;
        for (const ack of acks) {
          for (let i = 0; i < ack.count; i += 1) {
            assert.equal(
              byOffset.get(ack.first + i),
              `${ack.writer}/${ack.seq + i}`,
              `acknowledged offset ${ack.first + i}`,
            );
            acknowledgedRecords += 1;
          }
        }
        assert.ok(acknowledgedRecords >= 4_000);
      } finally {
        await log.close();
      }
    });
  }
});
