import type { Logger } from '@doppel/core';
import type { AlertChannel, AlertRule, Severity } from '../rules/rule-types.js';
import { SEVERITIES } from '../rules/rule-types.js';
import type { Alert } from './alert.js';
import type { AlertEvent } from './alert-service.js';
import type { ChannelCounters, WebhookOptions } from './webhook-notifier.js';
import { WebhookNotifier } from './webhook-notifier.js';

/** Publishes on the platform's MQTT broker (the Broker port's publish). */
export type MqttPublish = (topic: string, payload: string, options: { qos: 0 | 1 }) => Promise<void>;

interface Sender {
  readonly channel: AlertChannel;
  readonly counters: ChannelCounters;
  send(topicSuffix: string, payload: unknown): void;
  stop(): void;
}

/** What a channel receives: the event and the alert as the API shows it. */
export interface AlertNotification {
  readonly type: `alert.${Exclude<AlertEvent, 'repeated' | 'labelled'>}`;
  readonly alert: Alert;
}

/** Worse first: critical is rank 0. */
const rank = (severity: Severity): number => SEVERITIES.indexOf(severity);

/**
 * Tells a rule's channels when its alerts are raised, acknowledged and cleared (not when a raised
 * alert fires again: that is the deduplication). A channel with `minSeverity` hears only alerts
 * that bad or worse. MQTT: QoS 1 on `<topic>/<severity>/<ruleId>/<twinId>`; webhooks: JSON POSTs
 * with retries (webhook-notifier.ts).
 */
export class AlertNotifications {
  private senders = new Map<string, Sender>();
  private rules = new Map<string, AlertRule>();

  constructor(
    private readonly publish: MqttPublish,
    private readonly webhookOptions: WebhookOptions,
    private readonly logger: Logger,
  ) {}

  configure(channels: readonly AlertChannel[], rules: readonly AlertRule[]): void {
    const next = new Map<string, Sender>();
    for (const channel of channels) {
      const existing = this.senders.get(channel.id);
      // An unchanged channel keeps its queue and counters.
      if (existing !== undefined && JSON.stringify(existing.channel) === JSON.stringify(channel))
        next.set(channel.id, existing);
      else next.set(channel.id, this.sender(channel));
    }
    for (const [id, sender] of this.senders) if (next.get(id) !== sender) sender.stop();
    this.senders = next;
    this.rules = new Map(rules.map((rule) => [rule.id, rule]));
  }

  notify(alert: Alert, event: AlertEvent): void {
    if (event === 'repeated' || event === 'labelled') return;
    const rule = this.rules.get(alert.ruleId);
    if (rule === undefined) return;
    const payload: AlertNotification = { type: `alert.${event}`, alert };
    for (const id of rule.channels) {
      const sender = this.senders.get(id);
      if (sender === undefined) continue;
      const min = sender.channel.minSeverity;
      if (min !== undefined && rank(alert.severity) > rank(min)) continue;
      sender.send(`${alert.severity}/${alert.ruleId}/${alert.twinId}`, payload);
    }
  }

  /** Per channel: delivered, retried, failed, dropped, last error (GET /api/v1/alert-channels). */
  status(): { id: string; kind: AlertChannel['kind']; counters: ChannelCounters }[] {
    return [...this.senders.values()].map((sender) => ({
      id: sender.channel.id,
      kind: sender.channel.kind,
      counters: { ...sender.counters },
    }));
  }

  stop(): void {
    for (const sender of this.senders.values()) sender.stop();
  }

  private sender(channel: AlertChannel): Sender {
    if (channel.kind === 'webhook') {
      const webhook = new WebhookNotifier(channel.url, channel.headers ?? {}, this.webhookOptions, this.logger);
      return {
        channel,
        counters: webhook.counters,
        send: (_topic, payload) => webhook.send(payload),
        stop: () => webhook.stop(),
      };
    }
    const counters: ChannelCounters = { delivered: 0, retried: 0, failed: 0, dropped: 0, lastError: null };
    return {
      channel,
      counters,
      send: (suffix, payload) => {
        this.publish(`${channel.topic}/${suffix}`, JSON.stringify(payload), { qos: 1 }).then(
          () => counters.delivered++,
          (error: unknown) => {
            counters.failed++;
            counters.lastError = (error as Error).message;
          },
        );
      },
      stop: () => undefined,
    };
  }
}
