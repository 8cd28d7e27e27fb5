import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scaleRange, seriesLooks } from './chart-extras';

void describe('seriesLooks', () => {
  void it('gives paths the palette in order without bands', () => {
    assert.deepEqual(
      seriesLooks(['a', 'b'], []).map((look) => look.colorIndex),
      [0, 1],
    );
  });

  void it('draws band edges thin in the colour of the path they surround', () => {
    const looks = seriesLooks(['p50', 'p10', 'p90', 'health'], [{ lower: 'p10', upper: 'p90', colorOf: 'p50' }]);
    assert.deepEqual(looks, [
      { colorIndex: 0, edge: false },
      { colorIndex: 0, edge: true },
      { colorIndex: 0, edge: true },
      { colorIndex: 1, edge: false },
    ]);
  });

  void it('gives a band without a colour path a colour of its own, and ignores bands of absent paths', () => {
    const looks = seriesLooks(
      ['lo', 'x', 'hi'],
      [
        { lower: 'lo', upper: 'hi' },
        { lower: 'x', upper: 'gone' },
      ],
    );
    assert.deepEqual(looks, [
      { colorIndex: 1, edge: true },
      { colorIndex: 0, edge: false },
      { colorIndex: 1, edge: true },
    ]);
  });
});

void describe('scaleRange', () => {
  void it('keeps a fixed range', () => {
    assert.deepEqual(scaleRange(0.2, 0.4, [], [0, 1]), [0, 1]);
  });

  void it('pads the data and widens it to a threshold above it', () => {
    const [min, max] = scaleRange(0.4, 0.5, [0.7], undefined) ?? [Number.NaN, Number.NaN];
    assert.ok(Math.abs(min - 0.37) < 1e-9 && Math.abs(max - 0.73) < 1e-9, `${min} ${max}`);
  });

  void it('shows a threshold alone when there is no data, and leaves an empty scale to uPlot', () => {
    const [min, max] = scaleRange(null, null, [0.6], undefined) ?? [Number.NaN, Number.NaN];
    assert.ok(Math.abs(min - 0.54) < 1e-9 && Math.abs(max - 0.66) < 1e-9, `${min} ${max}`);
    assert.equal(scaleRange(null, null, [], undefined), null);
  });
});
