import type { FastifyInstance } from 'fastify';
import { DoppelError } from '@doppel/core';
import type { DetectorsOverview } from '@doppel/protocol';
import type { PlatformDetectors } from '../../analytics/detectors/platform-detectors.js';
import type { PlatformServices } from '../../services.js';
import { noteOf, requesterOf, timeOf } from '../report-fields.js';

/** The streaming anomaly detectors: how they do against labels, missed anomalies, scores (docs/alerts.md). */
export function registerDetectorRoutes(api: FastifyInstance, services: PlatformServices): void {
  const detectors = (): PlatformDetectors => {
    if (services.detectors === undefined)
      throw new DoppelError('request.invalid', 'anomaly detection is turned off on this platform (anomalies: false)');
    return services.detectors;
  };

  api.get('/detectors', async (): Promise<DetectorsOverview> => {
    const { hub } = detectors();
    return {
      series: hub.seriesCount,
      unwatchedSeries: hub.unwatched,
      samplesJudged: hub.samples,
      // Series and kinds whose labels set an expected strength, and the events that hid.
      tunedSeries: detectors().tolerances.size,
      suppressedByLabels: detectors().tolerances.suppressed,
      kinds: await detectors().scores(),
    };
  });

  api.post('/detectors/missed', async (request, reply) => {
    const fields = (request.body ?? {}) as Record<string, unknown>;
    const twinId = fields.twinId;
    const path = fields.path;
    if (typeof twinId !== 'string' || services.graph.getTwin(twinId) === undefined)
      throw new DoppelError('request.invalid', '"twinId" must name an existing twin');
    if (typeof path !== 'string' || path === '')
      throw new DoppelError('request.invalid', '"path" must name a telemetry');
    const note = noteOf(fields);
    const alert = await detectors().reportMissed({
      twinId,
      path,
      kind: String(fields.kind),
      atMs: timeOf(fields, services.clock.nowMs()),
      by: requesterOf(fields, request.ip),
      ...(note === undefined ? {} : { note }),
    });
    return reply.code(201).send(alert);
  });

  api.get('/digitaltwins/:id/anomaly-scores', async (request) => {
    const { id } = request.params as { id: string };
    if (services.graph.getTwin(id) === undefined) throw new DoppelError('twin.not-found', `no twin ${id}`);
    return { value: detectors().hub.scoresOf(id) };
  });
}
