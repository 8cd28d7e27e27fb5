import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HistoryResponse } from '../../api/rest-client';
import {
  buildChartData,
  describeResolution,
  findGaps,
  formatStep,
  gapThresholdMs,
  toPlotValue,
  unitScales,
  valueNear,
} from './history-data';

const frame = (path: string, timestamps: number[], values: unknown[], retainedFromMs?: number) => ({
  series: { twinId: 'pump-7', modelId: 'dtmi:demo:Pump;1', path },
  timestamps,
  values,
  ...(retainedFromMs === undefined ? {} : { retainedFromMs }),
});

const response = (
  frames: HistoryResponse['frames'],
  stepMs: number | null = null,
  agg: string | null = null,
): HistoryResponse => ({
  tier: 'raw',
  stepMs,
  agg,
  fromMs: 0,
  toMs: 100_000,
  downsampled: stepMs === null ? null : `avg per ${stepMs} ms bucket`,
  frames,
});

void describe('history chart data', () => {
  void it('plots numbers and booleans, not strings or non-finite numbers', () => {
    assert.equal(toPlotValue(2.5), 2.5);
    assert.equal(toPlotValue(true), 1);
    assert.equal(toPlotValue('on'), undefined);
    assert.equal(toPlotValue(null), undefined);
    assert.equal(toPlotValue(Number.NaN), undefined);
  });

  void it('finds gaps several times wider than the usual spacing', () => {
    const ts = [0, 1_000, 2_000, 3_000, 60_000, 61_000, 62_000];
    assert.equal(gapThresholdMs(ts, null), 4_000);
    assert.deepEqual(findGaps(ts, 4_000), [[3_000, 60_000]]);
    // Aggregated: at least 2.5 buckets, so one or two missing buckets are no outage.
    assert.equal(gapThresholdMs([0, 5_000, 10_000], 5_000), 20_000);
    assert.equal(gapThresholdMs([0, 10_000], 60_000), 150_000);
    assert.equal(gapThresholdMs([], null), 1);
  });

  void it('breaks the line across an outage with a null inside the gap', () => {
    const data = buildChartData(
      ['flow'],
      response([frame('flow', [0, 1_000, 2_000, 3_000, 60_000, 61_000], [1, 2, 3, 4, 5, 6])]),
    );
    assert.deepEqual(data.xs, [0, 1_000, 2_000, 3_000, 31_500, 60_000, 61_000]);
    assert.deepEqual(data.series[0]!.mean, [1, 2, 3, 4, null, 5, 6]);
    assert.equal(data.series[0]!.min, null);
    assert.equal(data.series[0]!.points, 6);
    assert.equal(data.empty, false);
  });

  void it('aligns several paths: joined across the other path’s points, null only inside own gaps', () => {
    const data = buildChartData(
      ['a', 'b'],
      response([
        frame('a', [0, 2_000, 4_000, 6_000], [1, 2, 3, 4]),
        frame('b', [1_000, 3_000, 30_000, 32_000, 34_000], [10, 20, 30, 40, 50]),
      ]),
    );
    assert.deepEqual(data.xs, [0, 1_000, 2_000, 3_000, 4_000, 6_000, 16_500, 30_000, 32_000, 34_000]);
    assert.deepEqual(data.series[0]!.mean, [
      1,
      undefined,
      2,
      undefined,
      3,
      4,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    assert.deepEqual(data.series[1]!.mean, [undefined, 10, undefined, 20, null, null, null, 30, 40, 50]);
  });

  void it('adds min and max columns aligned with the means for an aggregated answer', () => {
    const step = 5_000;
    const mean = response([frame('t', [0, 5_000, 10_000], [2, 3, 4])], step, 'avg');
    const min = response([frame('t', [0, 5_000, 10_000], [1, 2.5, 3])], step, 'min');
    const max = response([frame('t', [0, 5_000, 10_000], [3, 3.5, 6])], step, 'max');
    const data = buildChartData(['t'], mean, { min, max });
    assert.deepEqual(data.series[0]!.mean, [2, 3, 4]);
    assert.deepEqual(data.series[0]!.min, [1, 2.5, 3]);
    assert.deepEqual(data.series[0]!.max, [3, 3.5, 6]);
  });

  void it('is empty when no path has a point, and keeps a path missing from the answer', () => {
    const data = buildChartData(['a', 'b'], response([frame('a', [], [])]));
    assert.equal(data.empty, true);
    assert.deepEqual(data.xs, []);
    assert.equal(data.series.length, 2);
    assert.equal(data.series[1]!.points, 0);
  });

  void it('reports where retention cut the range', () => {
    const data = buildChartData(['a'], response([frame('a', [50_000], [1], 40_000)]));
    assert.equal(data.retainedFromMs, 40_000);
  });

  void it('shows the value nearest the cursor, or none inside a gap', () => {
    const values = [1, undefined, undefined, 2, null, null, 3, undefined];
    assert.equal(valueNear(values, 0), 1);
    assert.equal(valueNear(values, 1), 1);
    assert.equal(valueNear(values, 2), 2);
    assert.equal(valueNear(values, 4), null);
    assert.equal(valueNear(values, 7), 3);
    assert.equal(valueNear(values, null), null);
    assert.equal(valueNear([undefined, undefined], 0), null);
  });

  void it('describes the tier and step the server used', () => {
    assert.equal(describeResolution({ tier: 'raw', stepMs: null, agg: null }, false), 'raw samples');
    assert.equal(
      describeResolution({ tier: 'raw', stepMs: 5_000, agg: 'avg' }, true),
      '5-s mean of raw samples, min–max band',
    );
    assert.equal(
      describeResolution({ tier: '1m', stepMs: 300_000, agg: 'avg' }, true),
      '5-min mean of 1-min rollups, min–max band',
    );
    assert.equal(
      describeResolution({ tier: '15m', stepMs: 3_600_000, agg: 'avg' }, false),
      '1-h mean of 15-min rollups',
    );
    assert.equal(formatStep(86_400_000), '1-day');
    assert.equal(formatStep(1_500), '1500-ms');
  });

  void it('puts each unit on its own scale, in order of appearance', () => {
    const units: Record<string, string | undefined> = { t1: '°C', p: 'bar', t2: '°C', n: undefined };
    const { scaleOf, scales } = unitScales(['t1', 'p', 't2', 'n'], (path) => units[path]);
    assert.deepEqual(scaleOf, ['y:°C', 'y:bar', 'y:°C', 'y:']);
    assert.deepEqual(
      scales.map((scale) => scale.unit),
      ['°C', 'bar', undefined],
    );
  });
});
