import assert from 'node:assert/strict';
import { it } from 'node:test';
import { MemoryQuerySource } from './memory-source.js';
import { QueryError } from './query-error.js';
import { runQuery } from './run-query.js';

type Freshness = 'fresh' | 'stale' | 'unknown' | 'missing';

/** Three sensors whose freshness is a table ("twin.path" → state). */
class SourceWithFreshness extends MemoryQuerySource {
  constructor(private readonly table: Record<string, Freshness>) {
    super(
      ['s1', 's2', 's3', 's4'].map((id) => ({ $dtId: id, $metadata: { $model: 'dtmi:t:Sensor;1' } })),
      [],
    );
  }

  freshnessOf(twinId: string, path: string): Freshness | undefined {
    return this.table[`${twinId}.${path}`];
  }
}

const ids = (value: readonly unknown[]): unknown[] => value.map((row) => (row as { $dtId: string }).$dtId);

void it('IS_STALE is true for stale and declared-but-missing values, false for fresh, unjudged or absent ones', () => {
  const source = new SourceWithFreshness({
    's1.temperature': 'stale',
    's2.temperature': 'fresh',
    's3.temperature': 'missing',
    's4.temperature': 'unknown',
  });
  const stale = runQuery('SELECT S.$dtId FROM DIGITALTWINS S WHERE IS_STALE(S.temperature)', source);
  assert.deepEqual(ids(stale.value), ['s1', 's3']);
  const notStale = runQuery('SELECT S.$dtId FROM DIGITALTWINS S WHERE NOT IS_STALE(S.temperature)', source);
  assert.deepEqual(ids(notStale.value), ['s2', 's4']);
  const projected = runQuery("SELECT IS_STALE(S.humidity) AS h FROM DIGITALTWINS S WHERE S.$dtId = 's1'", source);
  assert.deepEqual(projected.value, [{ h: false }]);
});

void it('IS_STALE is refused on a source without freshness, and its argument must be a twin property', () => {
  const plain = new MemoryQuerySource([{ $dtId: 's1', $metadata: { $model: 'dtmi:t:Sensor;1' } }], []);
  assert.throws(
    () => runQuery('SELECT S.$dtId FROM DIGITALTWINS S WHERE IS_STALE(S.temperature)', plain),
    (error: unknown) => error instanceof QueryError && error.code === 'query.unsupported',
  );
  const source = new SourceWithFreshness({});
  for (const text of [
    'SELECT S.$dtId FROM DIGITALTWINS S WHERE IS_STALE(S)',
    "SELECT S.$dtId FROM DIGITALTWINS S WHERE IS_STALE('temperature')",
    'SELECT S.$dtId FROM DIGITALTWINS S WHERE IS_STALE(S.a, S.b)',
  ]) {
    assert.throws(
      () => runQuery(text, source),
      (error: unknown) => error instanceof QueryError && error.code === 'query.invalid-argument',
      text,
    );
  }
});

void it('QUALITY(T.path) gives the live value quality, and is refused on a source without it', () => {
  const qualities: Record<string, 'good' | 'uncertain' | 'bad'> = { 's1.pressure': 'bad', 's2.pressure': 'good' };
  class SourceWithQuality extends SourceWithFreshness {
    qualityOf(twinId: string, path: string): 'good' | 'uncertain' | 'bad' | undefined {
      return qualities[`${twinId}.${path}`];
    }
  }
  const source = new SourceWithQuality({});
  const bad = runQuery("SELECT S.$dtId FROM DIGITALTWINS S WHERE QUALITY(S.pressure) = 'bad'", source);
  assert.deepEqual(ids(bad.value), ['s1']);
  const notBad = runQuery("SELECT S.$dtId FROM DIGITALTWINS S WHERE QUALITY(S.pressure) != 'bad'", source);
  assert.deepEqual(ids(notBad.value), ['s2'], 'no live value: unknown, in neither result');
  assert.throws(
    () => runQuery("SELECT S.$dtId FROM DIGITALTWINS S WHERE QUALITY(S.pressure) = 'bad'", new SourceWithFreshness({})),
    (error: unknown) => error instanceof QueryError && error.code === 'query.unsupported',
  );
});

void it('CONFIDENCE(T.path) gives a number to compare, and is refused on a source without it', () => {
  const confidences: Record<string, number> = { 's1.pressure': 0.3, 's2.pressure': 0.95 };
  class SourceWithConfidence extends SourceWithFreshness {
    confidenceOf(twinId: string, path: string): number | undefined {
      return confidences[`${twinId}.${path}`];
    }
  }
  const source = new SourceWithConfidence({});
  const doubtful = runQuery('SELECT S.$dtId FROM DIGITALTWINS S WHERE CONFIDENCE(S.pressure) < 0.5', source);
  assert.deepEqual(ids(doubtful.value), ['s1']);
  const projected = runQuery("SELECT CONFIDENCE(S.pressure) AS c FROM DIGITALTWINS S WHERE S.$dtId = 's2'", source);
  assert.deepEqual(projected.value, [{ c: 0.95 }]);
  assert.throws(
    () =>
      runQuery('SELECT S.$dtId FROM DIGITALTWINS S WHERE CONFIDENCE(S.pressure) < 0.5', new SourceWithFreshness({})),
    (error: unknown) => error instanceof QueryError && error.code === 'query.unsupported',
  );
});
