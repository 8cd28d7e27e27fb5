/** The load generator processes of one run, configured for a workload and a target. */
import type { Worker } from './children.js';
import { forkWorker } from './children.js';
import type { RunSettings } from './run.js';
import type { Target } from './target.js';
import type { Workload } from './workloads.js';

export async function startPublishers(target: Target, workload: Workload, settings: RunSettings): Promise<Worker[]> {
  const count = settings.publisherProcesses;
  const publishers = Array.from({ length: count }, (_, p) => forkWorker('./publisher.ts', `publisher-${p}`));
  await Promise.all(
    publishers.map((publisher, p) =>
      publisher.request(
        'ready',
        {
          type: 'configure',
          brokerPort: target.mqttPort,
          clientIdPrefix: `${settings.runId}-${target.name}-p${p}`,
          // Interleaved, so that each process (and the live sample) spans the whole fleet.
          twinIds: workload.fleet.twinIds.filter((_, i) => i % count === p),
          fields: workload.fleet.fields,
          twinsPerClient: settings.twinsPerClient,
          qos: settings.qos,
          inflightMax: settings.inflightMax,
          deadlineMs: settings.deadlineMs,
        },
        20_000,
      ),
    ),
  );
  return publishers;
}
