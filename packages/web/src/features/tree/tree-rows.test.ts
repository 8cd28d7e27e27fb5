import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TreeNode } from '@doppel/protocol';
import { flattenTree } from './tree-rows';
import type { TreeView } from './tree-rows';
import type { ChildList } from './tree-store';
import { ROOT_KEY } from './tree-store';

const node = (id: string, childCount = 0, label = id): TreeNode => ({
  $dtId: id,
  $model: 'dtmi:x:M;1',
  label,
  childCount,
});
const list = (ids: string[], extra: Partial<ChildList> = {}): ChildList => ({
  ids,
  nextLink: null,
  status: 'idle',
  error: undefined,
  ...extra,
});

function view(expanded: string[]): TreeView {
  return {
    nodes: new Map(
      [node('site', 1), node('b7', 2, 'Building 7'), node('f1', 0, 'Floor 1'), node('f2')].map((n) => [n.$dtId, n]),
    ),
    children: new Map([
      [ROOT_KEY, list(['site'])],
      ['site', list(['b7'])],
      ['b7', list(['f1', 'f2'], { nextLink: '/api/v1/tree?parentId=b7&continuationToken=2' })],
    ]),
    expanded: new Set(expanded),
  };
}

const ids = (rows: ReturnType<typeof flattenTree>): string[] =>
  rows.map((row) => (row.kind === 'twin' ? row.node.$dtId : `(${row.kind})`));

describe('flattenTree', () => {
  test('shows only the children of expanded nodes, with a load-more row for a partial list', () => {
    assert.deepEqual(ids(flattenTree(view([]), '')), ['site']);
    assert.deepEqual(ids(flattenTree(view(['site', 'b7']), '')), ['site', 'b7', 'f1', 'f2', '(more)']);
  });

  test('a filter shows loaded matches with their ancestors, expanded or not, without paging rows', () => {
    const rows = flattenTree(view([]), 'floor');
    assert.deepEqual(ids(rows), ['site', 'b7', 'f1']);
    assert.deepEqual(
      rows.map((row) => row.kind === 'twin' && row.match),
      [false, false, true],
    );
  });

  test('a twin that contains itself is not shown inside itself', () => {
    const looped = view(['site', 'b7', 'f1']);
    (looped.children as Map<string, ChildList>).set('f1', list(['b7']));
    assert.deepEqual(ids(flattenTree(looped, '')), ['site', 'b7', 'f1', 'f2', '(more)']);
  });

  test('a loading or failed child list shows as a status row', () => {
    const loading = view(['site']);
    (loading.children as Map<string, ChildList>).set('site', list([], { status: 'loading' }));
    assert.deepEqual(ids(flattenTree(loading, '')), ['site', '(loading)']);
  });
});
