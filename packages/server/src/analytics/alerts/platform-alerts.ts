import type { Clock, Logger } from '@doppel/core';
import { DoppelError } from '@doppel/core';
import type { IngestEntry } from '../../ingest/ingest-types.js';
import type { RuleEngineSource } from '../rules/rule-engine.js';
import { RuleEngine } from '../rules/rule-engine.js';
import { parseChannel, parseRule, parseRuleSet } from '../rules/rule-input.js';
import type { AlertChannel, AlertRule, AlertRuleSet } from '../rules/rule-types.js';
import type { AlertStore } from './alert.js';
import type { MqttPublish } from './alert-notifications.js';
import { AlertNotifications } from './alert-notifications.js';
import { AlertService } from './alert-service.js';
import type { WebhookOptions } from './webhook-notifier.js';

/** How often time-driven conditions (held for `forMs`, no data for …) are looked at. */
const TICK_MS = 250;

export interface PlatformAlertsDeps {
  readonly store: AlertStore;
  readonly source: RuleEngineSource;
  readonly publish: MqttPublish;
  readonly webhook: WebhookOptions;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * Rules and alerts wired together (docs/alerts.md): the rule set (stored, edited one rule or
 * channel at a time, or imported and exported whole as a file), the engine fed by ingest's
 * durable entries, the alerts' lifecycle and the notification channels.
 */
export class PlatformAlerts {
  readonly service: AlertService;
  readonly engine: RuleEngine;
  readonly notifications: AlertNotifications;
  private ruleSet: AlertRuleSet = { version: 1, channels: [], rules: [] };
  private timer: NodeJS.Timeout | undefined;
  /** Rule set changes one at a time (each is read, changed, stored, applied). */
  private changes: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: PlatformAlertsDeps) {
    this.service = new AlertService(deps.store, deps.clock, deps.logger);
    this.notifications = new AlertNotifications(deps.publish, deps.webhook, deps.logger);
    this.engine = new RuleEngine(deps.source, deps.clock, (transition) => this.service.transition(transition));
    this.service.onChange((alert, event) => this.notifications.notify(alert, event));
  }

  /** Loads the rule set and the open alerts, evaluates every rule once, starts the clock. */
  async start(): Promise<void> {
    this.ruleSet = (await this.deps.store.loadRuleSet()) ?? this.ruleSet;
    const open = await this.service.start();
    this.engine.seedRaised(open);
    this.apply([]);
    this.timer = setInterval(() => this.engine.tick(), TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.notifications.stop();
  }

  observe(entry: IngestEntry): void {
    if (this.engine.ruleCount > 0) this.engine.observe(entry);
  }

  rules(): AlertRuleSet {
    return this.ruleSet;
  }

  rule(id: string): AlertRule {
    const rule = this.ruleSet.rules.find((candidate) => candidate.id === id);
    if (rule === undefined) throw new DoppelError('alert.rule-not-found', `no alert rule ${id}`);
    return rule;
  }

  /** Creates or replaces a rule (by its id). */
  async putRule(input: unknown): Promise<AlertRule> {
    const rule = parseRule(input);
    await this.change((set) => {
      this.checkChannels(rule, set.channels);
      return { ...set, rules: [...set.rules.filter((other) => other.id !== rule.id), rule] };
    });
    return rule;
  }

  async deleteRule(id: string): Promise<void> {
    await this.change((set) => {
      if (!set.rules.some((rule) => rule.id === id))
        throw new DoppelError('alert.rule-not-found', `no alert rule ${id}`);
      return { ...set, rules: set.rules.filter((rule) => rule.id !== id) };
    });
  }

  async putChannel(input: unknown): Promise<AlertChannel> {
    const channel = parseChannel(input);
    await this.change((set) => ({
      ...set,
      channels: [...set.channels.filter((other) => other.id !== channel.id), channel],
    }));
    return channel;
  }

  async deleteChannel(id: string): Promise<void> {
    await this.change((set) => {
      const users = set.rules.filter((rule) => rule.channels.includes(id)).map((rule) => rule.id);
      if (users.length > 0)
        throw new DoppelError(
          'alert.channel-invalid',
          `channel ${id} is used by the rules ${users.join(', ')}: change them first`,
        );
      return { ...set, channels: set.channels.filter((channel) => channel.id !== id) };
    });
  }

  /** A whole rule set, as exported: `replace` drops what it does not hold, `merge` keeps it. */
  async importRuleSet(input: unknown, mode: 'replace' | 'merge'): Promise<AlertRuleSet> {
    const incoming = parseRuleSet(input);
    return this.change((set) => {
      if (mode === 'replace') return incoming;
      const byId = <T extends { id: string }>(old: readonly T[], added: readonly T[]): T[] => [
        ...old.filter((item) => !added.some((other) => other.id === item.id)),
        ...added,
      ];
      const merged: AlertRuleSet = {
        version: 1,
        channels: byId(set.channels, incoming.channels),
        rules: byId(set.rules, incoming.rules),
      };
      for (const rule of merged.rules) this.checkChannels(rule, merged.channels);
      return merged;
    });
  }

  private checkChannels(rule: AlertRule, channels: readonly AlertChannel[]): void {
    const unknown = rule.channels.filter((id) => !channels.some((channel) => channel.id === id));
    if (unknown.length > 0)
      throw new DoppelError(
        'alert.rule-invalid',
        `/channels names unknown channel ${unknown.join(', ')}: create it first`,
      );
  }

  private change(edit: (set: AlertRuleSet) => AlertRuleSet): Promise<AlertRuleSet> {
    const next = this.changes.then(async () => {
      const updated = edit(this.ruleSet);
      await this.deps.store.saveRuleSet(updated);
      const previous = this.ruleSet.rules;
      this.ruleSet = updated;
      this.apply(previous);
      return updated;
    });
    this.changes = next.catch(() => undefined);
    return next;
  }

  /**
   * The engine and the channels follow the rule set; alerts of its rules that are gone (since
   * `previous`) or disabled clear. Alerts of rules the set never held stay: detectors, asset
   * models, drift and reported misses raise them and clear them themselves.
   */
  private apply(previous: readonly AlertRule[]): void {
    this.notifications.configure(this.ruleSet.channels, this.ruleSet.rules);
    this.engine.setRules(this.ruleSet.rules);
    const before = new Set(previous.map((rule) => rule.id));
    for (const alert of this.service.openAlerts()) {
      if (this.engine.isRaised(alert.ruleId, alert.twinId)) continue;
      const rule = this.ruleSet.rules.find((candidate) => candidate.id === alert.ruleId);
      if (rule === undefined && !before.has(alert.ruleId)) continue;
      this.service.transition({
        type: 'cleared',
        rule: rule ?? {
          id: alert.ruleId,
          name: alert.ruleName,
          severity: alert.severity,
          enabled: false,
          condition: { any: [] },
          forMs: 0,
          channels: [],
        },
        twinId: alert.twinId,
        atMs: this.deps.clock.nowMs(),
        reason:
          rule === undefined
            ? 'the rule was removed'
            : rule.enabled
              ? 'the condition no longer holds'
              : 'the rule was disabled',
      });
    }
  }
}
