import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { LivePath, LiveTwin } from '../../live/twin-values-store';
import { heatColour, heatRange, insidePolygon, meanOf, membersOfAreas } from './heat-map';
import { DEFAULT_STATUS_RULES, markerStatus, rulesByPath } from './marker-status';

const path = (value: unknown, more: Partial<LivePath> = {}): LivePath => ({
  value,
  sourceTimeMs: 1,
  receivedMs: 1,
  source: 's',
  kind: 'telemetry',
  intervalMs: null,
  changeSeq: 0,
  ...more,
});
const twin = (paths: Record<string, LivePath>): LiveTwin => ({ twinId: 't', model: 'm', paths });
const rules = rulesByPath(DEFAULT_STATUS_RULES);

void it('colours a marker by its bands, its quality and its freshness', () => {
  assert.equal(markerStatus(undefined, 'temperature', rules), 'unknown');
  assert.equal(markerStatus(twin({ temperature: path(21) }), 'temperature', rules), 'ok');
  assert.equal(markerStatus(twin({ temperature: path(27) }), 'temperature', rules), 'warn');
  assert.equal(markerStatus(twin({ temperature: path(31) }), 'temperature', rules), 'alarm');
  assert.equal(markerStatus(twin({ temperature: path(13) }), 'temperature', rules), 'alarm');
  assert.equal(markerStatus(twin({ co2: path(1200) }), 'co2', rules), 'warn');
  assert.equal(markerStatus(twin({ temperature: path(21, { quality: 'bad' }) }), 'temperature', rules), 'alarm');
  assert.equal(markerStatus(twin({ temperature: path(21, { quality: 'uncertain' }) }), 'temperature', rules), 'warn');
  assert.equal(
    markerStatus(twin({ temperature: path(35, { freshness: 'stale' }) }), 'temperature', rules),
    'stale',
    'grey wins over a colour that would be a guess',
  );
  // A stale secondary path does not colour the marker; the fresh main one does.
  assert.equal(
    markerStatus(twin({ temperature: path(21), co2: path(3000, { freshness: 'stale' }) }), 'temperature', rules),
    'ok',
  );
  assert.equal(markerStatus(twin({ flowRate: path(12) }), 'flowRate', rules), 'ok', 'no band: quality only');
});

void it('fills rooms from the twins placed inside their area', () => {
  const square = [
    [0, 0],
    [10, 0],
    [10, 10],
    [0, 10],
  ] as const;
  assert.equal(insidePolygon([5, 5], square), true);
  assert.equal(insidePolygon([11, 5], square), false);
  const members = membersOfAreas([
    { twinId: 'room', x: 5, y: 5, area: square },
    { twinId: 'temp', x: 2, y: 3 },
    { twinId: 'outside', x: 20, y: 3 },
  ]);
  assert.deepEqual([...members], [['room', ['temp']]]);
  assert.equal(meanOf([20, 22, 'x', undefined]), 21);
  assert.equal(meanOf([]), undefined);
  assert.deepEqual(heatRange([21, 21.5], 4), [19.25, 23.25]);
  assert.notEqual(heatColour(19, 18, 26), heatColour(25, 18, 26));
  assert.ok(heatColour(undefined, 0, 1).startsWith('hsla(210'));
});
