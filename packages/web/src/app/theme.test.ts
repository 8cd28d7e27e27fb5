import assert from 'node:assert/strict';
import { it } from 'node:test';
import { effectiveTheme, nextThemeChoice } from './theme';

void it('follows the system unless the user chose, and cycles system → light → dark', () => {
  assert.equal(effectiveTheme('system', true), 'dark');
  assert.equal(effectiveTheme('system', false), 'light');
  assert.equal(effectiveTheme('light', true), 'light');
  assert.equal(effectiveTheme('dark', false), 'dark');
  assert.equal(nextThemeChoice('system'), 'light');
  assert.equal(nextThemeChoice('light'), 'dark');
  assert.equal(nextThemeChoice('dark'), 'system');
});
