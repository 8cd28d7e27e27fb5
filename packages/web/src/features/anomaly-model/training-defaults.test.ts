import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContentInfo } from '../../models/model-info';
import { numericTelemetry, trainingDefaults } from './training-defaults';

const telemetry = (name: string, schema = 'double'): ContentInfo => ({
  name,
  kind: 'telemetry',
  displayName: name,
  unit: undefined,
  schema,
});

void describe('trainingDefaults', () => {
  const numeric = numericTelemetry([
    telemetry('flowRate'),
    telemetry('pressure'),
    telemetry('status', 'string'),
    telemetry('anomalyScore'),
    telemetry('power'),
    { ...telemetry('ratedPower'), kind: 'property' },
  ]);

  void it('keeps numeric telemetry only', () => {
    assert.deepEqual(
      numeric.map((content) => content.name),
      ['flowRate', 'pressure', 'anomalyScore', 'power'],
    );
  });

  void it('writes to anomalyScore and ticks the reported inputs', () => {
    assert.deepEqual(trainingDefaults(numeric, new Set(['flowRate', 'power', 'anomalyScore'])), {
      output: 'anomalyScore',
      inputs: ['flowRate', 'power'],
    });
  });

  void it('picks no output when the model declares nothing like a score', () => {
    const plain = numericTelemetry([telemetry('temperature')]);
    assert.deepEqual(trainingDefaults(plain, new Set(['temperature'])), { output: '', inputs: ['temperature'] });
  });
});
