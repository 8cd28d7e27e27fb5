import assert from 'node:assert/strict';
import { it } from 'node:test';
import { panBy, wholePlan, zoomAt } from './view-box';

void it('zooms around a point that stays put, within limits, and pans', () => {
  const whole = wholePlan(60, 40);
  assert.ok(whole.x < 0 && whole.width > 60, 'a margin around the plan');
  const zoomed = zoomAt({ x: 0, y: 0, width: 60, height: 40 }, 2, 30, 20, 60);
  assert.deepEqual(zoomed, { x: 15, y: 10, width: 30, height: 20 });
  // The point under the cursor keeps its relative place: (30 - 15) / 30 = (30 - 0) / 60.
  const deep = zoomAt(zoomed, 1_000, 30, 20, 60);
  assert.equal(deep.width, 60 / 40, 'no deeper than a 40th of the plan');
  const out = zoomAt(zoomed, 0.001, 30, 20, 60);
  assert.equal(out.width, 90, 'no wider than 1.5 plans');
  assert.deepEqual(panBy(zoomed, 5, -5), { x: 10, y: 15, width: 30, height: 20 });
});
