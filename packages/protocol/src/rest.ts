/**
 * REST data shapes. Where Azure Digital Twins' data-plane API has a resource, these follow its
 * shapes (`$dtId`, `$etag`, `$metadata`, `$relationshipId`, …) so that its tools can talk to Doppel.
 */

/** Per-property metadata in a twin's `$metadata`. */
export interface PropertyMetadata {
  /** ISO 8601: when the value last changed (its source time). */
  readonly lastUpdateTime: string;
  /** ISO 8601: when the platform received it. Doppel extension. */
  readonly receiveTime?: string;
  /** Which source reported it: an MQTT client id or an API route. Doppel extension. */
  readonly source?: string;
}

export interface TwinMetadata {
  readonly $model: string;
  readonly $lastUpdateTime?: string;
  readonly [property: string]: PropertyMetadata | string | undefined;
}

/** A digital twin as `GET /api/v1/digitaltwins/{id}` returns it. */
export interface DigitalTwin {
  readonly $dtId: string;
  readonly $etag: string;
  readonly $metadata: TwinMetadata;
  readonly [property: string]: unknown;
}

export interface Relationship {
  readonly $relationshipId: string;
  readonly $etag?: string;
  readonly $sourceId: string;
  readonly $targetId: string;
  readonly $relationshipName: string;
  readonly [property: string]: unknown;
}

/** Paged lists use Azure's `{ value, nextLink }` shape. */
export interface Page<T> {
  readonly value: readonly T[];
  readonly nextLink: string | null;
}

export interface ModelData {
  readonly id: string;
  readonly displayName?: Readonly<Record<string, string>>;
  readonly description?: Readonly<Record<string, string>>;
  readonly uploadTime: string;
  readonly decommissioned: boolean;
  readonly model?: unknown;
}

/** One live value of a twin path. */
/**
 * How current a path's value is (docs/sync.md): `fresh` while updates come at its cadence,
 * `stale` after `staleFactor` cadences without one (or at once when its source went offline),
 * `unknown` while no cadence is declared or learned yet, `missing` when a declared path never
 * had a value.
 */
export type FreshnessState = 'fresh' | 'stale' | 'unknown' | 'missing';

export interface PathFreshness {
  readonly freshness: FreshnessState;
  /** The expected interval between updates (declared or learned), ms; null while unknown. */
  readonly cadenceMs: number | null;
  /** When the value goes (or went) stale without another update. */
  readonly staleAtMs: number | null;
  readonly staleReason: 'no-update' | 'source-offline' | null;
}

/**
 * How trustworthy a value is (docs/sync.md "Quality"): the worse of what the device reported
 * (`$quality` in the payload) and what the configured rules infer; good when neither objects.
 */
export type ValueQuality = 'good' | 'uncertain' | 'bad';

/**
 * How a value resolved from several inputs by a consistency rule came to be (docs/sync.md
 * "Several sources, one value"): which input won (`winner`, an index into `inputs`) and why.
 */
export interface ValueResolution {
  readonly rule: string;
  readonly policy: 'priority' | 'freshest' | 'measurement' | 'weighted';
  readonly winner: number;
  readonly reason: 'highest-priority' | 'fallback' | 'freshest' | 'measurement' | 'weighted-mean' | 'no-usable-input';
  /** The reason in words, naming the inputs. */
  readonly message: string;
  /** Whether the usable inputs agree (numbers within the rule's tolerance). */
  readonly agree: boolean;
  /** When it was resolved. */
  readonly atMs: number;
  readonly inputs: readonly {
    /** The twin it is read from (the resolved value's own twin, or another the rule names). */
    readonly twinId: string;
    readonly path: string;
    /** The source it takes (the rule's), or the one its last value came from; null: none yet. */
    readonly source: string | null;
    readonly role: 'measurement' | 'status' | 'command';
    readonly value: unknown;
    readonly sourceTimeMs: number | null;
    /** Why it was not used; null: usable. */
    readonly unusable: 'stale' | 'source-offline' | 'bad-quality' | 'no-value' | null;
    readonly confidence: number;
    /** How often it agreed with the other inputs lately, 0–1. */
    readonly agreement: number;
  }[];
}

export interface PathState extends Partial<PathFreshness> {
  readonly quality?: ValueQuality;
  /** How much to believe the value now, 0–1 (docs/sync.md "Confidence"; the state API gives it). */
  readonly confidence?: number;
  /** Present on a value a consistency rule resolved from several inputs. */
  readonly resolution?: ValueResolution;
  /**
   * Why it is not good: `reported` (the device said so in `$quality`), or a rule's
   * `out-of-range`, `rate-of-change` or `stuck`.
   */
  readonly qualityReason?: 'reported' | 'out-of-range' | 'rate-of-change' | 'stuck' | null;
  readonly value: unknown;
  readonly sourceTimeMs: number;
  readonly receivedMs: number;
  readonly source: string;
  /** `telemetry` or `property` (a reported property). */
  readonly kind: 'telemetry' | 'property';
}

/** `GET /api/v1/digitaltwins/{id}/state`. */
export interface TwinState {
  readonly $dtId: string;
  readonly $model: string;
  readonly paths: Readonly<Record<string, PathState>>;
  /** Paths with a declared cadence that never had a value. */
  readonly missing?: Readonly<Record<string, { readonly cadenceMs: number }>>;
}

/** The answer to an HTTP ingest request. */
export interface IngestResult {
  readonly received: number;
  readonly applied: number;
  readonly deadLettered: number;
  readonly errors: readonly { readonly code: string; readonly message: string; readonly pointer?: string }[];
}

export interface DeadLetter {
  readonly id: string;
  readonly reason: string;
  readonly message: string;
  /** `mqtt` or `http`, with the topic or route. */
  readonly transport: 'mqtt' | 'http' | 'replay' | 'derived';
  readonly topic: string;
  readonly clientId: string;
  readonly twinId: string | null;
  readonly receivedAt: string;
  readonly points: number;
  readonly payload: string;
  readonly payloadEncoding: 'utf8' | 'base64';
  readonly rawTruncated: boolean;
  readonly replayedAt: string | null;
}

/** One node of the navigation tree (`GET /api/v1/tree`): a twin and how many children it has. */
export interface TreeNode {
  readonly $dtId: string;
  readonly $model: string;
  /** The twin's `name` or `displayName` property when it has one, else its id. */
  readonly label: string;
  readonly childCount: number;
}

/** Ingest counters of one source kind; `received = applied + deadLettered` always holds. */
export interface SourceCounters {
  readonly receivedPoints: number;
  readonly appliedPoints: number;
  readonly deadLetteredPoints: number;
  readonly receivedMessages: number;
}

/** `GET /api/v1/stats`: the figures the UI footer shows (the Prometheus form is /api/v1/metrics). */
export interface PlatformStats {
  readonly startedAt: string;
  readonly twins: number;
  readonly models: number;
  readonly ingest: {
    readonly sources: Readonly<Record<string, SourceCounters>>;
    /** Points applied per second, averaged over the last 10 s. */
    readonly appliedPointsPerSecond: number;
    readonly queuedPoints: number;
    readonly saturated: boolean;
  };
  readonly deadLetters: { readonly stored: number };
  readonly live: { readonly clients: number; readonly droppedFrames: number };
}

/**
 * The lifecycle of a command or a desired value (docs/sync.md): `pending` until a device that
 * takes it is connected, `sent` once published to it, `acknowledged` when the device says it has it
 * (optional), then exactly one of `succeeded` / `failed` (the device's answer),
 * `timed-out` (no answer within `timeoutMs` of sending), `expired` (not deliverable within
 * `ttlMs`) or `cancelled` (by an operator while pending).
 */
export type CommandStatus =
  'pending' | 'sent' | 'acknowledged' | 'succeeded' | 'failed' | 'timed-out' | 'expired' | 'cancelled';

export const TERMINAL_COMMAND_STATUSES: readonly CommandStatus[] = [
  'succeeded',
  'failed',
  'timed-out',
  'expired',
  'cancelled',
];

/** `GET /api/v1/commands/{id}` and the `command.updated` WebSocket frame. */
export interface CommandView {
  /** Also the correlation id the device answers with. */
  readonly id: string;
  readonly twinId: string;
  /** `command`: a DTDL Command; `desired`: a writable property set to a desired value. */
  readonly kind: 'command' | 'desired';
  /** The Command's name, or the property's. */
  readonly name: string;
  readonly request: unknown;
  readonly status: CommandStatus;
  /** The device's response value (succeeded) or its error text (failed), when it gave one. */
  readonly response?: unknown;
  readonly error?: string;
  /** Who asked (the API caller or WebSocket client). */
  readonly requestedBy: string;
  /** DTDL Idempotent co-type: the platform may deliver it more than once. */
  readonly idempotent: boolean;
  readonly topic: string;
  readonly createdMs: number;
  /** When each status was reached. */
  readonly statusTimesMs: Readonly<Partial<Record<CommandStatus, number>>>;
  /** Deadline to be delivered (createdMs + ttlMs). */
  readonly expiresMs: number;
  /** Wait for the answer after sending, ms. */
  readonly timeoutMs: number;
  /** Responses received after the first final one (ignored, counted). */
  readonly duplicateResponses: number;
}
