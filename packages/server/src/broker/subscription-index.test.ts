import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SubscriptionIndex, topicMatches } from './subscription-index.js';

const matches = (filter: string, topic: string): boolean => topicMatches(filter, topic.split('/'));

void describe('SubscriptionIndex', () => {
  void it('matches MQTT filters: exact, + for one level, # for the rest (including the parent), not $ topics', () => {
    assert.equal(matches('twins/p1/commands/reboot', 'twins/p1/commands/reboot'), true);
    assert.equal(matches('twins/p1/commands/+', 'twins/p1/commands/reboot'), true);
    assert.equal(matches('twins/+/commands/+', 'twins/p1/commands/reboot'), true);
    assert.equal(matches('twins/#', 'twins/p1/commands/reboot'), true);
    assert.equal(matches('twins/p1/#', 'twins/p1'), true);
    assert.equal(matches('twins/p1/commands/+', 'twins/p1/commands/reboot/response'), false);
    assert.equal(matches('twins/p2/commands/+', 'twins/p1/commands/reboot'), false);
    assert.equal(matches('#', '$SYS/broker'), false);
    assert.equal(matches('+/broker', '$SYS/broker'), false);
  });

  void it('lists the connected subscribers of a topic, once each', () => {
    const index = new SubscriptionIndex();
    index.connected('dev-1', true);
    index.connected('gw', true);
    index.connected('other', true);
    index.subscribed('dev-1', ['twins/p1/commands/+', 'twins/p1/commands/reboot']);
    index.subscribed('gw', ['twins/+/commands/#']);
    index.subscribed('other', ['twins/p2/commands/+']);
    assert.deepEqual(index.subscribers('twins/p1/commands/reboot').sort(), ['dev-1', 'gw']);
    index.unsubscribed('dev-1', ['twins/p1/commands/+']);
    assert.deepEqual(index.subscribers('twins/p1/commands/reboot').sort(), ['dev-1', 'gw']);
    index.unsubscribed('dev-1', ['twins/p1/commands/reboot']);
    assert.deepEqual(index.subscribers('twins/p1/commands/reboot'), ['gw']);
  });

  void it('forgets a clean session at disconnect, keeps a persistent one for its reconnection', () => {
    const index = new SubscriptionIndex();
    index.connected('clean', true);
    index.connected('kept', false);
    index.subscribed('clean', ['twins/p1/commands/+']);
    index.subscribed('kept', ['twins/p1/commands/+']);
    index.disconnected('clean');
    index.disconnected('kept');
    assert.deepEqual(index.subscribers('twins/p1/commands/x'), [], 'a disconnected client takes nothing');
    index.connected('clean', true);
    index.connected('kept', false);
    assert.deepEqual(index.subscribers('twins/p1/commands/x'), ['kept'], 'the persistent session resumed');
    // Reconnecting with a clean session drops what the persistent one had.
    index.disconnected('kept');
    index.connected('kept', true);
    assert.deepEqual(index.subscribers('twins/p1/commands/x'), []);
  });
});
