import type { EpochMs } from '@doppel/core';
import type { HistoryBatch, HistoryModelSchema } from '../../history/history-store.js';

export const CRASH_MODEL = 'dtmi:doppel:test:Crash;1';
export const ROWS_PER_BATCH = 50;
export const CRASH_T0 = Date.UTC(2024, 0, 8);

export const CRASH_SCHEMA: HistoryModelSchema = {
  modelId: CRASH_MODEL,
  columns: [
    { path: 'a', type: 'double' },
    { path: 'b', type: 'double' },
  ],
};

/** Batch n: 50 twins, one row each at second n (so every batch adds 100 points). */
export function crashBatch(n: number): HistoryBatch {
  const rows = Array.from({ length: ROWS_PER_BATCH }, (_, twin) => ({
    twinId: `t${twin}`,
    modelId: CRASH_MODEL,
    ts: (CRASH_T0 + n * 1_000) as EpochMs,
    values: { a: n, b: twin },
  }));
  return { rows, throughOffset: n };
}
