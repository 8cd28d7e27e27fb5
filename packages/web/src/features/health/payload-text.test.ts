import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { payloadText } from './payload-text';

void describe('payloadText', () => {
  test('indents JSON', () => {
    assert.deepEqual(payloadText({ payload: '{"flowRate":"high"}', payloadEncoding: 'utf8', rawTruncated: false }), {
      text: '{\n  "flowRate": "high"\n}',
      note: null,
    });
  });

  test('shows other text as received, and says so', () => {
    const shown = payloadText({ payload: 'flowRate=12', payloadEncoding: 'utf8', rawTruncated: false });
    assert.equal(shown.text, 'flowRate=12');
    assert.ok(/Not valid JSON/.test(shown.note ?? ''), shown.note ?? 'no note');
  });

  test('says when the payload is binary or truncated', () => {
    const shown = payloadText({ payload: '3q2+7w==', payloadEncoding: 'base64', rawTruncated: true });
    assert.equal(shown.text, '3q2+7w==');
    assert.ok(/base64.*cannot be replayed/.test(shown.note ?? ''), shown.note ?? 'no note');
  });
});
