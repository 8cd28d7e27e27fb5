import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS } from '@doppel/core';
import { DEFAULT_CONFIG, configFromEnv, resolveConfig } from './platform-config.js';

void describe('resolveConfig', () => {
  void it('returns the defaults with no layers, limits included', () => {
    const config = resolveConfig();
    assert.deepEqual(config, DEFAULT_CONFIG);
    assert.deepEqual(config.limits, { ...DEFAULT_LIMITS });
  });

  void it('layers in order: later layers win, undefined values do not override', () => {
    const config = resolveConfig(
      { httpPort: 9000, host: '0.0.0.0', limits: { payloadBytesMax: 10, pageSizeMax: 50 } },
      { httpPort: 9001, host: undefined, limits: { payloadBytesMax: 20 } },
      { mqttPort: 0 },
    );
    assert.equal(config.httpPort, 9001);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.mqttPort, 0);
    assert.equal(config.limits.payloadBytesMax, 20);
    assert.equal(config.limits.pageSizeMax, 50);
    assert.equal(config.limits.deadLettersMax, DEFAULT_LIMITS.deadLettersMax);
  });

  void it('does not change the defaults object', () => {
    resolveConfig({ limits: { payloadBytesMax: 1 } });
    assert.equal(DEFAULT_CONFIG.limits.payloadBytesMax, DEFAULT_LIMITS.payloadBytesMax);
  });

  void it('refuses invalid ports, fsync, log level and limits, listing every problem', () => {
    assert.throws(() => resolveConfig({ httpPort: 70_000 }), /httpPort must be an integer from 0 to 65535, got 70000/);
    assert.throws(() => resolveConfig({ mqttPort: 1.5 }), /mqttPort must be an integer/);
    assert.throws(() => resolveConfig({ httpPort: Number.NaN }), /httpPort/);
    assert.throws(
      () => resolveConfig({ fsync: 'sometimes' as 'always' }),
      /fsync must be always, interval or never, got sometimes/,
    );
    assert.throws(() => resolveConfig({ logLevel: 'loud' as 'info' }), /logLevel must be/);
    assert.throws(
      () => resolveConfig({ limits: { payloadBytesMax: -1 } }),
      /limits.payloadBytesMax must be a non-negative number/,
    );
    assert.throws(() => resolveConfig({ limits: { pageSizeMax: Number.POSITIVE_INFINITY } }), /limits.pageSizeMax/);
    assert.throws(
      () => resolveConfig({ httpPort: -1, fsync: 'x' as 'always' }),
      (error: unknown) => error instanceof Error && /^invalid configuration: httpPort.*; fsync/.test(error.message),
    );
  });
});

void describe('resolveConfig historyRetention', () => {
  void it('layers tier by tier: a file that sets only models keeps the default tiers', () => {
    const models = { 'dtmi:acme:Pump': { rawMs: 604_800_000, paths: { flow: { oneMinuteMs: null } } } };
    const config = resolveConfig({ historyRetention: { models } }, { historyRetention: { rawMs: 3_600_000 } });
    assert.deepEqual(config.historyRetention, {
      rawMs: 3_600_000,
      oneMinuteMs: DEFAULT_CONFIG.historyRetention.oneMinuteMs,
      fifteenMinutesMs: null,
      models,
    });
  });

  void it('refuses a bad retention setting at load, with its location', () => {
    assert.throws(
      () =>
        resolveConfig({
          historyRetention: { models: { 'dtmi:acme:Pump;1': { paths: { flow: { rawMs: '7d' } } } } },
        } as never),
      /invalid configuration: historyRetention\.models\["dtmi:acme:Pump;1"\]\.paths\["flow"\]\.rawMs must be a whole number of milliseconds/,
    );
    assert.throws(() => resolveConfig({ historyRetention: 'forever' } as never), /historyRetention must be an object/);
  });
});

void describe('configFromEnv', () => {
  void it('reads every DOPPEL_* variable into its field', () => {
    assert.deepEqual(
      configFromEnv({
        DOPPEL_DATA: '/var/lib/doppel',
        DOPPEL_HOST: '0.0.0.0',
        DOPPEL_HTTP_PORT: '8081',
        DOPPEL_MQTT_PORT: '1884',
        DOPPEL_DEMO: 'false',
        DOPPEL_SIM: '1',
        DOPPEL_FSYNC: 'interval',
        DOPPEL_LOG_LEVEL: 'debug',
        PATH: '/usr/bin',
      }),
      {
        dataDir: '/var/lib/doppel',
        host: '0.0.0.0',
        httpPort: 8081,
        mqttPort: 1884,
        demo: false,
        simulator: true,
        fsync: 'interval',
        logLevel: 'debug',
      },
    );
  });

  void it('reads booleans: 0, false, no, off (any case) are false, anything else true', () => {
    for (const raw of ['0', 'false', 'NO', 'Off']) assert.equal(configFromEnv({ DOPPEL_DEMO: raw }).demo, false, raw);
    for (const raw of ['1', 'true', 'yes', 'on']) assert.equal(configFromEnv({ DOPPEL_DEMO: raw }).demo, true, raw);
  });

  void it('skips unset and empty variables', () => {
    assert.deepEqual(configFromEnv({ DOPPEL_HTTP_PORT: '', DOPPEL_HOST: undefined }), {});
  });

  void it('leaves validation to resolveConfig: a non-numeric port is refused there', () => {
    const env = configFromEnv({ DOPPEL_HTTP_PORT: 'eighty' });
    assert.throws(() => resolveConfig(env), /httpPort must be an integer/);
  });

  void it('sits between the file and the flags when layered', () => {
    const config = resolveConfig(
      { httpPort: 1, mqttPort: 2 },
      configFromEnv({ DOPPEL_HTTP_PORT: '3', DOPPEL_MQTT_PORT: '4' }),
      { mqttPort: 5 },
    );
    assert.deepEqual([config.httpPort, config.mqttPort], [3, 5]);
  });
});
