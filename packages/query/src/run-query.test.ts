import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryQuerySource } from './memory-source.js';
import type { QueryError } from './query-error.js';
import type { QueryOptions } from './run-query.js';
import { runQuery } from './run-query.js';

/**
 * A small site: building b7 with two floors; rooms on them; pumps in rooms; a sensor in a pump.
 * Pump extends Equipment.
 */
const twin = (id: string, model: string, props: Record<string, unknown> = {}) => ({
  $dtId: id,
  $etag: `W/"${id}"`,
  $metadata: { $model: model },
  ...props,
});
const rel = (source: string, name: string, target: string, props: Record<string, unknown> = {}) => ({
  $relationshipId: `${source}-${name}-${target}`,
  $sourceId: source,
  $targetId: target,
  $relationshipName: name,
  ...props,
});
const M = {
  building: 'dtmi:t:Building;1',
  floor: 'dtmi:t:Floor;1',
  room: 'dtmi:t:Room;1',
  equipment: 'dtmi:t:Equipment;1',
  pump: 'dtmi:t:Pump;1',
  sensor: 'dtmi:t:Sensor;1',
};
const source = new MemoryQuerySource(
  [
    twin('b7', M.building, { name: 'Building 7' }),
    twin('b8', M.building, { name: 'Building 8' }),
    twin('f1', M.floor, { level: 1 }),
    twin('f2', M.floor, { level: 2 }),
    twin('r101', M.room, { temperature: 29.5, name: 'Lab' }),
    twin('r201', M.room, { temperature: 21, name: 'Office' }),
    twin('p1', M.pump, { load: 0.91, lastServiced: '2025-01-10', flags: { auto: true } }),
    twin('p2', M.pump, { load: 0.4, lastServiced: '2026-10-01' }),
    twin('e1', M.equipment, { load: 0.95 }),
    twin('s1', M.sensor, { unit: 'bar', reading: null }),
  ],
  [
    rel('b7', 'hasFloor', 'f1'),
    rel('b7', 'hasFloor', 'f2', { since: 2020 }),
    rel('f1', 'hasRoom', 'r101'),
    rel('f2', 'hasRoom', 'r201'),
    rel('r101', 'contains', 'p1'),
    rel('r201', 'contains', 'p2'),
    rel('r101', 'contains', 'e1'),
    rel('p1', 'hasSensor', 's1'),
  ],
  new Map([[M.pump, [M.equipment]]]),
);

const ids = (text: string, options?: QueryOptions): string[] =>
  runQuery(text, source, options).value.map((row) => (row as { $dtId: string }).$dtId);

const fails = (text: string, code: string, message?: RegExp): void => {
  assert.throws(
    () => runQuery(text, source),
    (error: unknown) => {
      const { code: actual, message: text } = error as QueryError;
      assert.equal(actual, code);
      if (message !== undefined) assert.match(text, message);
      return true;
    },
  );
};

void describe('runQuery', () => {
  void it('selects twins by model, including models that extend it unless exact', () => {
    assert.deepEqual(ids(`SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('${M.equipment}')`), ['p1', 'p2', 'e1']);
    assert.deepEqual(ids(`SELECT * FROM DIGITALTWINS T WHERE IS_OF_MODEL(T, '${M.equipment}', exact)`), ['e1']);
    assert.deepEqual(ids(`SELECT * FROM DIGITALTWINS T WHERE T.$metadata.$model = '${M.room}'`), ['r101', 'r201']);
  });

  void it('compares, with missing properties and mismatched types never matching', () => {
    assert.deepEqual(ids('SELECT * FROM DIGITALTWINS WHERE temperature > 25'), ['r101']);
    assert.deepEqual(ids('SELECT * FROM DIGITALTWINS WHERE temperature != 21'), ['r101']);
    assert.deepEqual(ids("SELECT * FROM DIGITALTWINS WHERE temperature = '21'"), []);
    assert.deepEqual(ids('SELECT * FROM DIGITALTWINS WHERE NOT (load > 0.5)'), ['p2']);
    assert.deepEqual(ids('SELECT * FROM DIGITALTWINS T WHERE T.load * 100 >= 90'), ['p1', 'e1']);
    // Found by id, in the list's order, each once.
    assert.deepEqual(ids("SELECT * FROM DIGITALTWINS WHERE $dtId IN ['r201', 'b7', 'nope', 'b7']"), ['r201', 'b7']);
    assert.deepEqual(ids("SELECT * FROM DIGITALTWINS T WHERE T.$dtId NIN ['b7'] AND IS_DEFINED(T.name)"), [
      'b8',
      'r101',
      'r201',
    ]);
  });

  void it('has the type checks and string functions of Azure Digital Twins', () => {
    assert.deepEqual(ids('SELECT * FROM DIGITALTWINS WHERE IS_NULL(reading)'), ['s1']);
    assert.deepEqual(ids('SELECT * FROM DIGITALTWINS WHERE IS_OBJECT(flags) AND flags.auto = true'), ['p1']);
    assert.deepEqual(ids('SELECT * FROM DIGITALTWINS WHERE IS_STRING(lastServiced) AND NOT IS_BOOL(load)'), [
      'p1',
      'p2',
    ]);
    assert.deepEqual(ids("SELECT * FROM DIGITALTWINS WHERE STARTSWITH(name, 'Building')"), ['b7', 'b8']);
    assert.deepEqual(ids("SELECT * FROM DIGITALTWINS WHERE ENDSWITH(name, 'fice') OR CONTAINS(name, 'La')"), [
      'r101',
      'r201',
    ]);
  });

  void it('joins along relationships, with conditions on every alias and on the relationship', () => {
    const rows = runQuery(
      `SELECT B.$dtId AS building, R.name AS room, P.$dtId AS pump FROM DIGITALTWINS B
         JOIN F RELATED B.hasFloor JOIN R RELATED F.hasRoom JOIN P RELATED R.contains
       WHERE B.$dtId = 'b7' AND IS_OF_MODEL(P, '${M.pump}') AND P.load > 0.8 AND P.lastServiced < '2026-05-25'`,
      source,
    ).value;
    assert.deepEqual(rows, [{ building: 'b7', room: 'Lab', pump: 'p1' }]);
    const since = runQuery(
      "SELECT F.$dtId AS floor, H.since AS since FROM DIGITALTWINS B JOIN F RELATED B.hasFloor H WHERE B.$dtId = 'b7' AND H.since = 2020",
      source,
    ).value;
    assert.deepEqual(since, [{ floor: 'f2', since: 2020 }]);
  });

  void it('matches variable-length paths in either direction', () => {
    const reachable = runQuery(
      "SELECT s.$dtId AS id FROM DIGITALTWINS MATCH (b)-[*1..4]->(s) WHERE b.$dtId = 'b7' AND IS_OF_MODEL(s, 'dtmi:t:Sensor;1')",
      source,
    ).value;
    assert.deepEqual(reachable, [{ id: 's1' }]);
    const exactlyTwo = runQuery(
      "SELECT x.$dtId AS id FROM DIGITALTWINS MATCH (b)-[:hasFloor|hasRoom*2]->(x) WHERE b.$dtId = 'b7'",
      source,
    ).value;
    assert.deepEqual(exactlyTwo, [{ id: 'r101' }, { id: 'r201' }]);
    // Anchored on the sensor (by id), expanded backwards to the room that contains its pump.
    const up = runQuery(
      "SELECT r.$dtId AS room FROM DIGITALTWINS MATCH (r)-[:contains]->(p)-[:hasSensor]->(s) WHERE s.$dtId = 's1'",
      source,
    ).value;
    assert.deepEqual(up, [{ room: 'r101' }]);
  });

  void it('counts, honours TOP, and pages with continuation tokens', () => {
    assert.deepEqual(runQuery('SELECT COUNT() FROM DIGITALTWINS', source).value, [{ COUNT: 10 }]);
    assert.deepEqual(runQuery(`SELECT COUNT() FROM DIGITALTWINS WHERE IS_OF_MODEL('${M.equipment}')`, source).value, [
      { COUNT: 3 },
    ]);
    assert.deepEqual(runQuery("SELECT COUNT() FROM DIGITALTWINS WHERE $dtId IN ['b7', 'nope']", source).value, [
      { COUNT: 1 },
    ]);
    assert.deepEqual(runQuery('SELECT TOP(4) COUNT() FROM DIGITALTWINS', source).value, [{ COUNT: 4 }]);
    assert.deepEqual(ids('SELECT TOP(2) * FROM DIGITALTWINS'), ['b7', 'b8']);
    const text = 'SELECT * FROM DIGITALTWINS';
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = runQuery(text, source, {
        pageSize: 4,
        ...(token === undefined ? {} : { continuationToken: token }),
      });
      seen.push(...page.value.map((row) => (row as { $dtId: string }).$dtId));
      token = page.continuationToken;
    } while (token !== undefined);
    assert.deepEqual(seen, ids(text));
    const first = runQuery(text, source, { pageSize: 4 });
    assert.throws(
      () => runQuery('SELECT * FROM DIGITALTWINS T', source, { continuationToken: first.continuationToken }),
      {
        code: 'query.invalid-continuation',
      },
    );
  });

  void it('explains the plan: the anchor from the WHERE, then the expansions with their conditions', () => {
    const plan = runQuery(
      `EXPLAIN SELECT P FROM DIGITALTWINS R JOIN P RELATED R.contains WHERE IS_OF_MODEL(R, '${M.room}') AND P.load > 0.8`,
      source,
    ).explain;
    assert.deepEqual(plan, [
      // The model index answers IS_OF_MODEL(R, …): no test per twin.
      `1. scan R: model index ${M.room} (with models that extend it)`,
      '2. expand R -> P over contains\n     where P.load > 0.8',
      'project P',
    ]);
    assert.match(
      (runQuery("EXPLAIN SELECT * FROM DIGITALTWINS WHERE $dtId = 'b7'", source).explain ?? [])[0] ?? '',
      /scan \(twins\): by id 'b7'/,
    );
  });

  void it('refuses what it cannot run with a code, a position and what to change', () => {
    fails('SELECT * FROM DIGITALTWINS T WHERE name = 1', 'query.unknown-alias', /line 1, column 36: "name"/);
    fails('SELECT * FROM DIGITALTWINS WHERE FOO(name)', 'query.unknown-function', /unknown function FOO/);
    fails('SELECT * FROM DIGITALTWINS WHERE STARTSWITH(name)', 'query.invalid-argument', /takes 2 arguments/);
    fails('SELECT * FROM DIGITALTWINS T JOIN C RELATED X.contains', 'query.unknown-alias', /"X" is not a twin alias/);
    fails('SELECT * FROM DIGITALTWINS MATCH (a)-[r:x*1..2]->(b)', 'query.unsupported', /variable-length/);
    assert.throws(() => runQuery('SELECT * FROM DIGITALTWINS', source, { rowsExaminedMax: 5 }), {
      code: 'query.too-many-rows',
    });
  });

  void it('projects twins, properties and relationships in the shape Azure Digital Twins returns', () => {
    const [row] = runQuery(
      "SELECT T, C, T.name FROM DIGITALTWINS T JOIN C RELATED T.contains WHERE T.$dtId = 'r201'",
      source,
    ).value as { T: { $dtId: string }; C: { $dtId: string }; name: string }[];
    assert.equal(row?.T.$dtId, 'r201');
    assert.equal(row?.C.$dtId, 'p2');
    assert.equal(row?.name, 'Office');
    const relationships = runQuery(
      "SELECT * FROM RELATIONSHIPS R WHERE R.$relationshipName = 'hasFloor' AND R.since > 2000",
      source,
    ).value;
    assert.deepEqual(
      relationships.map((r) => (r as { $targetId: string }).$targetId),
      ['f2'],
    );
  });
});
