import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePrometheusText } from './prometheus-text';

void describe('parsePrometheusText', () => {
  test('reads samples with and without labels and skips comments', () => {
    const text = [
      '# HELP doppel_deadletters_stored Dead letters stored, by reason.',
      '# TYPE doppel_deadletters_stored gauge',
      'doppel_deadletters_stored{reason="validation.type-mismatch"} 12',
      'doppel_event_loop_delay_p99_ms 10.985471',
      '',
    ].join('\n');
    assert.deepEqual(parsePrometheusText(text), [
      { name: 'doppel_deadletters_stored', labels: { reason: 'validation.type-mismatch' }, value: 12 },
      { name: 'doppel_event_loop_delay_p99_ms', labels: {}, value: 10.985471 },
    ]);
  });

  test('unescapes label values and reads several labels', () => {
    const [sample] = parsePrometheusText('m{a="x\\"y",b="back\\\\slash"} 1 1700000000000');
    assert.deepEqual(sample, { name: 'm', labels: { a: 'x"y', b: 'back\\slash' }, value: 1 });
  });

  test('skips lines that do not parse', () => {
    assert.deepEqual(parsePrometheusText('not a metric line here\nm{a="1"} nope'), []);
  });
});
