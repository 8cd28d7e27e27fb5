import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { PathState } from '@doppel/protocol';
import { TwinValuesStore } from '../../live/twin-values-store';
import type { MarkerStatus } from '../plans/marker-status';
import { DEFAULT_STATUS_RULES, rulesByPath } from '../plans/marker-status';
import { StatusPainter } from './status-painter';

const models = { subscribe: () => () => undefined, ensure: () => undefined, resolved: () => undefined };

function temperature(value: number, atMs: number): Record<string, PathState> {
  return {
    temperature: {
      value,
      quality: 'good',
      sourceTimeMs: atMs,
      receivedMs: atMs,
      freshness: 'fresh',
      kind: 'telemetry',
    } as PathState,
  };
}

void it('passes on only the twins whose status changed, by the plans rules', () => {
  const values = new TwinValuesStore();
  const calls: [string, MarkerStatus][][] = [];
  const painter = new StatusPainter(
    ['temp-a', 'temp-b'],
    values,
    models,
    rulesByPath(DEFAULT_STATUS_RULES),
    (changes) => calls.push([...changes]),
  );
  try {
    painter.paint();
    assert.deepEqual(calls.pop(), [
      ['temp-a', 'unknown'],
      ['temp-b', 'unknown'],
    ]);
    values.apply('temp-a', 'dtmi:x:T;1', temperature(21, 1));
    values.apply('temp-b', 'dtmi:x:T;1', temperature(22, 1));
    painter.paint();
    assert.deepEqual(calls.pop(), [
      ['temp-a', 'ok'],
      ['temp-b', 'ok'],
    ]);
    // A new value within the band changes nothing; an alarm changes one twin.
    values.apply('temp-a', 'dtmi:x:T;1', temperature(21.5, 2));
    values.apply('temp-b', 'dtmi:x:T;1', temperature(31.5, 2));
    painter.paint();
    assert.deepEqual(calls.pop(), [['temp-b', 'alarm']]);
    assert.equal(painter.status('temp-b'), 'alarm');
    values.apply('temp-a', 'dtmi:x:T;1', temperature(21.7, 3));
    const before = calls.length;
    painter.paint();
    assert.equal(calls.length, before, 'no change, no call');
  } finally {
    painter.dispose();
  }
});
