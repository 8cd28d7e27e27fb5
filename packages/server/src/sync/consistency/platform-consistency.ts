import type { Clock, EpochMs, Logger } from '@doppel/core';
import type { CompiledModel } from '../../graph/compiled-model.js';
import type { IngestInput } from '../../ingest/ingest-types.js';
import type { TwinStateStore } from '../../state/twin-state-store.js';
import type { PlatformFreshness } from '../platform-freshness.js';
import type { QualityJudge } from '../quality-rules.js';
import type { DiscrepancyWatcher } from '../work-orders/discrepancy-watcher.js';
import type { ConsistencyConfig } from './consistency-rules.js';
import type { ResolvedValue } from './consistency-resolver.js';
import { ConsistencyResolver } from './consistency-resolver.js';

/** How often inputs are re-judged by time (a stale primary hands over) and disagreements reported. */
const SWEEP_MS = 1_000;

export interface ConsistencyWiring {
  readonly config: ConsistencyConfig;
  readonly compiledModelOf: (twinId: string) => CompiledModel | undefined;
  readonly modelsOf: (twinId: string) => readonly string[];
  /** Targets of a twin's relationships of a name, and sources of those that target it. */
  readonly relatedOf: (twinId: string, relationship: string) => readonly string[];
  readonly relatedFrom: (twinId: string, relationship: string) => readonly string[];
  readonly state: TwinStateStore;
  readonly freshness: PlatformFreshness;
  readonly quality: QualityJudge;
  readonly discrepancies: DiscrepancyWatcher;
  /** Ingest's submit: resolved values are written like any reported value. */
  readonly submit: (input: IngestInput) => Promise<{ deadLettered: number; errors: readonly { message: string }[] }>;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * The consistency resolver wired into the platform (docs/sync.md "Several sources, one value"):
 * it reads ingest's durable entries (`resolver.observe`, called by the composition root), writes
 * resolved values back through ingest as `derived` inputs from source `consistency:{rule}`,
 * re-judges by time every second, and reports inputs that disagree too long as discrepancies
 * (rule `consistency:{name}`), which open work orders.
 */
export function startConsistency(wiring: ConsistencyWiring): { resolver: ConsistencyResolver; stop: () => void } {
  const { freshness, clock, logger } = wiring;
  const resolver = new ConsistencyResolver({
    config: wiring.config,
    modelsOf: wiring.modelsOf,
    kindOf: (twinId, path) => {
      const model = wiring.compiledModelOf(twinId);
      return model === undefined ? undefined : declaredKind(model, path);
    },
    currentValues: (twinId) => wiring.state.get(twinId),
    sourceOnline: (source) => !freshness.sources.isOffline(source),
    availability: (source) => freshness.sources.availability(source, clock.nowMs()),
    relatedOf: wiring.relatedOf,
    relatedFrom: wiring.relatedFrom,
    qualityOf: (twinId, path, reported) => wiring.quality.qualityOf(twinId, path, reported).quality,
    staleAfterMs: (cadenceMs) =>
      cadenceMs <= 0 ? 0 : Math.max(freshness.config.minStaleMs, freshness.config.staleFactor * cadenceMs),
    clock,
    publish: (value) => void publish(value),
  });
  let refusedLogged = false;
  const publish = async (value: ResolvedValue): Promise<void> => {
    const input: IngestInput = {
      transport: 'derived',
      topic: `consistency/${value.rule}`,
      clientId: `consistency:${value.rule}`,
      twinId: value.twinId,
      kind: value.kind,
      payload: Buffer.from(JSON.stringify({ ts: value.sourceTimeMs, ...nest(value.path, value.value) })),
      receivedMs: clock.nowMs() as EpochMs,
    };
    try {
      const outcome = await wiring.submit(input);
      // A value the model refuses (e.g. a mean that is not an integer) is a dead letter: said once.
      if (outcome.deadLettered > 0 && !refusedLogged) {
        refusedLogged = true;
        logger.warn('a resolved value was refused by the model: see the dead letters', {
          rule: value.rule,
          twinId: value.twinId,
          error: outcome.errors[0]?.message,
        });
      }
    } catch (error) {
      logger.error('a resolved value could not be stored', { rule: value.rule, error: (error as Error).message });
    }
  };
  let problemsLogged = 0;
  const timer = setInterval(() => {
    resolver.sweep();
    // Rules bind to twins when their data first comes: a rule that cannot apply is said then, once.
    const problems = [...resolver.ruleProblems()];
    for (const [rule, problem] of problems.slice(problemsLogged)) {
      logger.warn('consistency rule cannot apply', { rule, problem });
    }
    problemsLogged = problems.length;
    for (const [rule, found] of resolver.disagreements()) {
      void wiring.discrepancies.report(
        { name: `consistency:${rule}`, title: `Sources disagree: ${rule}` },
        new Map(found.map((disagreement) => [disagreement.twinId, disagreement])),
      );
    }
  }, SWEEP_MS);
  timer.unref();
  return { resolver, stop: () => clearInterval(timer) };
}

/** How a compiled model declares a path (`component/name` inside a component). */
export function declaredKind(model: CompiledModel, path: string): 'telemetry' | 'reported' | undefined {
  const slash = path.indexOf('/');
  if (slash >= 0) {
    const component = model.components.get(path.slice(0, slash));
    return component === undefined ? undefined : declaredKind(component, path.slice(slash + 1));
  }
  if (model.telemetries.has(path)) return 'telemetry';
  if (model.properties.has(path)) return 'reported';
  return undefined;
}

/** `a/b` = v as `{ "a": { "b": v } }`, the payload shape of component contents. */
function nest(path: string, value: unknown): Record<string, unknown> {
  const parts = path.split('/');
  let out: unknown = value;
  for (let i = parts.length - 1; i >= 0; i--) out = { [parts[i] as string]: out };
  return out as Record<string, unknown>;
}
