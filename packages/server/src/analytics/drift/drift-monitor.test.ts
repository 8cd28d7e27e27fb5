import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDriftError } from './drift-error.js';
import { DriftMonitor } from './drift-monitor.js';
import { RecordingMonitor } from './drift-test-helpers.js';
import { ReferenceDistribution } from './reference-distribution.js';

/** Half zeros, half ones: bins (−∞, 0] and (0, ∞) with 0.5 each, so PSI is exact by hand. */
const COIN = ReferenceDistribution.fromSample([...Array<number>(50).fill(0), ...Array<number>(50).fill(1)]);

/** 100 values with `zeros` of them 0: one full window of the small monitor below. */
const block = (zeros: number): number[] => Array.from({ length: 100 }, (_, i) => (i < zeros ? 0 : 1));

/** A check exactly at each full block, on exactly that block. */
const SMALL = { windowSize: 100, checkEvery: 100, minSamples: 100 };

void describe('DriftMonitor state machine', () => {
  void it('drifts at PSI ≥ 0.25, recovers only under 0.1, and holds in between', () => {
    const recording = new RecordingMonitor(SMALL);
    recording.monitor.watch('pump-1', { flow: COIN });
    const psiAfter = (zeros: number): number | undefined => {
      recording.feed('pump-1', 'flow', block(zeros));
      return recording.monitor.view('pump-1')[0]?.psi;
    };
    assert.equal(psiAfter(50), 0);
    assert.equal(recording.events.length, 0);
    // 0.25 ln 1.5 + 0.25 ln 2 = 0.2747: drifted.
    assert.ok(Math.abs(psiAfter(75)! - 0.274653) < 1e-6);
    assert.deepEqual(
      recording.events.map(({ kind, atMs }) => [kind, atMs]),
      [['drifted', 199]],
    );
    // 0.2 ln(0.7 / 0.3) = 0.1695: between the thresholds, still drifted, no event.
    assert.ok(Math.abs(psiAfter(70)! - 0.169459) < 1e-6);
    assert.equal(recording.monitor.view('pump-1')[0]?.state, 'drifted');
    assert.equal(recording.events.length, 1);
    // 0.15 ln(0.65 / 0.35) = 0.0929: recovered.
    assert.ok(psiAfter(65)! < 0.1);
    assert.deepEqual(
      recording.events.map(({ kind }) => kind),
      ['drifted', 'recovered'],
    );
    // Back to 0.1695: not enough to drift again from stable.
    psiAfter(70);
    assert.equal(recording.events.length, 2);
    assert.equal(recording.monitor.view('pump-1')[0]?.state, 'stable');
  });

  void it('reports the numbers of the check in the event', () => {
    const recording = new RecordingMonitor(SMALL);
    recording.monitor.watch('pump-1', { flow: COIN });
    recording.feed('pump-1', 'flow', block(100));
    const [event] = recording.events;
    assert.equal(event?.subject, 'pump-1');
    assert.equal(event?.input, 'flow');
    assert.equal(event?.kind, 'drifted');
    assert.equal(event?.ks, 0.5);
    assert.equal(event?.liveMean, 0);
    assert.equal(event?.referenceMean, 0.5);
    assert.equal(event?.atMs, 99);
  });

  void it('checks only once the window holds minSamples, then every checkEvery values', () => {
    const recording = new RecordingMonitor({ windowSize: 100, checkEvery: 10, minSamples: 50 });
    recording.monitor.watch('pump-1', { flow: COIN });
    recording.feed('pump-1', 'flow', Array<number>(49).fill(1));
    assert.equal(recording.monitor.view('pump-1')[0]?.checkedAtMs, undefined);
    recording.feed('pump-1', 'flow', [1]);
    assert.equal(recording.monitor.view('pump-1')[0]?.checkedAtMs, 49);
    recording.feed('pump-1', 'flow', Array<number>(9).fill(1));
    assert.equal(recording.monitor.view('pump-1')[0]?.checkedAtMs, 49);
    recording.feed('pump-1', 'flow', [1]);
    assert.equal(recording.monitor.view('pump-1')[0]?.checkedAtMs, 59);
    assert.deepEqual(
      recording.events.map(({ atMs }) => atMs),
      [49],
    );
  });
});

void describe('DriftMonitor bounds and bookkeeping', () => {
  void it('refuses subjects beyond subjectsMax, counting them, until one is forgotten', () => {
    const recording = new RecordingMonitor({ ...SMALL, subjectsMax: 2 });
    const { monitor } = recording;
    assert.equal(monitor.watch('a', { flow: COIN }), true);
    assert.equal(monitor.watch('b', { flow: COIN }), true);
    assert.equal(monitor.watch('c', { flow: COIN }), false);
    assert.equal(monitor.watch('a', { flow: COIN }), true); // watched already: starts over, not refused
    assert.equal(monitor.refusedSubjects, 1);
    assert.equal(monitor.subjectCount, 2);
    recording.feed('c', 'flow', [1, 0]);
    assert.equal(monitor.view().unwatchedValues, 2);
    assert.equal(monitor.forget('a'), true);
    assert.equal(monitor.forget('a'), false);
    assert.equal(monitor.watch('c', { flow: COIN }), true);
    assert.deepEqual(monitor.view('a'), []);
  });

  void it('watches at most inputsPerSubjectMax inputs of a subject, counting the others', () => {
    const monitor = new DriftMonitor({ inputsPerSubjectMax: 2 }, () => undefined);
    monitor.watch(
      'a',
      new Map([
        ['x', COIN],
        ['y', COIN],
        ['z', COIN],
      ]),
    );
    assert.deepEqual(
      monitor.view('a').map(({ input }) => input),
      ['x', 'y'],
    );
    assert.equal(monitor.refusedInputs, 1);
    assert.equal(monitor.view().inputs, 2);
  });

  void it('counts non-finite values and keeps them out of the window', () => {
    const recording = new RecordingMonitor(SMALL);
    recording.monitor.watch('a', { flow: COIN });
    recording.feed('a', 'flow', [NaN, 1, Infinity]);
    assert.equal(recording.monitor.view().nonFiniteValues, 2);
    assert.equal(recording.monitor.view('a')[0]?.samples, 1);
  });

  void it('lists drifted inputs in the overview, and forgets them with their subject', () => {
    const recording = new RecordingMonitor({ ...SMALL, driftedListMax: 1 });
    const { monitor } = recording;
    for (const subject of ['a', 'b', 'c']) monitor.watch(subject, { flow: COIN, speed: COIN });
    recording.feed('a', 'flow', block(100));
    recording.feed('b', 'speed', block(0));
    recording.feed('c', 'flow', block(50));
    const overview = monitor.view();
    assert.equal(overview.subjects, 3);
    assert.equal(overview.inputs, 6);
    assert.equal(overview.drifted, 2);
    assert.deepEqual(
      overview.driftedInputs.map(({ subject, input, state }) => [subject, input, state]),
      [['a', 'flow', 'drifted']],
    );
    monitor.forget('a');
    monitor.watch('b', { speed: COIN }); // starts over: stable again
    assert.equal(monitor.view().drifted, 0);
    assert.equal(monitor.view('b')[0]?.psi, undefined);
  });

  void it('shows each input of a subject with its reference summary', () => {
    const recording = new RecordingMonitor(SMALL);
    recording.monitor.watch('a', { flow: COIN });
    recording.feed('a', 'flow', [1, 1]);
    assert.deepEqual(recording.monitor.view('a'), [
      {
        subject: 'a',
        input: 'flow',
        state: 'stable',
        psi: undefined,
        ks: undefined,
        checkedAtMs: undefined,
        stateSinceMs: undefined,
        samples: 2,
        observed: 2,
        liveMean: 1,
        reference: COIN.summary,
      },
    ]);
  });

  void it('refuses inconsistent options', () => {
    const refused = (options: ConstructorParameters<typeof DriftMonitor>[0], message: RegExp): void =>
      assert.throws(
        () => new DriftMonitor(options, () => undefined),
        (error: unknown) => isDriftError(error, 'drift.invalid-option') && message.test(error.message),
      );
    refused({ minSamples: 600 }, /minSamples must be an integer in 1…500, got 600/);
    refused({ recoverPsi: 0.3 }, /need 0 < recoverPsi < driftPsi/);
    refused({ checkEvery: 0 }, /checkEvery must be an integer/);
    refused({ subjectsMax: -1 }, /subjectsMax must be an integer/);
  });
});
