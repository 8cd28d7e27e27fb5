import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WAVEFORM_SAMPLE_COUNT_MAX } from '@doppel/protocol';
import { BEARING_SIM_DEFAULTS } from './bearing-waveform.js';
import { BEARING_WEAR_DEFAULTS, BearingWear } from './bearing-wear.js';

const START_MS = Date.UTC(2025, 5, 4, 8, 0, 0);
const MINUTE_MS = 60_000;
const { lifeMs, failedForMs } = BEARING_WEAR_DEFAULTS;

const rms = (samples: readonly number[]): number =>
  Math.sqrt(samples.reduce((sum, value) => sum + value * value, 0) / samples.length);

void describe('BearingWear', () => {
  void it('sends a modest snapshot the platform accepts, once per simulated minute, whatever the call rate', () => {
    const bearing = new BearingWear(false, 1);
    const first = bearing.waveformAt(START_MS);
    assert.ok(first !== undefined);
    assert.equal(first.sampleRateHz, 12_800);
    assert.ok(first.sampleRateHz > 2 * BEARING_SIM_DEFAULTS.resonanceHz, 'the resonance is not aliased');
    assert.equal(first.samples.length, 2_048);
    assert.ok(first.samples.length <= WAVEFORM_SAMPLE_COUNT_MAX);
    assert.ok(JSON.stringify(first).length < 20_000, `${JSON.stringify(first).length} bytes`);
    assert.ok(
      first.samples.every(
        (value) => Number.isFinite(value) && Math.abs(value * 1000 - Math.round(value * 1000)) < 1e-6,
      ),
    );
    // Every second for five minutes: five more snapshots, one per minute.
    const sent = [];
    for (let s = 1; s <= 300; s++) if (bearing.waveformAt(START_MS + s * 1000) !== undefined) sent.push(s);
    assert.deepEqual(sent, [60, 120, 180, 240, 300]);
    // Called every 10 minutes (a fast simulation): one per call, none held back.
    const slow = new BearingWear(false, 1);
    for (let k = 0; k < 5; k++) assert.ok(slow.waveformAt(START_MS + k * 10 * MINUTE_MS) !== undefined);
  });

  void it('keeps a healthy bearing new', () => {
    const bearing = new BearingWear(false, 1);
    for (let k = 0; k <= 300; k++) assert.equal(bearing.severityAt(START_MS + k * MINUTE_MS), 0);
  });

  void it('wears a degrading bearing out over its life, runs it failed, then replaces it', () => {
    const bearing = new BearingWear(true, 1);
    const severityAt = (sinceStartMs: number): number => bearing.severityAt(START_MS + sinceStartMs);
    assert.equal(severityAt(0), 0);
    assert.equal(severityAt(0.3 * lifeMs), 0, 'healthy until the onset');
    const lives = [0.4, 0.6, 0.8, 0.9, 1].map((life) => severityAt(life * lifeMs));
    for (let i = 1; i < lives.length; i++) assert.ok((lives[i] ?? 0) > (lives[i - 1] ?? 0), lives.join(', '));
    assert.equal(severityAt(lifeMs + failedForMs - 1), 1, 'failed until replaced');
    assert.equal(severityAt(lifeMs + failedForMs), 0, 'a new bearing');
    assert.equal(severityAt(lifeMs + failedForMs + 0.9 * lifeMs), lives[3], 'the next life is the same');
  });

  void it('shows the wear in its waveforms, and replays them for a seed', () => {
    const waveforms = (seed: number): number[] => {
      const bearing = new BearingWear(true, seed, { lifeMs: 100 * MINUTE_MS, failedForMs: 0 });
      return Array.from({ length: 101 }, (_, k) => rms(bearing.waveformAt(START_MS + k * MINUTE_MS)?.samples ?? []));
    };
    const levels = waveforms(1);
    assert.deepEqual(waveforms(1), levels);
    assert.notDeepEqual(waveforms(2), levels);
    assert.ok((levels[99] ?? 0) > 3 * (levels[0] ?? Infinity), `RMS ${levels[0]} → ${levels[99]}`);
    assert.ok((levels[100] ?? Infinity) < 1.5 * (levels[0] ?? 0), 'replaced: back to the healthy level');
  });

  void it('refuses a life that cannot be lived', () => {
    assert.throws(() => new BearingWear(true, 1, { lifeMs: 0 }), /lifeMs/);
    assert.throws(() => new BearingWear(true, 1, { sampleDecimals: 2.5 }), /sampleDecimals/);
  });
});
