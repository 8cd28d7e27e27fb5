import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MlBindingView } from '@doppel/protocol';
import { toLocalInput } from '../../shared/local-time-input';
import type { BindingDraft } from './binding-draft';
import { EMPTY_DRAFT, checkDraft, draftOf } from './binding-draft';

const DRAFT: BindingDraft = {
  ...EMPTY_DRAFT,
  id: 'pump-health',
  modelId: 'dtmi:doppel:demo:Pump;1',
  mlModel: 'pump-ae',
  version: '1',
  inputs: ['flowRate', 'pressure'],
  window: '8',
  everyMs: '5000',
  outputProperty: 'anomalyScore',
};

void describe('binding drafts', () => {
  void it('makes the request of a complete draft', () => {
    assert.deepEqual(checkDraft(DRAFT), {
      ok: true,
      id: 'pump-health',
      body: {
        modelId: 'dtmi:doppel:demo:Pump;1',
        mlModel: 'pump-ae',
        version: '1',
        inputs: ['flowRate', 'pressure'],
        window: 8,
        everyMs: 5000,
        outputProperty: 'anomalyScore',
      },
    });
  });

  void it('sends the shadow and the reference window when given', () => {
    const from = toLocalInput(Date.UTC(2026, 0, 5, 10));
    const to = toLocalInput(Date.UTC(2026, 0, 6, 10));
    const check = checkDraft({
      ...DRAFT,
      shadowVersion: '2',
      shadowOutputProperty: 'shadowScore',
      referenceFrom: from,
      referenceTo: to,
    });
    assert.ok(check.ok);
    assert.equal(check.body.shadowVersion, '2');
    assert.equal(check.body.shadowOutputProperty, 'shadowScore');
    assert.equal(check.body.referenceFrom, '2026-01-05T10:00:00.000Z');
    assert.equal(check.body.referenceTo, '2026-01-06T10:00:00.000Z');
  });

  void it('says what to fix first', () => {
    const problem = (draft: BindingDraft): string | undefined => {
      const check = checkDraft(draft);
      return check.ok ? undefined : check.problem;
    };
    assert.match(problem({ ...DRAFT, id: 'a b' }) ?? '', /Name the binding/);
    assert.match(problem({ ...DRAFT, inputs: [] }) ?? '', /input/);
    assert.match(problem({ ...DRAFT, window: '0' }) ?? '', /window/);
    assert.match(problem({ ...DRAFT, everyMs: '50' }) ?? '', /100 ms/);
    assert.match(problem({ ...DRAFT, shadowVersion: '1' }) ?? '', /differ/);
    assert.match(problem({ ...DRAFT, outputProperty: 'pressure' }) ?? '', /cannot be one of the inputs/);
    assert.match(problem({ ...DRAFT, referenceFrom: toLocalInput(Date.now()) }) ?? '', /both ends/);
  });

  void it('round-trips a binding through the form', () => {
    const check = checkDraft(DRAFT);
    assert.ok(check.ok);
    const view: MlBindingView = {
      ...check.body,
      id: check.id,
      shadowVersion: null,
      status: { twins: 0, inferences: 0, batches: 0, errors: 0, dropped: 0, lastRunMs: null },
      shadow: null,
      drift: [],
    };
    assert.deepEqual(draftOf(view), DRAFT);
  });
});
