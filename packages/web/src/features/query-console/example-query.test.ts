import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runShortcutLabel } from './example-query';

void describe('runShortcutLabel', () => {
  test('names the Command key on Apple platforms and Ctrl elsewhere', () => {
    assert.equal(runShortcutLabel('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)'), '⌘ Enter');
    assert.equal(runShortcutLabel('Mozilla/5.0 (X11; Linux x86_64)'), 'Ctrl Enter');
  });
});
