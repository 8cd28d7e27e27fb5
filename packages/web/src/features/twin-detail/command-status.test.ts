import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CommandStatus, CommandView } from '@doppel/protocol';
import {
  desiredDisplay,
  durationMs,
  latestOf,
  outcomeText,
  requesterText,
  statusLabel,
  statusTone,
} from './command-status';

const view = (status: CommandStatus, extra: Partial<CommandView> = {}): CommandView => ({
  id: 'c1',
  twinId: 'pump-3',
  kind: 'desired',
  name: 'speedSetpoint',
  request: 40,
  status,
  requestedBy: 'http:127.0.0.1',
  idempotent: false,
  topic: 'twins/pump-3/properties/desired',
  createdMs: 1_000,
  statusTimesMs: { pending: 1_000, [status]: 1_250 },
  expiresMs: 61_000,
  timeoutMs: 30_000,
  duplicateResponses: 0,
  ...extra,
});

test('every status has a label and a tone; the ones in progress spin', () => {
  const statuses: CommandStatus[] = [
    'pending',
    'sent',
    'acknowledged',
    'succeeded',
    'failed',
    'timed-out',
    'expired',
    'cancelled',
  ];
  assert.deepEqual(
    statuses.map((status) => [statusLabel(status), statusTone(status)]),
    [
      ['pending', 'progress'],
      ['sent', 'progress'],
      ['acknowledged', 'progress'],
      ['succeeded', 'success'],
      ['failed', 'danger'],
      ['timed out', 'danger'],
      ['expired', 'warning'],
      ['cancelled', 'neutral'],
    ],
  );
});

test('the outcome says what came back or why it did not', () => {
  assert.equal(outcomeText(view('sent')), '');
  assert.equal(
    outcomeText(view('succeeded', { response: { accepted: true, speedPercent: 40 } })),
    '{"accepted":true,"speedPercent":40}',
  );
  assert.equal(outcomeText(view('succeeded')), 'done');
  assert.equal(outcomeText(view('failed', { error: 'speed out of range' })), 'speed out of range');
  assert.equal(outcomeText(view('failed')), 'the device refused it');
  assert.equal(outcomeText(view('timed-out', { timeoutMs: 1_500 })), 'no answer within 1.5 s of sending');
  assert.equal(durationMs(view('succeeded')), 250);
  assert.equal(durationMs(view('sent')), undefined);
});

test('a desired value is pending until confirmed, and rolled back with the reason otherwise', () => {
  assert.deepEqual(desiredDisplay(view('sent')), {
    phase: 'pending',
    desired: 40,
    detail: 'sent to the device, waiting for its answer',
  });
  assert.deepEqual(desiredDisplay(view('succeeded', { response: 40 })), { phase: 'confirmed', desired: 40 });
  assert.deepEqual(desiredDisplay(view('timed-out')), {
    phase: 'rolled-back',
    desired: 40,
    reason: 'not applied: timed out',
  });
  assert.deepEqual(desiredDisplay(view('failed', { error: 'out of range' })), {
    phase: 'rolled-back',
    desired: 40,
    reason: 'not applied: failed: out of range',
  });
  assert.equal(desiredDisplay(view('expired')).phase, 'rolled-back');
});

test('finds the newest of a kind and name, and names who asked', () => {
  const list = [
    view('sent', { id: 'new' }),
    view('succeeded', { id: 'old' }),
    view('sent', { id: 'cmd', kind: 'command' }),
  ];
  assert.equal(latestOf(list, 'desired', 'speedSetpoint')?.id, 'new');
  assert.equal(latestOf(list, 'command', 'speedSetpoint')?.id, 'cmd');
  assert.equal(latestOf(list, 'desired', 'other'), undefined);
  assert.equal(requesterText('http:127.0.0.1'), '127.0.0.1 (REST)');
  assert.equal(requesterText('live-client-7'), 'live client 7');
  assert.equal(requesterText('cli'), 'cli');
});
