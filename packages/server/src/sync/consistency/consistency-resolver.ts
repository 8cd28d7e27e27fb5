import type { Clock } from '@doppel/core';
import type { ValueResolution } from '@doppel/protocol';
import type { IngestEntry, ReportedQuality, SampleRow } from '../../ingest/ingest-types.js';
import { LEARNER_SLOTS, learnInterval } from '../cadence-learner.js';
import type { Quality } from '../quality-rules.js';
import { sameValue } from '../quality-rules.js';
import { confidenceOf, nextAgreement, recencyOf } from './confidence.js';
import type { ConsistencyConfig, ConsistencyRule, InputRole } from './consistency-rules.js';
import { rulesFor } from './consistency-rules.js';
import type { Candidate, Resolved } from './resolve-policy.js';
import { agreesWithOthers, resolve } from './resolve-policy.js';

/** A resolved value to write to the twin (the platform submits it through ingest). */
export interface ResolvedValue {
  readonly rule: string;
  readonly twinId: string;
  readonly kind: 'telemetry' | 'reported';
  readonly path: string;
  readonly value: unknown;
  readonly sourceTimeMs: number;
}

/** A twin whose inputs have disagreed for at least the rule's `discrepancyAfterMs`. */
export interface Disagreement {
  readonly rule: string;
  readonly twinId: string;
  readonly sinceMs: number;
  readonly inputs: readonly { readonly path: string; readonly source: string; readonly value: unknown }[];
}

export interface ResolverDeps {
  readonly config: ConsistencyConfig;
  /** The twin's model and the models it extends. */
  readonly modelsOf: (twinId: string) => readonly string[];
  /** How the twin's model declares `path`: telemetry, a property, or not at all. */
  readonly kindOf: (twinId: string, path: string) => 'telemetry' | 'reported' | undefined;
  /** The twin's live values, to start from after a restart (state keeps the newest per path). */
  readonly currentValues: (
    twinId: string,
  ) => ReadonlyMap<string, { value: unknown; sourceTimeMs: number; receivedMs: number; source: string }> | undefined;
  readonly sourceOnline: (source: string) => boolean;
  /** The source's measured availability, 0–1 (source-sessions.ts): with the configured trust, its reliability. */
  readonly availability: (source: string) => number;
  /** Targets of the twin's relationships of this name (for `related` inputs). */
  readonly relatedOf: (twinId: string, relationship: string) => readonly string[];
  /** Sources of relationships of this name that target the twin. */
  readonly relatedFrom: (twinId: string, relationship: string) => readonly string[];
  /**
   * The quality of the path's newest value with what its device `reported` (QualityJudge.qualityOf:
   * the worse of the reported and the inferred one).
   */
  readonly qualityOf: (twinId: string, path: string, reported: ReportedQuality | undefined) => Quality;
  /** When a series of this cadence goes stale (freshness: staleFactor cadences, with its floor); 0 for an unknown cadence. */
  readonly staleAfterMs: (cadenceMs: number) => number;
  readonly clock: Clock;
  readonly publish: (value: ResolvedValue) => void;
}

/** Inputs of one rule on one twin, at most (`related` inputs can reach many twins). */
const INPUTS_MAX = 30;

/** What the resolver remembers of one input of one twin's rule. */
interface InputMemory {
  /** The twin it is read from: the rule's twin, or another one the rule names. */
  readonly twinId: string;
  readonly path: string;
  readonly sourceFilter: string | undefined;
  readonly role: InputRole;
  readonly trust: number | undefined;
  has: boolean;
  value: unknown;
  sourceTimeMs: number;
  receivedMs: number;
  source: string;
  reported: ReportedQuality | undefined;
  readonly learner: Float64Array;
  cadenceMs: number;
  agreement: number;
}

/** One rule applied to one twin. */
interface Binding {
  readonly rule: ConsistencyRule;
  readonly twinId: string;
  readonly kind: 'telemetry' | 'reported';
  readonly inputs: InputMemory[];
  /** The last resolution as decided (cheap to keep: most are never looked at). */
  last: { candidates: Candidate[]; resolved: Resolved; atMs: number } | undefined;
  /** Its description for the API and frames, built when first asked for. */
  view: ValueResolution | undefined;
  published: { value: unknown; sourceTimeMs: number } | undefined;
  /** Which inputs were usable at the last resolution (bit per input): a change re-resolves. */
  usableMask: number;
  disagreeSinceMs: number | undefined;
}

interface TwinBindings {
  readonly all: Binding[];
  /** Input path of the twin itself → the bindings and input indexes it feeds. */
  readonly byPath: Map<string, [Binding, number][]>;
}

type Feeds = Map<string, [Binding, number][]>;

/**
 * Resolves one value from several inputs by the consistency rules (docs/sync.md "Several
 * sources, one value"), and computes the confidence of their values.
 *
 * It follows ingest's entries rather than twin state: state keeps one value per path (the newest
 * by source time), while a rule may take the same path from two sources whose clocks differ. An
 * input is used while it is fresh (younger than its stale deadline, from its own learned cadence
 * or the rule's `staleAfterMs`), its source online and its quality not bad. Inputs are re-judged
 * when they change and once a second (`sweep`), so a stale primary hands over to its fallback by
 * time passing. Resolved values are published (through ingest: log, state, history, live) when
 * the value changed or a newer sample came; a resolved value is never an input (no loops).
 */
export class ConsistencyResolver {
  private readonly twins = new Map<string, TwinBindings | null>();
  private readonly problems = new Map<string, string>();
  /** Inputs read from another twin (rules naming a twin may): that twin → path → what it feeds. */
  private readonly external = new Map<string, Feeds>();
  /** A twin some rule reads from → the twins of those rules (bound when its data first comes). */
  private readonly readersOf = new Map<string, Set<string>>();
  /** Relationships that `related` inputs follow, and per twin the twins that reach it by them (cached). */
  private readonly relatedNames: readonly string[];
  private readonly relatedReadersCache = new Map<string, readonly string[]>();

  constructor(private readonly deps: ResolverDeps) {
    this.relatedNames = [
      ...new Set(deps.config.rules.flatMap((rule) => rule.inputs.flatMap((input) => input.related ?? []))),
    ];
    for (const rule of deps.config.rules) {
      for (const input of rule.inputs) {
        if (input.twin === undefined || rule.twin === undefined || input.twin === rule.twin) continue;
        let readers = this.readersOf.get(input.twin);
        if (readers === undefined) this.readersOf.set(input.twin, (readers = new Set()));
        readers.add(rule.twin);
      }
    }
  }

  get ruleCount(): number {
    return this.deps.config.rules.length;
  }

  get rules(): readonly ConsistencyRule[] {
    return this.deps.config.rules;
  }

  get trust(): Readonly<Record<string, number>> {
    return this.deps.config.trust;
  }

  /** An entry ingest made durable. */
  observe(entry: IngestEntry): void {
    if (entry.transport === 'derived') return;
    for (const twinId of this.readersOf.get(entry.twinId) ?? []) this.bindingsOf(twinId);
    if (this.relatedNames.length > 0) for (const twinId of this.relatedReaders(entry.twinId)) this.bindingsOf(twinId);
    const own = this.bindingsOf(entry.twinId)?.byPath;
    const external = this.external.get(entry.twinId);
    if (own === undefined && external === undefined) return;
    // Usually one binding per entry: an array beats a Set here.
    let touched: Binding[] | undefined;
    const take = (feeds: [Binding, number][] | undefined, row: SampleRow, path: string): void => {
      if (feeds === undefined) return;
      for (const [binding, index] of feeds) {
        const input = binding.inputs[index] as InputMemory;
        if (input.sourceFilter !== undefined && input.sourceFilter !== entry.source) continue;
        if (input.has && row.ts <= input.sourceTimeMs) continue; // late or repeated
        this.remember(input, row.values[path], row.ts, entry.receivedMs, entry.source, row.quality?.[path]);
        if (touched === undefined) touched = [binding];
        else if (!touched.includes(binding)) touched.push(binding);
      }
    };
    for (const row of entry.rows) {
      for (const path in row.values) {
        take(own?.get(path), row, path);
        take(external?.get(path), row, path);
      }
    }
    if (touched === undefined) return;
    const nowMs = this.deps.clock.nowMs();
    for (const binding of touched) this.resolveBinding(binding, nowMs);
  }

  /** Re-judges every binding whose inputs' usability changed with time (call every second). */
  sweep(): void {
    const nowMs = this.deps.clock.nowMs();
    for (const bindings of this.twins.values()) {
      if (bindings === null) continue;
      for (const binding of bindings.all) {
        if (!binding.inputs.some((input) => input.has)) continue;
        if (this.usableMask(binding, nowMs) !== binding.usableMask) this.resolveBinding(binding, nowMs);
      }
    }
  }

  /** The last resolution of a twin's resolved path, if a rule writes it. */
  resolutionOf(twinId: string, path: string): ValueResolution | undefined {
    const bindings = this.bindingsOf(twinId);
    const binding = bindings?.all.find((one) => one.rule.path === path);
    return binding === undefined ? undefined : this.viewOf(binding);
  }

  /** Every resolution made so far (for the API), optionally of one rule. */
  resolutions(rule?: string): { twinId: string; path: string; resolution: ValueResolution }[] {
    const out: { twinId: string; path: string; resolution: ValueResolution }[] = [];
    for (const bindings of this.twins.values()) {
      for (const binding of bindings?.all ?? []) {
        const resolution = this.viewOf(binding);
        if (resolution === undefined || (rule !== undefined && binding.rule.name !== rule)) continue;
        out.push({ twinId: binding.twinId, path: binding.rule.path, resolution });
      }
    }
    return out;
  }

  /** Twins whose inputs have disagreed for at least their rule's `discrepancyAfterMs`, per rule. */
  disagreements(): Map<string, Disagreement[]> {
    const nowMs = this.deps.clock.nowMs();
    const out = new Map<string, Disagreement[]>();
    for (const rule of this.deps.config.rules) {
      if (rule.discrepancyAfterMs !== undefined) out.set(rule.name, []);
    }
    for (const bindings of this.twins.values()) {
      for (const binding of bindings?.all ?? []) {
        const after = binding.rule.discrepancyAfterMs;
        const since = binding.disagreeSinceMs;
        if (after === undefined || since === undefined || nowMs - since < after) continue;
        out.get(binding.rule.name)?.push({
          rule: binding.rule.name,
          twinId: binding.twinId,
          sinceMs: since,
          inputs: binding.inputs
            .filter((input) => input.has)
            .map((input) => ({ path: input.path, source: input.source, value: input.value })),
        });
      }
    }
    return out;
  }

  /** Rules that cannot apply to some twin (e.g. its model does not declare the rule's path), by rule. */
  ruleProblems(): ReadonlyMap<string, string> {
    return this.problems;
  }

  /**
   * Confidence of a twin's value at `path` (docs/sync.md "Confidence"): for an input of a rule,
   * with its agreement; for a resolved value, the winner's (a weighted mean: the best input's).
   */
  confidence(
    twinId: string,
    path: string,
    value: { sourceTimeMs: number; receivedMs: number; source: string },
    cadenceMs: number,
    quality: Quality,
  ): number {
    const bindings = this.bindingsOf(twinId);
    if (bindings !== null) {
      const resolved = bindings.all.find((binding) => binding.rule.path === path);
      if (resolved?.last !== undefined) {
        const { candidates, resolved: outcome, atMs } = resolved.last;
        const winner = candidates.find((candidate) => candidate.index === outcome.winner);
        return winner === undefined ? 0 : this.confidenceAt(resolved, winner, atMs);
      }
    }
    const input = bindings?.byPath.get(path)?.[0] ?? this.external.get(twinId)?.get(path)?.[0];
    if (input !== undefined) {
      const memory = input[0].inputs[input[1]] as InputMemory;
      if (memory.has && memory.source === value.source) {
        return this.inputConfidence(input[0], memory, this.deps.clock.nowMs());
      }
    }
    const ageMs = this.deps.clock.nowMs() - value.receivedMs;
    return confidenceOf({
      trust: (this.deps.config.trust[value.source] ?? 1) * this.deps.availability(value.source),
      recency: recencyOf(ageMs, cadenceMs, this.deps.staleAfterMs(cadenceMs)),
      agreement: 1,
      quality,
    });
  }

  /**
   * A relationship was added or removed: a rule reading `related` inputs through it re-binds its
   * twin (the source) with the new set of inputs.
   */
  relationshipChanged(sourceId: string, targetId: string, name: string): void {
    if (!this.relatedNames.includes(name)) return;
    this.relatedReadersCache.delete(targetId);
    this.forgetTwin(sourceId);
  }

  /** The twins that reach `twinId` by a relationship some `related` input follows. */
  private relatedReaders(twinId: string): readonly string[] {
    let readers = this.relatedReadersCache.get(twinId);
    if (readers === undefined) {
      readers = [...new Set(this.relatedNames.flatMap((name) => this.deps.relatedFrom(twinId, name)))];
      this.relatedReadersCache.set(twinId, readers);
    }
    return readers;
  }

  forgetTwin(twinId: string): void {
    this.twins.delete(twinId);
    this.relatedReadersCache.clear();
    // Its rules' inputs on other twins go too (they are bound again with the twin).
    for (const [inputTwin, feeds] of this.external) {
      for (const [path, list] of feeds) {
        const kept = list.filter(([binding]) => binding.twinId !== twinId);
        if (kept.length === 0) feeds.delete(path);
        else feeds.set(path, kept);
      }
      if (feeds.size === 0) this.external.delete(inputTwin);
    }
  }

  private remember(
    input: InputMemory,
    value: unknown,
    sourceTimeMs: number,
    receivedMs: number,
    source: string,
    reported: ReportedQuality | undefined,
  ): void {
    if (input.has && receivedMs > input.receivedMs) {
      const learned = learnInterval(input.learner, 0, receivedMs - input.receivedMs);
      if (learned > 0) input.cadenceMs = learned;
    }
    input.has = true;
    input.value = value;
    input.sourceTimeMs = sourceTimeMs;
    input.receivedMs = receivedMs;
    input.source = source;
    input.reported = reported;
  }

  private bindingsOf(twinId: string): TwinBindings | null {
    let bindings = this.twins.get(twinId);
    if (bindings === undefined) {
      bindings = this.bind(twinId);
      this.twins.set(twinId, bindings);
    }
    return bindings;
  }

  private bind(twinId: string): TwinBindings | null {
    if (this.deps.config.rules.length === 0) return null;
    const rules = rulesFor(this.deps.config.rules, twinId, this.deps.modelsOf(twinId));
    if (rules.length === 0) return null;
    const current = this.deps.currentValues(twinId);
    const all: Binding[] = [];
    const byPath = new Map<string, [Binding, number][]>();
    for (const rule of rules) {
      const kind = this.deps.kindOf(twinId, rule.path);
      if (kind === undefined) {
        this.problems.set(
          rule.name,
          `twin "${twinId}": its model declares no telemetry or property "${rule.path}" to hold the resolved value`,
        );
        continue;
      }
      const binding: Binding = {
        rule,
        twinId,
        kind,
        inputs: this.expandInputs(rule, twinId),
        last: undefined,
        view: undefined,
        published: undefined,
        usableMask: -1,
        disagreeSinceMs: undefined,
      };
      binding.inputs.forEach((input, index) => {
        let target = byPath;
        if (input.twinId !== twinId) {
          target = this.external.get(input.twinId) ?? new Map();
          this.external.set(input.twinId, target);
        }
        let feeds = target.get(input.path);
        if (feeds === undefined) target.set(input.path, (feeds = []));
        feeds.push([binding, index]);
        // After a restart the resolver starts from state (the newest value of each path).
        const live = (input.twinId === twinId ? current : this.deps.currentValues(input.twinId))?.get(input.path);
        if (live !== undefined && (input.sourceFilter === undefined || input.sourceFilter === live.source)) {
          this.remember(input, live.value, live.sourceTimeMs, live.receivedMs, live.source, undefined);
        }
      });
      // A resolved value left by the last run is not republished unless it changes.
      const previous = current?.get(rule.path);
      if (previous !== undefined) binding.published = { value: previous.value, sourceTimeMs: previous.sourceTimeMs };
      all.push(binding);
    }
    return all.length === 0 ? null : { all, byPath };
  }

  /**
   * A rule's inputs for one twin: an input naming `related` becomes one input per twin the
   * relationship reaches (of `model`, if given), in id order; at most INPUTS_MAX in all.
   */
  private expandInputs(rule: ConsistencyRule, twinId: string): InputMemory[] {
    const out: InputMemory[] = [];
    for (const input of rule.inputs) {
      const from =
        input.related === undefined
          ? [input.twin ?? twinId]
          : this.deps
              .relatedOf(twinId, input.related)
              .filter((target) => input.model === undefined || this.deps.modelsOf(target).includes(input.model))
              .sort();
      for (const source of from) {
        if (out.length === INPUTS_MAX) {
          this.problems.set(
            rule.name,
            `twin "${twinId}": more than ${INPUTS_MAX} inputs; the first ${INPUTS_MAX} are used`,
          );
          return out;
        }
        out.push({
          twinId: source,
          path: input.path,
          sourceFilter: input.source,
          role: input.role ?? 'measurement',
          trust: input.trust,
          has: false,
          value: undefined,
          sourceTimeMs: 0,
          receivedMs: 0,
          source: input.source ?? '',
          reported: undefined,
          learner: new Float64Array(LEARNER_SLOTS),
          cadenceMs: 0,
          agreement: 1,
        });
      }
    }
    return out;
  }

  private unusable(binding: Binding, input: InputMemory, nowMs: number): Candidate['unusable'] {
    const staleAfter = binding.rule.staleAfterMs ?? this.deps.staleAfterMs(input.cadenceMs);
    if (staleAfter > 0 && nowMs - input.receivedMs > staleAfter) return 'stale';
    if (input.source !== '' && !this.deps.sourceOnline(input.source)) return 'source-offline';
    if (this.qualityOf(binding, input) === 'bad') return 'bad-quality';
    return null;
  }

  private qualityOf(binding: Binding, input: InputMemory): Quality {
    // Inferred quality judges the path's newest value: this input's only when it takes any source.
    return input.sourceFilter === undefined
      ? this.deps.qualityOf(input.twinId, input.path, input.reported)
      : (input.reported ?? 'good');
  }

  private inputConfidence(binding: Binding, input: InputMemory, nowMs: number): number {
    const staleAfter = binding.rule.staleAfterMs ?? this.deps.staleAfterMs(input.cadenceMs);
    return confidenceOf({
      trust:
        (input.trust ?? this.deps.config.trust[input.source] ?? 1) *
        (input.source === '' ? 1 : this.deps.availability(input.source)),
      recency: recencyOf(nowMs - input.receivedMs, input.cadenceMs, staleAfter),
      agreement: input.agreement,
      quality: this.qualityOf(binding, input),
    });
  }

  /** A candidate's confidence as of its resolution (computed then only for `weighted`). */
  private confidenceAt(binding: Binding, candidate: Candidate, atMs: number): number {
    return Number.isNaN(candidate.confidence)
      ? this.inputConfidence(binding, binding.inputs[candidate.index] as InputMemory, atMs)
      : candidate.confidence;
  }

  private usableMask(binding: Binding, nowMs: number): number {
    let mask = 0;
    binding.inputs.forEach((input, index) => {
      if (input.has && this.unusable(binding, input, nowMs) === null) mask |= 1 << index;
    });
    return mask;
  }

  private resolveBinding(binding: Binding, nowMs: number): void {
    const candidates: Candidate[] = [];
    // Confidence weighs in only for `weighted`; otherwise it is worked out when someone looks.
    const weighted = binding.rule.policy === 'weighted';
    let mask = 0;
    for (let index = 0; index < binding.inputs.length; index++) {
      const input = binding.inputs[index] as InputMemory;
      if (!input.has) continue;
      const unusable = this.unusable(binding, input, nowMs);
      if (unusable === null) mask |= 1 << index;
      candidates.push({
        index,
        role: input.role,
        value: input.value,
        sourceTimeMs: input.sourceTimeMs,
        unusable,
        confidence: weighted ? this.inputConfidence(binding, input, nowMs) : Number.NaN,
      });
    }
    if (candidates.length === 0) return;
    const tolerance = binding.rule.tolerance ?? 0;
    const resolved = resolve(binding.rule.policy, candidates, tolerance);
    const usable = candidates.filter((candidate) => candidate.unusable === null);
    if (usable.length >= 2) {
      for (const candidate of usable) {
        const others = usable.filter((other) => other !== candidate).map((other) => other.value);
        const input = binding.inputs[candidate.index] as InputMemory;
        input.agreement = nextAgreement(input.agreement, agreesWithOthers(candidate.value, others, tolerance));
      }
    }
    binding.disagreeSinceMs = resolved.agree ? undefined : (binding.disagreeSinceMs ?? nowMs);
    binding.usableMask = mask;
    binding.last = { candidates, resolved, atMs: nowMs };
    binding.view = undefined;
    this.publishIfChanged(binding, resolved, nowMs);
  }

  private publishIfChanged(binding: Binding, resolved: Resolved, nowMs: number): void {
    const last = binding.published;
    // A newer sample of the same value is published too: the resolved series stays fresh.
    if (last !== undefined && resolved.sourceTimeMs <= last.sourceTimeMs && sameValue(last.value, resolved.value))
      return;
    // A hand-over to an input older than the value shown is stamped with the time of the hand-over:
    // state never goes back in source time.
    const sourceTimeMs =
      last !== undefined && resolved.sourceTimeMs <= last.sourceTimeMs
        ? Math.max(nowMs, last.sourceTimeMs + 1)
        : resolved.sourceTimeMs;
    binding.published = { value: resolved.value, sourceTimeMs };
    this.deps.publish({
      rule: binding.rule.name,
      twinId: binding.twinId,
      kind: binding.kind,
      path: binding.rule.path,
      value: resolved.value,
      sourceTimeMs,
    });
  }

  private viewOf(binding: Binding): ValueResolution | undefined {
    if (binding.view === undefined && binding.last !== undefined) {
      const { candidates, resolved, atMs } = binding.last;
      binding.view = this.describe(binding, candidates, resolved, atMs);
    }
    return binding.view;
  }

  private describe(
    binding: Binding,
    candidates: readonly Candidate[],
    resolved: Resolved,
    nowMs: number,
  ): ValueResolution {
    const name = (index: number): string => {
      const input = binding.inputs[index] as InputMemory;
      const where = input.twinId === binding.twinId ? input.path : `${input.twinId}.${input.path}`;
      return input.source === '' ? where : `${where} (${input.source})`;
    };
    const winner = binding.inputs[resolved.winner] as InputMemory;
    const passedOver = candidates
      .filter((candidate) => candidate.unusable !== null)
      .map((candidate) => `${name(candidate.index)} is ${candidate.unusable ?? ''}`);
    const messages: Record<Resolved['code'], string> = {
      'highest-priority': `${name(resolved.winner)} is the first input and usable`,
      fallback: `${name(resolved.winner)} is used because ${passedOver.join(', ')}`,
      freshest: `${name(resolved.winner)} has the newest value`,
      measurement: `${name(resolved.winner)} is the most direct usable evidence (${winner.role})`,
      'weighted-mean': `mean of ${candidates.filter((candidate) => candidate.unusable === null).length} inputs weighted by confidence`,
      'no-usable-input': `no input is usable (${passedOver.join(', ')}): kept the newest value, from ${name(resolved.winner)}`,
    };
    return {
      rule: binding.rule.name,
      policy: binding.rule.policy,
      winner: resolved.winner,
      reason: resolved.code,
      message: messages[resolved.code],
      agree: resolved.agree,
      atMs: nowMs,
      inputs: binding.inputs.map((input, index) => {
        const candidate = candidates.find((one) => one.index === index);
        return {
          twinId: input.twinId,
          path: input.path,
          source: input.source === '' ? null : input.source,
          role: input.role,
          value: input.has ? input.value : null,
          sourceTimeMs: input.has ? input.sourceTimeMs : null,
          unusable: candidate === undefined ? 'no-value' : candidate.unusable,
          confidence: candidate === undefined ? 0 : this.confidenceAt(binding, candidate, nowMs),
          agreement: Math.round(input.agreement * 100) / 100,
        };
      }),
    };
  }
}
