import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContentInfo } from '../../models/model-info';
import type { ResolvedModel } from '../../models/model-store';
import { historyPaths } from './history-paths';

const telemetry = (name: string, schema = 'double'): ContentInfo => ({
  name,
  kind: 'telemetry',
  displayName: name,
  unit: undefined,
  schema,
});

void describe('historyPaths', () => {
  void it('charts the model’s own telemetry before what it inherits, leaving the condition to its section', () => {
    const own = [telemetry('flowRate'), telemetry('status', 'string'), telemetry('pressure')];
    const inherited = [telemetry('vibrationRms'), telemetry('healthIndex'), telemetry('rulP50Hours')];
    const model = {
      info: { id: 'dtmi:x;1', displayName: 'x', description: undefined, contents: own, extends: [] },
      contents: [...inherited, ...own],
      byName: new Map(),
      telemetryNames: [],
    } satisfies ResolvedModel;
    assert.deepEqual(
      historyPaths(model).map((content) => content.name),
      ['flowRate', 'pressure', 'vibrationRms'],
    );
    assert.deepEqual(historyPaths(undefined), []);
  });
});
