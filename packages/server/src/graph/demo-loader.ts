import type { Logger, TenantId } from '@doppel/core';
import { BUILT_IN_MODELS } from '@doppel/protocol';
import { DEMO_MODEL_IDS, demoAlertRules, demoPlans, demoSite } from '@doppel/sim';
import { examplePumpPowerModel } from '../analytics/onnx/example-model.js';
import type { PlanService } from '../plans/plan-service.js';
import type { Registry } from './registry.js';
import type { TwinGraph } from './twin-graph.js';

const DEMO_SETTING = 'demo.loaded';
const DEMO_PLANS_SETTING = 'demo.plans.loaded';
const DEMO_ALERTS_SETTING = 'demo.alerts.loaded';
const DEMO_MODELS_SETTING = 'demo.models.loaded';

const BUILT_IN_MODEL_IDS: ReadonlySet<string> = new Set(BUILT_IN_MODELS.map((model) => model['@id']));

/**
 * Loads the demo plant through the same validated paths as the API, once: on the first start of
 * an empty registry (the platform's built-in interfaces, registered first, do not count: the demo
 * extends them). A user who deletes demo twins does not get them back on restart.
 */
export async function loadDemoSite(
  graph: TwinGraph,
  registry: Registry,
  tenant: TenantId,
  logger: Logger,
): Promise<void> {
  if ((await registry.getSetting(tenant, DEMO_SETTING)) !== undefined) return;
  const userModels = graph.models.list().filter((model) => !BUILT_IN_MODEL_IDS.has(model.id));
  if (graph.twinCount > 0 || userModels.length > 0) {
    await registry.setSetting(tenant, DEMO_SETTING, 'skipped: registry not empty');
    return;
  }
  const site = demoSite();
  await graph.models.add(site.models);
  for (const twin of site.twins) await graph.putTwin(twin.$dtId, twin);
  for (const rel of site.relationships) await graph.putRelationship(rel.$sourceId, rel.$relationshipId, rel);
  await registry.setSetting(tenant, DEMO_SETTING, new Date().toISOString());
  logger.info('demo site loaded', {
    models: site.models.length,
    twins: site.twins.length,
    relationships: site.relationships.length,
  });
}

/**
 * Puts the demo plant's floor plans (one per floor, @doppel/sim `demoPlans`) through the same
 * checks as the API, once per data directory, where the demo site was loaded: also on one whose
 * demo was loaded before plans existed. A plan goes in only if its floor twin exists and has no
 * plan yet, with the placements of the twins that still exist. A plan deleted later does not
 * come back on restart.
 */
export async function loadDemoPlans(
  plans: PlanService,
  graph: TwinGraph,
  registry: Registry,
  tenant: TenantId,
  logger: Logger,
): Promise<void> {
  if ((await registry.getSetting(tenant, DEMO_PLANS_SETTING)) !== undefined) return;
  const site = await registry.getSetting(tenant, DEMO_SETTING);
  if (site === undefined || site.startsWith('skipped')) return;
  const loaded: string[] = [];
  for (const { spaceId, plan } of demoPlans()) {
    if (graph.getTwin(spaceId) === undefined || (await plans.has(spaceId))) continue;
    const placements = (plan.placements ?? []).filter((placement) => graph.getTwin(placement.twinId) !== undefined);
    try {
      await plans.put(spaceId, { ...plan, placements });
      loaded.push(spaceId);
    } catch (error) {
      // A demo plan is a convenience: the platform starts without it.
      logger.warn('demo plan refused', { spaceId, error: (error as Error).message });
    }
  }
  await registry.setSetting(tenant, DEMO_PLANS_SETTING, new Date().toISOString());
  logger.info('demo plans loaded', { plans: loaded });
}

/**
 * Adds the demo plant's alert rules (@doppel/sim `demoAlertRules`), merged into the rule set, once
 * per data directory where the demo site was loaded: rules deleted later do not come back.
 */
export async function loadDemoAlertRules(
  importRuleSet: (set: unknown, mode: 'merge') => Promise<unknown>,
  registry: Registry,
  tenant: TenantId,
  logger: Logger,
): Promise<void> {
  if ((await registry.getSetting(tenant, DEMO_ALERTS_SETTING)) !== undefined) return;
  const site = await registry.getSetting(tenant, DEMO_SETTING);
  if (site === undefined || site.startsWith('skipped')) return;
  try {
    await importRuleSet(demoAlertRules(), 'merge');
    logger.info('demo alert rules loaded');
  } catch (error) {
    // A convenience, like the plans: the platform starts without them.
    logger.warn('demo alert rules refused', { error: (error as Error).message });
  }
  await registry.setSetting(tenant, DEMO_ALERTS_SETTING, new Date().toISOString());
}

/**
 * The demo's ONNX model (docs/models.md): `pump-power` version 1, a linear model of a pump's power
 * from its flow and pressure (analytics/onnx/example-model.ts), bound to every demo pump
 * (`predictedPower`, drift against the first values it sees). Once, like the rules: a user who
 * deletes it keeps it deleted.
 */
export async function loadDemoModels(
  models: {
    upload(name: string, version: string, bytes: Uint8Array): Promise<unknown>;
    put(id: string, body: unknown): Promise<unknown>;
  },
  registry: Registry,
  tenant: TenantId,
  logger: Logger,
): Promise<void> {
  if ((await registry.getSetting(tenant, DEMO_MODELS_SETTING)) !== undefined) return;
  const site = await registry.getSetting(tenant, DEMO_SETTING);
  if (site === undefined || site.startsWith('skipped')) return;
  try {
    await models.upload('pump-power', '1', examplePumpPowerModel('1') as Uint8Array);
    await models.put('pump-power', {
      modelId: DEMO_MODEL_IDS.pump,
      mlModel: 'pump-power',
      version: '1',
      inputs: ['flowRate', 'pressure'],
      outputProperty: 'predictedPower',
    });
    logger.info('demo ONNX model bound to the pumps');
  } catch (error) {
    logger.warn('demo ONNX model refused', { error: (error as Error).message });
  }
  await registry.setSetting(tenant, DEMO_MODELS_SETTING, new Date().toISOString());
}
