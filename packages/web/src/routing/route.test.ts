import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseRoute, routeHash } from './route';

void it('parses every view from the hash and writes it back the same', () => {
  const cases: [string, ReturnType<typeof parseRoute>][] = [
    ['#/twins/pump-7', { view: 'twins', twinId: 'pump-7' }],
    ['#/twins', { view: 'twins', twinId: null }],
    ['#/plans/floor-2?twin=temp-2-03', { view: 'plans', spaceId: 'floor-2', twinId: 'temp-2-03' }],
    ['#/plans/floor-1', { view: 'plans', spaceId: 'floor-1', twinId: null }],
    [
      '#/plans/floor-1?from=2026-11-25T10%3A00%3A00.000Z&to=2026-11-25T11%3A00%3A00.000Z',
      {
        view: 'plans',
        spaceId: 'floor-1',
        twinId: null,
        from: '2026-11-25T10:00:00.000Z',
        to: '2026-11-25T11:00:00.000Z',
      },
    ],
    ['#/3d', { view: '3d', twinId: null }],
    ['#/3d?twin=temp-2-03', { view: '3d', twinId: 'temp-2-03' }],
    [
      '#/3d?twin=temp-2-03&from=2026-11-25T10%3A00%3A00.000Z&to=2026-11-25T11%3A00%3A00.000Z',
      { view: '3d', twinId: 'temp-2-03', from: '2026-11-25T10:00:00.000Z', to: '2026-11-25T11:00:00.000Z' },
    ],
    ['#/query?q=SELECT+*+FROM+DIGITALTWINS', { view: 'query', text: 'SELECT * FROM DIGITALTWINS' }],
    ['#/health', { view: 'health' }],
    ['#/alerts', { view: 'alerts', twinId: null }],
    ['#/alerts?twin=pump-7', { view: 'alerts', twinId: 'pump-7' }],
    ['#/models', { view: 'models', twinId: null }],
    ['#/models?twin=pump-7', { view: 'models', twinId: 'pump-7' }],
  ];
  for (const [hash, route] of cases) {
    assert.deepEqual(parseRoute(hash), route, hash);
    assert.deepEqual(parseRoute(routeHash(route)), route, `round trip of ${hash}`);
  }
  assert.deepEqual(parseRoute(''), { view: 'twins', twinId: null });
  assert.deepEqual(parseRoute('#/nowhere'), { view: 'twins', twinId: null });
  assert.deepEqual(parseRoute('#/twins/a%20b'), { view: 'twins', twinId: 'a b' });
  assert.deepEqual(parseRoute('#/twins/%E0%A4'), { view: 'twins', twinId: null }, 'a broken escape selects nothing');
});
