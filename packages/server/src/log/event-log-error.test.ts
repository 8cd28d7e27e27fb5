import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventLogError, isEventLogError } from './event-log-error.js';

void describe('EventLogError', () => {
  void it('is recognised by reason and keeps its cause', () => {
    const cause = new Error('ENOSPC');
    const error = new EventLogError('log.write-failed', 'Writing failed.', { cause });
    assert.ok(isEventLogError(error));
    assert.ok(isEventLogError(error, 'log.write-failed'));
    assert.equal(error.reason, 'log.write-failed');
    assert.equal(error.cause, cause);
    assert.equal(error.name, 'EventLogError');
    assert.equal(isEventLogError(error, 'log.closed'), false);
    assert.equal(isEventLogError(cause), false);
  });
});
