import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SourceSessions } from './source-sessions.js';

void describe('SourceSessions', () => {
  void it('follows an MQTT session: online, clean goodbye, unclean loss, back on data', () => {
    const sources = new SourceSessions();
    assert.equal(sources.session({ type: 'connected', clientId: 'gw' }, 1_000), false);
    assert.equal(sources.get('gw', 0)?.status, 'online');
    assert.equal(sources.session({ type: 'disconnected', clientId: 'gw', clean: true }, 2_000), false);
    assert.deepEqual([sources.get('gw', 0)?.status, sources.get('gw', 0)?.reason], ['disconnected', null]);
    sources.session({ type: 'connected', clientId: 'gw' }, 3_000);
    assert.equal(sources.session({ type: 'disconnected', clientId: 'gw', clean: false }, 4_000), true, 'went offline');
    assert.deepEqual(
      [sources.get('gw', 0)?.status, sources.get('gw', 0)?.reason, sources.get('gw', 0)?.sinceMs],
      ['offline', 'connection-lost', 4_000],
    );
    sources.seen('gw', 5_000);
    assert.deepEqual([sources.get('gw', 0)?.status, sources.get('gw', 0)?.lastSeenMs], ['online', 5_000]);
  });

  void it('takes a source offline when it announces it, once', () => {
    const sources = new SourceSessions();
    assert.equal(sources.announce('gw', false, 1_000), true);
    assert.equal(sources.announce('gw', false, 2_000), false, 'already offline');
    assert.equal(sources.get('gw', 0)?.reason, 'announced');
    assert.equal(sources.announce('gw', true, 3_000), false);
    assert.equal(sources.get('gw', 0)?.status, 'online');
  });

  void it('expires sources silent past their timeout, and only those that have one', () => {
    const sources = new SourceSessions();
    sources.seen('quiet', 0);
    sources.seen('chatty', 0);
    sources.seen('untimed', 0);
    const timeouts = new Map([
      ['quiet', 60_000],
      ['chatty', 60_000],
    ]);
    sources.seen('chatty', 50_000); // a heartbeat
    assert.deepEqual(
      sources.expire(59_999, (id) => timeouts.get(id)),
      [],
    );
    assert.deepEqual(
      sources.expire(60_000, (id) => timeouts.get(id)),
      ['quiet'],
    );
    assert.deepEqual([sources.get('quiet', 0)?.status, sources.get('quiet', 0)?.reason], ['offline', 'silent']);
    assert.deepEqual(
      sources.expire(200_000, (id) => timeouts.get(id)),
      ['chatty'],
      'quiet is offline already',
    );
    assert.equal(sources.get('untimed', 0)?.status, 'online');
    assert.deepEqual(sources.counts(), { online: 1, disconnected: 0, offline: 2 });
  });

  void it('measures availability: an hour offline weighs in, and fades over the next hours', () => {
    const hour = 3_600_000;
    const sources = new SourceSessions();
    sources.session({ type: 'connected', clientId: 'gw' }, 0);
    assert.equal(sources.availability('gw', 5 * hour), 1);
    sources.session({ type: 'disconnected', clientId: 'gw', clean: true }, 5 * hour);
    assert.equal(sources.availability('gw', 6 * hour), 1, 'a clean goodbye is not an outage');
    sources.session({ type: 'connected', clientId: 'gw' }, 6 * hour);
    sources.session({ type: 'disconnected', clientId: 'gw', clean: false }, 7 * hour);
    const during = sources.availability('gw', 8 * hour);
    assert.ok(Math.abs(during - Math.exp(-1)) < 1e-9, `after an hour offline: ${during}`);
    sources.seen('gw', 8 * hour);
    const later = sources.availability('gw', 11 * hour);
    assert.ok(later > 0.95 && later < 1, `three hours later: ${later}`);
    assert.equal(sources.get('gw', 11 * hour)?.availability, Math.round(later * 1_000) / 1_000);
    assert.equal(sources.availability('never-seen', 0), 1);
  });
});
