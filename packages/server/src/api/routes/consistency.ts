import type { FastifyInstance } from 'fastify';
import { DoppelError } from '@doppel/core';
import type { PlatformServices } from '../../services.js';

/** Consistency rules and the values they resolved (docs/sync.md "Several sources, one value"). */
export function registerConsistencyRoutes(api: FastifyInstance, services: PlatformServices): void {
  const { consistency } = services;

  /** The rules, each with its resolutions so far and a problem if it cannot apply to some twin. */
  api.get('/consistency', async (request) => {
    const { rule, twinId, limit } = request.query as { rule?: string; twinId?: string; limit?: string };
    const max = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(max) || max < 1 || max > 1_000) {
      throw new DoppelError('request.invalid', `limit must be a whole number from 1 to 1000, got "${String(limit)}"`);
    }
    const problems = consistency.ruleProblems();
    const resolutions = consistency
      .resolutions(rule)
      .filter((resolution) => twinId === undefined || resolution.twinId === twinId);
    return {
      rules: consistency.rules.map((one) => ({
        ...one,
        resolvedTwins: resolutions.filter((resolution) => resolution.resolution.rule === one.name).length,
        problem: problems.get(one.name) ?? null,
      })),
      trust: consistency.trust,
      disagreeing: resolutions.filter((resolution) => !resolution.resolution.agree).length,
      value: resolutions.slice(0, max),
    };
  });
}
