import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  FALLBACK_PALETTE,
  FrameCounter,
  floorVisible,
  mixColours,
  normaliseColour,
  roomColour,
  SENSOR_LOD_DISTANCE,
  sensorVisible,
  statusPalette,
} from './view-rules';

void it('reads the plans palette from CSS colours, falling back to the plans defaults', () => {
  const css: Record<string, string> = {
    ok: ' #16A34A',
    warn: 'rgb(224, 161, 0)',
    alarm: '#f00',
    stale: '',
    unknown: 'var(--x)',
  };
  const palette = statusPalette((status) => css[status] ?? '');
  assert.deepEqual(palette, {
    ok: '#16a34a',
    warn: '#e0a100',
    alarm: '#ff0000',
    stale: FALLBACK_PALETTE.stale,
    unknown: FALLBACK_PALETTE.unknown,
  });
  assert.equal(normaliseColour('rgba(1, 2, 3, 0.5)'), '#010203');
  assert.equal(normaliseColour('green'), undefined);
});

void it('tints rooms by status and leaves rooms without values at their base colour', () => {
  assert.equal(mixColours('#000000', '#ffffff', 0.5), '#808080');
  assert.equal(roomColour('unknown', FALLBACK_PALETTE, '#eeeeee'), '#eeeeee');
  assert.notEqual(roomColour('alarm', FALLBACK_PALETTE, '#eeeeee'), '#eeeeee');
  // An alarm is tinted more strongly than normal operation.
  const distance = (hex: string) => Math.abs(parseInt(hex.slice(1, 3), 16) - 0xee);
  assert.ok(distance(roomColour('alarm', FALLBACK_PALETTE, '#eeeeee')) > 0);
});

void it('hides far sensors, except selected ones and alarms; cuts floors above a level', () => {
  assert.equal(sensorVisible(SENSOR_LOD_DISTANCE - 1, 'ok', false), true);
  assert.equal(sensorVisible(SENSOR_LOD_DISTANCE + 1, 'ok', false), false);
  assert.equal(sensorVisible(SENSOR_LOD_DISTANCE + 1, 'alarm', false), true);
  assert.equal(sensorVisible(SENSOR_LOD_DISTANCE + 1, 'stale', true), true);
  assert.equal(floorVisible(3, null), true);
  assert.equal(floorVisible(3, 2), false);
  assert.equal(floorVisible(2, 2), true);
});

void it('counts the frames of the last second', () => {
  const counter = new FrameCounter();
  for (let ms = 0; ms < 2_000; ms += 100) counter.frame(ms);
  assert.equal(counter.perSecond(1_900), 10);
  assert.equal(counter.perSecond(5_000), 0);
});
