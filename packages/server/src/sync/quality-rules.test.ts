import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QualityJudge, qualityRuleProblems } from './quality-rules.js';

const MODELS: Record<string, string[]> = {
  'pump-1': ['dtmi:t:Pump;1', 'dtmi:t:Equipment;1'],
  'pump-2': ['dtmi:t:Pump;1'],
};
const modelsOf = (twinId: string): string[] => MODELS[twinId] ?? [];

void describe('QualityJudge', () => {
  void it('marks a value outside its physical range bad, and the next one inside good again', () => {
    const judge = new QualityJudge([{ model: 'dtmi:t:Pump;1', path: 'pressure', min: 0, max: 16 }], modelsOf);
    assert.deepEqual(judge.judge('pump-1', 'pressure', 3, 1_000), { quality: 'good', reason: null });
    assert.deepEqual(judge.judge('pump-1', 'pressure', 250, 2_000), { quality: 'bad', reason: 'out-of-range' });
    assert.deepEqual(judge.qualityOf('pump-1', 'pressure'), { quality: 'bad', reason: 'out-of-range' });
    assert.deepEqual(judge.judge('pump-1', 'pressure', -1, 3_000).quality, 'bad');
    assert.deepEqual(judge.judge('pump-1', 'pressure', 4, 4_000).quality, 'good');
  });

  void it('marks an implausible rate of change uncertain, per second of source time', () => {
    const judge = new QualityJudge([{ path: 'temperature', maxRatePerS: 0.5 }], modelsOf);
    judge.judge('pump-1', 'temperature', 20, 0);
    assert.equal(judge.judge('pump-1', 'temperature', 20.4, 1_000).quality, 'good');
    assert.deepEqual(judge.judge('pump-1', 'temperature', 30, 2_000), {
      quality: 'uncertain',
      reason: 'rate-of-change',
    });
    // Slow enough over a longer interval.
    assert.equal(judge.judge('pump-1', 'temperature', 34, 12_000).quality, 'good');
  });

  void it('marks a value that stays exactly the same for stuckAfterMs uncertain, until it moves', () => {
    const judge = new QualityJudge([{ path: 'flow', stuckAfterMs: 60_000 }], modelsOf);
    for (let t = 0; t < 60_000; t += 10_000)
      assert.equal(judge.judge('pump-1', 'flow', 5, t).quality, 'good', `at ${t}`);
    assert.deepEqual(judge.judge('pump-1', 'flow', 5, 60_000), { quality: 'uncertain', reason: 'stuck' });
    assert.equal(judge.judge('pump-1', 'flow', 5.1, 70_000).quality, 'good');
    assert.equal(judge.judge('pump-1', 'flow', 5.1, 80_000).quality, 'good', 'the clock restarted when it moved');
  });

  void it('applies the most specific rule (twin over model), and calls a value no rule covers good', () => {
    const judge = new QualityJudge(
      [
        { model: 'dtmi:t:Equipment;1', path: 'pressure', max: 10 },
        { twin: 'pump-1', path: 'pressure', max: 100 },
      ],
      modelsOf,
    );
    assert.equal(judge.judge('pump-1', 'pressure', 50, 0).quality, 'good', 'the twin rule allows 50');
    assert.equal(judge.judge('pump-2', 'pressure', 50, 0).quality, 'good', 'pump-2 is no Equipment: no rule');
    assert.equal(judge.judge('pump-1', 'other', 1e9, 0).quality, 'good');
    assert.deepEqual(judge.qualityOf('nobody', 'x'), { quality: 'good', reason: null });
  });

  void it('gives the worse of the reported and the inferred quality, reason reported when that is the worse or as bad', () => {
    const judge = new QualityJudge(
      [
        { path: 'pressure', min: 0, max: 16 },
        { path: 'flow', maxRatePerS: 1 },
      ],
      modelsOf,
    );
    judge.judge('pump-1', 'pressure', 250, 1_000); // bad, out-of-range
    judge.judge('pump-1', 'flow', 0, 0);
    judge.judge('pump-1', 'flow', 100, 1_000); // uncertain, rate-of-change
    judge.judge('pump-1', 'temperature', 20, 1_000); // no rule: good
    const cases: [string, 'uncertain' | 'bad' | undefined, string, string | null][] = [
      ['temperature', undefined, 'good', null],
      ['temperature', 'uncertain', 'uncertain', 'reported'],
      ['temperature', 'bad', 'bad', 'reported'],
      ['flow', undefined, 'uncertain', 'rate-of-change'],
      ['flow', 'uncertain', 'uncertain', 'reported'],
      ['flow', 'bad', 'bad', 'reported'],
      ['pressure', undefined, 'bad', 'out-of-range'],
      ['pressure', 'uncertain', 'bad', 'out-of-range'],
      ['pressure', 'bad', 'bad', 'reported'],
    ];
    for (const [path, reported, quality, reason] of cases) {
      assert.deepEqual(judge.qualityOf('pump-1', path, reported), { quality, reason }, `${path}, reported ${reported}`);
    }
    // Without any rule, or for a series never judged, the reported quality is the quality.
    const none = new QualityJudge([], modelsOf);
    assert.deepEqual(none.qualityOf('pump-1', 'x', 'uncertain'), { quality: 'uncertain', reason: 'reported' });
    assert.deepEqual(none.qualityOf('nobody', 'x', 'bad'), { quality: 'bad', reason: 'reported' });
    assert.deepEqual(none.qualityOf('nobody', 'x'), { quality: 'good', reason: null });
  });

  void it('checks the configuration of rules', () => {
    assert.deepEqual(qualityRuleProblems([{ path: 'p', min: 0, max: 1 }]), []);
    assert.deepEqual(qualityRuleProblems({}), ['quality.rules must be an array of rules']);
    const problems = qualityRuleProblems([
      { path: 'p' },
      { min: 1 },
      { path: 'p', min: 2, max: 1 },
      { path: 'p', max: 'x' },
    ]);
    assert.equal(problems.length, 4, problems.join('\n'));
  });
});
