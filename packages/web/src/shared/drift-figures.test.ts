import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { driftFigures } from './drift-figures';

const reference = { count: 900, mean: 50.04, p5: 48.2, p95: 51.8 };

void describe('driftFigures', () => {
  void it('words a checked input', () => {
    assert.equal(
      driftFigures({
        input: 'flowRate',
        state: 'drifted',
        psi: 0.412,
        ks: 0.3,
        samples: 1200,
        liveMean: 55.2,
        reference,
      }),
      'PSI 0.41 · KS 0.30 · mean 55.20 (reference 50.04) · 1,200 samples',
    );
  });

  void it('says when an input is not checked yet (JSON has no NaN: psi comes as null or not at all)', () => {
    assert.equal(
      driftFigures({ input: 'power', state: 'stable', psi: null, samples: 24 }),
      'not checked yet · 24 samples',
    );
  });
});
