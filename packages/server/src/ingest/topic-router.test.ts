import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TopicRouter } from './topic-router.js';

void describe('TopicRouter', () => {
  void it('routes the default telemetry and reported-property topics', () => {
    const router = new TopicRouter();
    assert.deepEqual(router.route('twins/pump-1/telemetry'), { kind: 'telemetry', twinId: 'pump-1' });
    assert.deepEqual(router.route('twins/pump-1/properties/reported'), { kind: 'reported', twinId: 'pump-1' });
  });

  void it('marks an ingest topic with an invalid twin id as invalid', () => {
    const router = new TopicRouter();
    const routed = router.route('twins/bad id/telemetry');
    assert.equal(routed.kind, 'invalid');
    const empty = router.route('twins//telemetry');
    assert.equal(empty.kind, 'invalid');
  });

  void it('passes other topics through as other', () => {
    const router = new TopicRouter();
    for (const topic of [
      'twins/pump-1/commands/start',
      'twins/pump-1/properties/desired',
      'twins/pump-1/telemetry/extra',
      'sensors/pump-1/telemetry',
      'twins',
      '',
    ]) {
      assert.deepEqual(router.route(topic), { kind: 'other' }, topic);
    }
  });

  void it('routes a DTDL Mqtt telemetryTopic pattern with {senderId} to the twin and model', () => {
    const router = new TopicRouter();
    router.setPatterns([{ modelId: 'dtmi:test:Vehicle;1', telemetryTopic: 'vehicles/{senderId}/{region}/telemetry' }]);
    assert.deepEqual(router.warnings, []);
    assert.deepEqual(router.route('vehicles/truck-7/eu/telemetry'), {
      kind: 'telemetry',
      twinId: 'truck-7',
      model: 'dtmi:test:Vehicle;1',
    });
    assert.deepEqual(router.route('vehicles/truck-7/telemetry'), { kind: 'other' });
    assert.deepEqual(router.route('vehicles/truck-7/eu/telemetry/more'), { kind: 'other' });
  });

  void it('takes the twin from a later token position and treats pattern text literally', () => {
    const router = new TopicRouter();
    router.setPatterns([{ modelId: 'dtmi:test:Meter;1', telemetryTopic: 'site.a/{site}/{twinId}' }]);
    assert.deepEqual(router.route('site.a/north/meter-9'), {
      kind: 'telemetry',
      twinId: 'meter-9',
      model: 'dtmi:test:Meter;1',
    });
    // "." is literal, not a regex wildcard.
    assert.deepEqual(router.route('siteXa/north/meter-9'), { kind: 'other' });
  });

  void it('keeps the default convention ahead of patterns', () => {
    const router = new TopicRouter();
    router.setPatterns([{ modelId: 'dtmi:test:Any;1', telemetryTopic: '{a}/{senderId}/{b}' }]);
    assert.deepEqual(router.route('twins/pump-1/telemetry'), { kind: 'telemetry', twinId: 'pump-1' });
  });

  void it('marks a pattern match with an invalid twin id as invalid', () => {
    const router = new TopicRouter();
    router.setPatterns([{ modelId: 'dtmi:test:Vehicle;1', telemetryTopic: 'vehicles/{senderId}' }]);
    assert.equal(router.route('vehicles/-bad').kind, 'invalid');
  });

  void it('ignores a pattern without a twin token, with a warning', () => {
    const router = new TopicRouter();
    router.setPatterns([
      { modelId: 'dtmi:test:Vehicle;1', telemetryTopic: 'vehicles/{region}/telemetry' },
      { modelId: 'dtmi:test:Meter;1', telemetryTopic: 'meters/{senderId}' },
    ]);
    assert.equal(router.warnings.length, 1);
    assert.match(router.warnings[0] ?? '', /dtmi:test:Vehicle;1.*no \{senderId\} token/);
    assert.deepEqual(router.route('vehicles/eu/telemetry'), { kind: 'other' });
    assert.equal(router.route('meters/m-1').kind, 'telemetry');
  });

  void it('replaces patterns and warnings on each setPatterns', () => {
    const router = new TopicRouter();
    router.setPatterns([{ modelId: 'dtmi:test:Vehicle;1', telemetryTopic: 'vehicles/{region}' }]);
    router.setPatterns([{ modelId: 'dtmi:test:Meter;1', telemetryTopic: 'meters/{senderId}' }]);
    assert.deepEqual(router.warnings, []);
    router.setPatterns([]);
    assert.deepEqual(router.route('meters/m-1'), { kind: 'other' });
  });
});
