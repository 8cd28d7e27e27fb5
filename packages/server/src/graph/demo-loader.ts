import type { Logger, TenantId } from '@doppel/core';
import { demoSite } from '@doppel/sim';
import type { Registry } from './registry.js';
import type { TwinGraph } from './twin-graph.js';

const DEMO_SETTING = 'demo.loaded';

/**
 * Loads the demo plant through the same validated paths as the API, once: on the first start of
 * an empty registry. A user who deletes demo twins does not get them back on restart.
 */
export async function loadDemoSite(
  graph: TwinGraph,
  registry: Registry,
  tenant: TenantId,
  logger: Logger,
): Promise<void> {
  if ((await registry.getSetting(tenant, DEMO_SETTING)) !== undefined) return;
  if (graph.twinCount > 0 || graph.models.size > 0) {
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
