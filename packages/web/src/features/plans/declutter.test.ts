import assert from 'node:assert/strict';
import { it } from 'node:test';
import { visibleLabels } from './declutter';

const label = (id: string, x: number, y: number, priority: number, width = 5, height = 1) => ({
  id,
  x,
  y,
  width,
  height,
  priority,
});

void it('hides the labels that would overlap one of higher priority, or another marker', () => {
  const visible = visibleLabels(
    [
      label('a', 0, 0, 1),
      label('b', 2, 0.2, 0), // overlaps a, wins by priority
      label('c', 10, 0, 1),
      label('d', 0, 1.5, 2), // below a: clear
      label('e', 20, 0, 1), // on top of marker m
    ],
    [{ id: 'm', x: 21, y: 0, width: 1, height: 1 }],
  );
  assert.deepEqual([...visible].sort(), ['b', 'c', 'd']);
  // Its own marker is no obstacle; smaller labels (zoomed in) all fit.
  assert.equal(
    visibleLabels(
      [label('a', 0, 0, 1, 1, 0.1), label('b', 2, 0.2, 0, 1, 0.1)],
      [{ id: 'a', x: -0.8, y: 0, width: 0.3, height: 0.3 }],
    ).size,
    2,
  );
});

void it('shows an alarm’s label over a neighbouring marker, never over another label', () => {
  const visible = visibleLabels(
    [
      { ...label('alarm', 0, 0, 0), overMarkers: true },
      { ...label('other', 1, 0.2, 1), overMarkers: true },
    ],
    [{ id: 'm', x: 0, y: 0, width: 1, height: 1 }],
  );
  assert.deepEqual([...visible], ['alarm']);
});
