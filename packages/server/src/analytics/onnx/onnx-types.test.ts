import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BindingProblem } from './onnx-types.js';
import { checkBindingInput } from './onnx-types.js';

const valid = {
  id: 'pump-rul',
  modelId: 'dtmi:demo:Pump;1',
  mlModel: 'pump-rul',
  version: '1.0.0',
  inputs: ['vibration', 'bearing/temperature'],
  window: 10,
  everyMs: 5_000,
  outputProperty: 'rulHours',
};

/** The fields named by the problems of a body. */
function fields(body: unknown): string[] {
  return problems(body).map((problem) => problem.field);
}

function problems(body: unknown): BindingProblem[] {
  const check = checkBindingInput(body);
  assert.equal(check.ok, false, 'expected a refusal');
  return check.ok ? [] : check.problems;
}

void describe('checkBindingInput', () => {
  void it('accepts a binding and defaults window to 1 and everyMs to 1000', () => {
    assert.deepEqual(checkBindingInput(valid), { ok: true, binding: valid });
    const { window: _w, everyMs: _e, ...bare } = valid;
    assert.deepEqual(checkBindingInput(bare), { ok: true, binding: { ...bare, window: 1, everyMs: 1_000 } });
  });

  void it('accepts shadow mode and a drift reference window', () => {
    const full = {
      ...valid,
      shadowVersion: '1.1.0',
      shadowOutputProperty: 'rulHoursShadow',
      referenceFrom: '2025-01-01T00:00:00Z',
      referenceTo: '2025-01-08T00:00:00Z',
    };
    assert.deepEqual(checkBindingInput(full), { ok: true, binding: full });
  });

  void it('refuses a body that is not an object', () => {
    for (const body of [null, [], 'binding', 3])
      assert.deepEqual(problems(body), [{ field: '', message: 'must be a binding object' }]);
  });

  void it('names every field to fix at once', () => {
    assert.deepEqual(fields({}), ['id', 'modelId', 'mlModel', 'version', 'inputs', 'outputProperty']);
  });

  void it('refuses ids, model names and versions outside [A-Za-z0-9_.-]{1,64}', () => {
    for (const bad of ['', 'has space', 'a/b', 'x'.repeat(65), 7]) {
      assert.deepEqual(fields({ ...valid, id: bad }), ['id']);
      assert.deepEqual(fields({ ...valid, mlModel: bad }), ['mlModel']);
      assert.deepEqual(fields({ ...valid, version: bad }), ['version']);
    }
    assert.deepEqual(checkBindingInput({ ...valid, id: 'a'.repeat(64) }).ok, true);
  });

  void it('refuses a modelId that is not a DTMI', () => {
    for (const bad of ['Pump', 'dtmi:demo:Pump;0', 'dtmi:1bad;1', 42])
      assert.deepEqual(problems({ ...valid, modelId: bad }), [
        { field: 'modelId', message: 'must be a DTMI, e.g. dtmi:example:Pump;1' },
      ]);
  });

  void it('refuses a shadow version that is invalid or the active one', () => {
    assert.deepEqual(fields({ ...valid, shadowVersion: 'bad version' }), ['shadowVersion']);
    assert.deepEqual(problems({ ...valid, shadowVersion: '1.0.0' }), [
      { field: 'shadowVersion', message: 'must differ from "version"' },
    ]);
  });

  void it('refuses inputs that are missing, empty, too many, repeated or not paths', () => {
    assert.deepEqual(fields({ ...valid, inputs: undefined }), ['inputs']);
    assert.deepEqual(fields({ ...valid, inputs: [] }), ['inputs']);
    assert.deepEqual(fields({ ...valid, inputs: 'vibration' }), ['inputs']);
    assert.deepEqual(fields({ ...valid, window: 1, inputs: Array.from({ length: 65 }, (_, i) => `p${i}`) }), [
      'inputs',
    ]);
    assert.deepEqual(problems({ ...valid, inputs: ['a', '', 'a', 3, ' '] }), [
      { field: 'inputs/1', message: 'must be a telemetry path (1–256 characters)' },
      { field: 'inputs/2', message: 'repeats "a"' },
      { field: 'inputs/3', message: 'must be a telemetry path (1–256 characters)' },
      { field: 'inputs/4', message: 'must be a telemetry path (1–256 characters)' },
    ]);
    assert.equal(
      checkBindingInput({ ...valid, window: 1, inputs: Array.from({ length: 64 }, (_, i) => `p${i}`) }).ok,
      true,
    );
  });

  void it('refuses a window outside 1..1024, or one too wide for the inputs', () => {
    for (const bad of [0, 1_025, 2.5, '10', null]) assert.deepEqual(fields({ ...valid, window: bad }), ['window']);
    assert.equal(checkBindingInput({ ...valid, inputs: ['a'], window: 1_024 }).ok, true);
    const wide = { ...valid, window: 1_024, inputs: Array.from({ length: 17 }, (_, i) => `p${i}`) };
    assert.deepEqual(problems(wide), [{ field: 'window', message: '× 17 inputs must be at most 16384 features' }]);
  });

  void it('refuses everyMs outside 100 ms..1 h', () => {
    for (const bad of [99, 3_600_001, 150.5, '1000']) assert.deepEqual(fields({ ...valid, everyMs: bad }), ['everyMs']);
    for (const good of [100, 3_600_000]) assert.equal(checkBindingInput({ ...valid, everyMs: good }).ok, true);
  });

  void it('refuses an output property that is missing or one of the inputs (a feedback loop)', () => {
    assert.deepEqual(fields({ ...valid, outputProperty: '' }), ['outputProperty']);
    assert.deepEqual(problems({ ...valid, outputProperty: 'vibration' }), [
      { field: 'outputProperty', message: 'must not be one of the inputs' },
    ]);
  });

  void it('refuses a shadow output property without a shadow, equal to the output, or an input', () => {
    const shadow = { ...valid, shadowVersion: '2' };
    assert.deepEqual(problems({ ...valid, shadowOutputProperty: 'rulShadow' }), [
      { field: 'shadowOutputProperty', message: 'needs "shadowVersion"' },
    ]);
    assert.deepEqual(problems({ ...shadow, shadowOutputProperty: 'rulHours' }), [
      { field: 'shadowOutputProperty', message: 'must differ from "outputProperty"' },
    ]);
    assert.deepEqual(fields({ ...shadow, shadowOutputProperty: 'vibration' }), ['shadowOutputProperty']);
    assert.deepEqual(fields({ ...shadow, shadowOutputProperty: 5 }), ['shadowOutputProperty']);
  });

  void it('refuses a reference window that is half given, not ISO 8601, or backwards', () => {
    assert.equal(
      checkBindingInput({ ...valid, referenceFrom: '1970-01-01T00:00:00Z', referenceTo: '1970-01-02T00:00:00Z' }).ok,
      true,
    );
    assert.deepEqual(fields({ ...valid, referenceFrom: '2025-01-01T00:00:00Z' }), ['referenceTo']);
    assert.deepEqual(fields({ ...valid, referenceTo: '2025-01-01T00:00:00Z' }), ['referenceFrom']);
    assert.deepEqual(fields({ ...valid, referenceFrom: 'yesterday', referenceTo: '2025-01-01T00:00:00Z' }), [
      'referenceFrom',
    ]);
    assert.deepEqual(fields({ ...valid, referenceFrom: '2025-13-45T00:00:00Z', referenceTo: '2025-01-01T00:00:00Z' }), [
      'referenceFrom',
    ]);
    assert.deepEqual(
      problems({ ...valid, referenceFrom: '2025-01-02T00:00:00Z', referenceTo: '2025-01-01T00:00:00Z' }),
      [{ field: 'referenceTo', message: 'must be after "referenceFrom"' }],
    );
  });
});
