import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  HISTORY_ENTRIES_MAX,
  HISTORY_STORAGE_KEY,
  loadHistory,
  parseHistory,
  rememberQuery,
  saveHistory,
} from './query-history';

void describe('rememberQuery', () => {
  test('puts the query first and moves a repeat up instead of repeating it', () => {
    assert.deepEqual(rememberQuery(['b', 'a'], 'c'), ['c', 'b', 'a']);
    assert.deepEqual(rememberQuery(['b', 'a'], ' a \n'), ['a', 'b']);
  });

  test('keeps the newest ten', () => {
    let history: string[] = [];
    for (let i = 0; i < 15; i++) history = rememberQuery(history, `q${i}`);
    assert.equal(history.length, HISTORY_ENTRIES_MAX);
    assert.equal(history[0], 'q14');
    assert.equal(history[9], 'q5');
  });

  test('ignores blank queries', () => {
    assert.deepEqual(rememberQuery(['a'], '   '), ['a']);
  });
});

void describe('parseHistory', () => {
  test('reads what was saved and skips what is not a query', () => {
    assert.deepEqual(parseHistory('["a", 3, "", "b"]'), ['a', 'b']);
  });

  test('reads malformed storage as empty', () => {
    assert.deepEqual(parseHistory(null), []);
    assert.deepEqual(parseHistory('{'), []);
    assert.deepEqual(parseHistory('{"a": 1}'), []);
  });
});

void describe('loadHistory and saveHistory', () => {
  test('round-trip through storage', () => {
    const items = new Map<string, string>();
    const storage = {
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => void items.set(key, value),
    };
    saveHistory(storage, ['SELECT * FROM DIGITALTWINS']);
    assert.ok(items.has(HISTORY_STORAGE_KEY));
    assert.deepEqual(loadHistory(storage), ['SELECT * FROM DIGITALTWINS']);
  });

  test('survive a storage that throws or is missing', () => {
    const refusing = {
      getItem: (): string | null => {
        throw new Error('SecurityError');
      },
      setItem: (): void => {
        throw new Error('QuotaExceededError');
      },
    };
    assert.deepEqual(loadHistory(refusing), []);
    saveHistory(refusing, ['a']);
    assert.deepEqual(loadHistory(undefined), []);
  });
});
