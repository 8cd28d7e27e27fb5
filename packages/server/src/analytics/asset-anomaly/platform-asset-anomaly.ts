import type { Clock, Logger } from '@doppel/core';
import type { AnomalyModelView } from '@doppel/protocol';
import { DoppelError } from '@doppel/core';
import type { AlertService } from '../alerts/alert-service.js';
import type { Alert } from '../alerts/alert.js';
import { analyticsRule } from '../alerts/analytics-rule.js';
import type { ArtifactStore } from '../artifacts/artifact-store.js';
import { fromJson, toJson } from '../isolation-forest/model-json.js';
import type { RowLabel, TimedRow } from '../isolation-forest/retrain.js';
import type { IngestEntry } from '../../ingest/ingest-types.js';
import type { SubmitInput } from '../derived-writer.js';
import { DerivedWriter } from '../derived-writer.js';
import type { AssetModelRequest } from './asset-model-input.js';
import type { AssetModelDocument } from './asset-model.js';
import { trainAssetModel } from './asset-model.js';
import { AssetScorer } from './asset-scorer.js';
import { alertOnDrift } from '../drift/drift-alerts.js';
import { DriftMonitor } from '../drift/drift-monitor.js';
import { ReferenceDistribution } from '../drift/reference-distribution.js';
import type { PropertySeries } from './training-rows.js';
import { alignRows } from './training-rows.js';

/** The alert rule of every asset model: one open alert per twin. */
export const ASSET_ANOMALY_RULE_ID = 'anomaly.forest';
/** Anomalies operators report the model missed (cleared, labelled real). */
export const ASSET_ANOMALY_MISSED_RULE_ID = 'missed.forest';

const RULE = analyticsRule(ASSET_ANOMALY_RULE_ID, 'Asset anomaly (isolation forest)', 'warning');

/** Alerts read to find labels and score the models (newest first). */
const ALERTS_READ = 10_000;
/** How far back from a labelled alert history is read to rebuild its row. */
const LABEL_LOOKBACK_MS = 3_600_000;

export interface AssetAnomalyWiring {
  readonly store: ArtifactStore;
  readonly alerts: AlertService;
  /** The twin's model, undefined for an unknown twin. */
  modelOf(twinId: string): string | undefined;
  /** Numeric telemetry paths the twin's model historizes (undefined when history is off). */
  numericHistoryPathsOf(modelId: string): readonly string[] | undefined;
  /** Samples of some paths of a twin over a range, one series per path in order. */
  readHistory(
    twinId: string,
    modelId: string,
    paths: readonly string[],
    fromMs: number,
    toMs: number,
  ): Promise<PropertySeries[]>;
  readonly submit: SubmitInput;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * Multivariate anomaly detection per asset (docs/models.md): an isolation forest trained on a
 * window of history the operator marks as normal operation, scoring the twin's live rows (a
 * consumer of applied entries, like the rules), writing the score back as derived telemetry of
 * the twin (so it is a series: history, charts, rules), raising an alert when the score crosses
 * the threshold. Operators label the alerts real or expected; retraining uses the labels.
 */
export class PlatformAssetAnomaly {
  private readonly scorers = new Map<string, AssetScorer>();
  private readonly writer: DerivedWriter;
  /** Labels given to each model's alerts since it was trained (they retrain it at `retrainAfterLabels`). */
  private readonly labelsSinceTraining = new Map<string, number>();
  private readonly retraining = new Set<string>();
  /** Inputs of each asset model against its training window (subject: the twin). */
  readonly drift: DriftMonitor;

  constructor(private readonly wiring: AssetAnomalyWiring) {
    this.writer = new DerivedWriter('anomaly', 'anomaly scores', wiring.submit, wiring.clock, wiring.logger);
    wiring.alerts.onChange((alert, event) => {
      if (event === 'labelled' && alert.ruleId === ASSET_ANOMALY_RULE_ID) this.labelArrived(alert.twinId);
    });
    this.drift = new DriftMonitor({}, alertOnDrift(wiring.alerts, wiring.clock, 'drift.asset', 'asset model'));
  }

  async start(): Promise<void> {
    const open = new Set(
      this.wiring.alerts
        .openAlerts()
        .filter((alert) => alert.ruleId === ASSET_ANOMALY_RULE_ID)
        .map((alert) => alert.twinId),
    );
    for (const artifact of await this.wiring.store.list('asset-model')) {
      const document = artifact.document as AssetModelDocument;
      const scorer = new AssetScorer(document, fromJson(document.forest));
      if (open.has(document.twinId)) scorer.markRaised();
      this.scorers.set(document.twinId, scorer);
      this.watchDrift(document);
    }
    // Labels given since each model was trained, so that a restart does not forget them.
    for (const alert of await this.wiring.alerts.list({ ruleId: ASSET_ANOMALY_RULE_ID }, ALERTS_READ)) {
      const trainedMs = this.scorers.get(alert.twinId)?.document.trainedMs;
      if (trainedMs === undefined) continue;
      const labelled = alert.log.findLast((entry) => entry.note?.startsWith('labelled ') === true);
      if (labelled !== undefined && labelled.atMs > trainedMs)
        this.labelsSinceTraining.set(alert.twinId, (this.labelsSinceTraining.get(alert.twinId) ?? 0) + 1);
    }
  }

  get modelCount(): number {
    return this.scorers.size;
  }

  /** Inputs of the twin's model now, for drift monitoring and the API. */
  scorerOf(twinId: string): AssetScorer | undefined {
    return this.scorers.get(twinId);
  }

  observe(entry: IngestEntry): void {
    if (entry.kind !== 'telemetry') return;
    const scorer = this.scorers.get(entry.twinId);
    if (scorer === undefined) return;
    for (const row of entry.rows) {
      const outcome = scorer.observe(row.ts, row.values);
      if (outcome === undefined) continue;
      void this.writer.write(entry.twinId, outcome.ts, {
        [scorer.document.outputProperty]: Math.round(outcome.score * 10_000) / 10_000,
      });
      const { properties } = scorer.document;
      for (let p = 0; p < properties.length; p++)
        this.drift.observe(entry.twinId, properties[p] as string, outcome.row[p] as number, outcome.ts);
      if (outcome.transition !== undefined) {
        this.wiring.alerts.transition({
          type: outcome.transition === 'raise' ? 'raised' : 'cleared',
          rule: RULE,
          twinId: entry.twinId,
          atMs: this.wiring.clock.nowMs(),
          sourceTimeMs: outcome.ts,
          score: outcome.score,
          reason: outcome.reason,
        });
      }
    }
  }

  /** Trains (or replaces) the twin's model on a window of its history. */
  async train(twinId: string, request: AssetModelRequest): Promise<AnomalyModelView> {
    const modelId = this.checkRequest(twinId, request);
    const window = await this.rows(twinId, modelId, request.properties, request.trainFromMs, request.trainToMs);
    const trained = trainAssetModel(window, request);
    const previous = this.scorers.get(twinId)?.document;
    const document: AssetModelDocument = {
      twinId,
      properties: request.properties,
      outputProperty: request.outputProperty,
      everyMs: request.everyMs,
      retrainAfterLabels: request.retrainAfterLabels,
      extension: request.extension,
      contamination: request.contamination,
      trainFromMs: request.trainFromMs,
      trainToMs: request.trainToMs,
      trainedMs: this.wiring.clock.nowMs(),
      version: (previous?.version ?? 0) + 1,
      trainingRows: trained.trainingRows,
      threshold: trained.threshold,
      labelsUsed: { real: 0, expected: 0 },
      forest: toJson(trained.model),
      reference: trained.reference,
    };
    await this.install(document);
    return this.view(twinId);
  }

  /** Retrains on the same window with the labels operators gave the model's alerts since. */
  async retrain(twinId: string): Promise<AnomalyModelView> {
    const scorer = this.scorerOrThrow(twinId);
    const { document } = scorer;
    const modelId = this.checkRequest(twinId, document);
    const labels = await this.labelledRows(twinId, modelId, document.properties);
    const window = await this.rows(twinId, modelId, document.properties, document.trainFromMs, document.trainToMs);
    const trained = trainAssetModel(window, document, labels, scorer.model);
    await this.install({
      ...document,
      trainedMs: this.wiring.clock.nowMs(),
      version: document.version + 1,
      trainingRows: trained.trainingRows,
      threshold: trained.threshold,
      labelsUsed: {
        real: labels.filter((label) => label.real).length,
        expected: labels.filter((label) => !label.real).length,
      },
      forest: toJson(trained.model),
      reference: trained.reference,
    });
    return this.view(twinId);
  }

  async delete(twinId: string): Promise<void> {
    this.scorerOrThrow(twinId);
    await this.wiring.store.delete('asset-model', twinId);
    this.scorers.delete(twinId);
    this.labelsSinceTraining.delete(twinId);
    this.drift.forget(twinId);
  }

  forgetTwin(twinId: string): void {
    if (!this.scorers.delete(twinId)) return;
    this.labelsSinceTraining.delete(twinId);
    this.drift.forget(twinId);
    void this.wiring.store.delete('asset-model', twinId).catch((error: unknown) => {
      this.wiring.logger.error('a deleted twin’s anomaly model could not be removed', {
        twinId,
        error: (error as Error).message,
      });
    });
  }

  async view(twinId: string): Promise<AnomalyModelView> {
    const scorer = this.scorerOrThrow(twinId);
    const [own, missed] = await Promise.all([
      this.wiring.alerts.list({ twinId, ruleId: ASSET_ANOMALY_RULE_ID }, ALERTS_READ),
      this.wiring.alerts.list({ twinId, ruleId: ASSET_ANOMALY_MISSED_RULE_ID }, ALERTS_READ),
    ]);
    return this.viewOf(scorer, own, missed.length);
  }

  /** Every model, with the alerts of all read once (not once per model). */
  async list(): Promise<AnomalyModelView[]> {
    const [own, missed] = await Promise.all([
      this.wiring.alerts.list({ ruleId: ASSET_ANOMALY_RULE_ID }, ALERTS_READ),
      this.wiring.alerts.list({ ruleId: ASSET_ANOMALY_MISSED_RULE_ID }, ALERTS_READ),
    ]);
    return [...this.scorers.keys()].sort().map((twinId) =>
      this.viewOf(
        this.scorers.get(twinId) as AssetScorer,
        own.filter((alert) => alert.twinId === twinId),
        missed.filter((alert) => alert.twinId === twinId).length,
      ),
    );
  }

  private viewOf(scorer: AssetScorer, own: readonly Alert[], missed: number): AnomalyModelView {
    const { twinId } = scorer.document;
    const real = own.filter((alert) => alert.label === 'real').length;
    const expected = own.filter((alert) => alert.label === 'expected').length;
    const { forest, reference: _reference, ...document } = scorer.document;
    return {
      ...document,
      trees: forest.nodes.treeStart.length - 1,
      lastScore: scorer.lastScore ?? null,
      lastScoredMs: scorer.lastScoredAtMs ?? null,
      alertsRaised: own.length,
      labelledReal: real,
      labelledExpected: expected,
      missed,
      precision: real + expected === 0 ? null : real / (real + expected),
      recall: real + missed === 0 ? null : real / (real + missed),
      drift: this.drift.view(twinId),
      labelsSinceTraining: this.labelsSinceTraining.get(twinId) ?? 0,
    };
  }

  /** An anomaly the model did not flag: kept as a cleared alert labelled real, for recall. */
  async reportMissed(twinId: string, atMs: number, by: string, note?: string) {
    this.scorerOrThrow(twinId);
    return this.wiring.alerts.recordMissed({
      ruleId: ASSET_ANOMALY_MISSED_RULE_ID,
      ruleName: 'Missed asset anomaly',
      twinId,
      severity: RULE.severity,
      atMs,
      by,
      note,
      missedBy: 'the asset model',
    });
  }

  private async install(document: AssetModelDocument): Promise<void> {
    await this.wiring.store.put({
      kind: 'asset-model',
      id: document.twinId,
      document,
      updatedMs: this.wiring.clock.nowMs(),
    });
    const scorer = new AssetScorer(document, fromJson(document.forest));
    if (this.wiring.alerts.openAlerts().some((a) => a.ruleId === ASSET_ANOMALY_RULE_ID && a.twinId === document.twinId))
      scorer.markRaised();
    this.scorers.set(document.twinId, scorer);
    this.labelsSinceTraining.set(document.twinId, 0);
    this.watchDrift(document);
  }

  /** A label on one of the model's alerts: enough of them since training retrain it, in the background. */
  private labelArrived(twinId: string): void {
    const scorer = this.scorers.get(twinId);
    if (scorer === undefined) return;
    const count = (this.labelsSinceTraining.get(twinId) ?? 0) + 1;
    this.labelsSinceTraining.set(twinId, count);
    const after = scorer.document.retrainAfterLabels;
    if (after === 0 || count < after || this.retraining.has(twinId)) return;
    this.retraining.add(twinId);
    this.retrain(twinId)
      .then(
        (view) =>
          this.wiring.logger.info('asset anomaly model retrained with its new labels', {
            twinId,
            version: view.version,
            labels: count,
          }),
        (error: unknown) =>
          this.wiring.logger.warn('asset anomaly model could not retrain with its new labels', {
            twinId,
            error: (error as Error).message,
          }),
      )
      .finally(() => this.retraining.delete(twinId));
  }

  /** Watching again starts the live windows over: a retrained model has a new training window. */
  private watchDrift(document: AssetModelDocument): void {
    const references = new Map<string, ReferenceDistribution>();
    for (const [input, json] of Object.entries(document.reference))
      references.set(input, ReferenceDistribution.fromJSON(json));
    if (references.size > 0) this.drift.watch(document.twinId, references);
  }

  /** The twin's model, once the properties and output are numeric telemetry it historizes. */
  private checkRequest(twinId: string, request: Pick<AssetModelRequest, 'properties' | 'outputProperty'>): string {
    const modelId = this.wiring.modelOf(twinId);
    if (modelId === undefined) throw new DoppelError('twin.not-found', `no twin ${twinId}`);
    const numeric = this.wiring.numericHistoryPathsOf(modelId);
    if (numeric === undefined)
      throw new DoppelError('history.unavailable', 'an asset model trains on history, which is turned off');
    for (const path of [...request.properties, request.outputProperty]) {
      if (!numeric.includes(path))
        throw new DoppelError(
          'anomaly.model-invalid',
          `"${path}" is not a numeric telemetry that ${modelId} keeps in history (it has: ${numeric.join(', ') || 'none'})`,
        );
    }
    return modelId;
  }

  private async rows(
    twinId: string,
    modelId: string,
    properties: readonly string[],
    fromMs: number,
    toMs: number,
  ): Promise<TimedRow[]> {
    return alignRows(await this.wiring.readHistory(twinId, modelId, properties, fromMs, toMs));
  }

  /** Each labelled alert's row: the twin's values at the time of the value that raised it. */
  private async labelledRows(twinId: string, modelId: string, properties: readonly string[]): Promise<RowLabel[]> {
    const alerts = await this.wiring.alerts.list({ twinId, ruleId: ASSET_ANOMALY_RULE_ID }, ALERTS_READ);
    const labels: RowLabel[] = [];
    for (const alert of alerts) {
      if (alert.label === undefined) continue;
      const atMs = alert.sourceTimeMs ?? alert.raisedMs;
      const rows = await this.rows(twinId, modelId, properties, atMs - LABEL_LOOKBACK_MS, atMs + 1);
      const row = rows[rows.length - 1];
      if (row !== undefined) labels.push({ ...row, real: alert.label === 'real' });
    }
    return labels;
  }

  private scorerOrThrow(twinId: string): AssetScorer {
    const scorer = this.scorers.get(twinId);
    if (scorer === undefined)
      throw new DoppelError('anomaly.model-not-found', `twin ${twinId} has no anomaly model; train one with PUT`);
    return scorer;
  }
}
