import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatBytes, formatTensor } from './ml-format';

void describe('ml formats', () => {
  void it('words sizes', () => {
    assert.equal(formatBytes(812), '812 B');
    assert.equal(formatBytes(14_540), '14.2 KB');
    assert.equal(formatBytes(3_250_000), '3.1 MB');
  });

  void it('words a tensor with free dimensions', () => {
    assert.equal(formatTensor({ name: 'x', type: 'float32', shape: [null, 4] }), 'x: float32 [?×4]');
    assert.equal(formatTensor({ name: 'y', type: 'float32', shape: ['batch', 1] }), 'y: float32 [batch×1]');
  });
});
