import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { appendWindowed } from './windowed';

void describe('appendWindowed', () => {
  test('keeps the items within the window of the newest', () => {
    const items = [{ timeMs: 0 }, { timeMs: 50 }, { timeMs: 100 }];
    assert.deepEqual(
      appendWindowed(items, { timeMs: 160 }, 100).map((item) => item.timeMs),
      [100, 160],
    );
  });

  test('ignores an item that is not newer than the last', () => {
    assert.deepEqual(appendWindowed([{ timeMs: 10 }], { timeMs: 10 }, 100), [{ timeMs: 10 }]);
    assert.deepEqual(appendWindowed([{ timeMs: 10 }], { timeMs: 5 }, 100), [{ timeMs: 10 }]);
  });
});
