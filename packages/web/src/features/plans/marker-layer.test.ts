import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DrawnMarker } from './marker-layer';
import { nearestMarker } from './marker-layer';

const marker = (x: number, y: number): DrawnMarker => ({ x, y, status: 'ok', text: '' });

test('finds the marker nearest to the pointer within reach, in screen pixels', () => {
  const markers = new Map([
    ['a', marker(1, 1)],
    ['b', marker(2, 1)],
  ]);
  // 10 pixels per plan unit, offset by 5.
  const toScreen = (x: number, y: number): [number, number] => [5 + 10 * x, 5 + 10 * y];
  assert.equal(nearestMarker(markers, toScreen, 16, 15, 10), 'a');
  assert.equal(nearestMarker(markers, toScreen, 22, 16, 10), 'b');
  assert.equal(nearestMarker(markers, toScreen, 15, 40, 10), undefined, 'too far from both');
  assert.equal(nearestMarker(new Map(), toScreen, 15, 15, 10), undefined);
});

test('on a tie the marker drawn later, on top, wins', () => {
  const markers = new Map([
    ['under', marker(0, 0)],
    ['over', marker(0, 0)],
  ]);
  assert.equal(
    nearestMarker(markers, (x, y) => [x, y], 1, 1, 5),
    'over',
  );
});
