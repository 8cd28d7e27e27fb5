import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retentionProblems } from './retention-problems.js';

const GLOBAL = { rawMs: 86_400_000, oneMinuteMs: null, fifteenMinutesMs: null };

void describe('retentionProblems', () => {
  void it('accepts global tiers with model and path overrides, versioned or not', () => {
    assert.deepEqual(
      retentionProblems({
        ...GLOBAL,
        models: {
          'dtmi:acme:Pump': { rawMs: 0, paths: { flow: { rawMs: null }, 'motor/temp': { oneMinuteMs: 60_000 } } },
          'dtmi:acme:Pump;2': { fifteenMinutesMs: 31_536_000_000 },
          'dtmi:acme:Valve;1': {},
        },
      }),
      [],
    );
  });

  void it('needs every global tier as whole milliseconds ≥ 0 or null', () => {
    assert.deepEqual(retentionProblems({ rawMs: '24h', oneMinuteMs: -1, fifteenMinutesMs: 1.5 }), [
      'historyRetention.rawMs must be a whole number of milliseconds ≥ 0, or null (forever); got "24h"',
      'historyRetention.oneMinuteMs must be a whole number of milliseconds ≥ 0, or null (forever); got -1',
      'historyRetention.fifteenMinutesMs must be a whole number of milliseconds ≥ 0, or null (forever); got 1.5',
    ]);
    assert.deepEqual(retentionProblems({ rawMs: 1, oneMinuteMs: 1 }), [
      'historyRetention.fifteenMinutesMs must be a whole number of milliseconds ≥ 0, or null (forever); got undefined',
    ]);
    assert.deepEqual(retentionProblems('forever'), ['historyRetention must be an object']);
  });

  void it('names unknown settings and where they are', () => {
    assert.deepEqual(retentionProblems({ ...GLOBAL, raw: 1, models: { 'dtmi:a:B;1': { rawDays: 7 } } }), [
      'historyRetention.raw is not a setting; use rawMs, oneMinuteMs, fifteenMinutesMs, models',
      'historyRetention.models["dtmi:a:B;1"].rawDays is not a setting; use rawMs, oneMinuteMs, fifteenMinutesMs, paths',
    ]);
  });

  void it('refuses model keys that are not model ids and paths that are not twin paths', () => {
    assert.deepEqual(
      retentionProblems({
        ...GLOBAL,
        models: {
          Pump: { rawMs: 1 },
          'dtmi:a:B;1': { paths: { 'motor.temp': { rawMs: 1 }, 'a/b/c': {}, flow: { rawMs: -5, keep: 1 } } },
          'dtmi:a:C;1': { paths: ['flow'] },
          'dtmi:a:D;1': 7,
        },
      }),
      [
        'historyRetention.models["Pump"]: not a model id; use "dtmi:…;1" (that version) or "dtmi:…" without version (every version)',
        'historyRetention.models["dtmi:a:B;1"].paths["motor.temp"]: not a twin path; use "name" or "component/name" (DTDL names)',
        'historyRetention.models["dtmi:a:B;1"].paths["a/b/c"]: not a twin path; use "name" or "component/name" (DTDL names)',
        'historyRetention.models["dtmi:a:B;1"].paths["flow"].keep is not a setting; use rawMs, oneMinuteMs, fifteenMinutesMs',
        'historyRetention.models["dtmi:a:B;1"].paths["flow"].rawMs must be a whole number of milliseconds ≥ 0, or null (forever); got -5',
        'historyRetention.models["dtmi:a:C;1"].paths must be an object of paths ("name" or "component/name")',
        'historyRetention.models["dtmi:a:D;1"] must be an object such as { "rawMs": 3600000 }',
      ],
    );
    assert.deepEqual(retentionProblems({ ...GLOBAL, models: [] }), [
      'historyRetention.models must be an object keyed by model id',
    ]);
  });
});
