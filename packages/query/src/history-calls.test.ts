import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { HistoryRequest } from './history-calls.js';
import { MemoryQuerySource } from './memory-source.js';
import { runQuery, runQueryAsync } from './run-query.js';

const pump = (id: string, load: number) => ({ $dtId: id, $metadata: { $model: 'dtmi:t:Pump;1' }, load });
const contains = (target: string) => ({
  $relationshipId: `r-${target}`,
  $sourceId: 'room',
  $targetId: target,
  $relationshipName: 'contains',
});

/** A graph whose history is a table of hourly averages, counting what it is asked. */
class SourceWithHistory extends MemoryQuerySource {
  readonly asked: HistoryRequest[][] = [];

  constructor(private readonly hourly: Record<string, number>) {
    super(
      [{ $dtId: 'room', $metadata: { $model: 'dtmi:t:Room;1' } }, pump('p1', 0.9), pump('p2', 0.95), pump('p3', 0.2)],
      [contains('p1'), contains('p2'), contains('p3')],
    );
  }

  readHistory(requests: readonly HistoryRequest[]): Promise<readonly (number | undefined)[]> {
    this.asked.push([...requests]);
    return Promise.resolve(
      requests.map((request) =>
        request.fn === 'AVG' && request.windowMs === 3_600_000
          ? this.hourly[`${request.twinId}.${request.path}`]
          : undefined,
      ),
    );
  }
}

void it('filters and projects on history aggregates, asking history once for the rows the graph lets through', async () => {
  const source = new SourceWithHistory({ 'p1.flowRate': 12, 'p2.flowRate': 8, 'p3.flowRate': 30 });
  const result = await runQueryAsync(
    `SELECT P.$dtId AS pump, AVG(P.flowRate, 'PT1H') AS flow FROM DIGITALTWINS R JOIN P RELATED R.contains
     WHERE R.$dtId = 'room' AND P.load > 0.5 AND AVG(P.flowRate, 'PT1H') > 10`,
    source,
  );
  assert.deepEqual(result.value, [{ pump: 'p1', flow: 12 }]);
  // One batch, and only for the pumps the load condition kept (p3 is never asked about).
  assert.equal(source.asked.length, 1);
  assert.deepEqual(
    source.asked[0]?.map((request) => [request.twinId, request.path, request.fn, request.windowMs]),
    [
      ['p1', 'flowRate', 'AVG', 3_600_000],
      ['p2', 'flowRate', 'AVG', 3_600_000],
    ],
  );
});

void it('treats a window without samples as unknown, and refuses bad windows and sources without history', async () => {
  const source = new SourceWithHistory({});
  const none = await runQueryAsync("SELECT COUNT() FROM DIGITALTWINS T WHERE AVG(T.flowRate, 'PT1H') < 100", source);
  assert.deepEqual(none.value, [{ COUNT: 0 }]);
  await assert.rejects(runQueryAsync("SELECT * FROM DIGITALTWINS T WHERE AVG(T.flowRate, '1 hour') > 1", source), {
    code: 'query.invalid-argument',
    message: /"1 hour" is not a window/,
  });
  const plain = new MemoryQuerySource([pump('p1', 1)], []);
  await assert.rejects(runQueryAsync("SELECT * FROM DIGITALTWINS T WHERE MAX(T.load, 'P1D') > 1", plain), {
    code: 'query.unsupported',
  });
  assert.throws(() => runQuery("SELECT * FROM DIGITALTWINS T WHERE MAX(T.load, 'P1D') > 1", plain), {
    code: 'query.unsupported',
  });
});
