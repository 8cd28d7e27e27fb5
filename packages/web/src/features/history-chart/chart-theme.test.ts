import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withAlpha } from './chart-theme';

void describe('withAlpha', () => {
  void it('adds an alpha to hex and rgb colours and leaves others alone', () => {
    assert.equal(withAlpha('#2563eb', 0.2), 'rgba(37, 99, 235, 0.2)');
    assert.equal(withAlpha(' #fff ', 0.5), 'rgba(255, 255, 255, 0.5)');
    assert.equal(withAlpha('rgb(1, 2, 3)', 0.1), 'rgba(1, 2, 3, 0.1)');
    assert.equal(withAlpha('oklch(0.6 0.2 250)', 0.1), 'oklch(0.6 0.2 250)');
  });
});
