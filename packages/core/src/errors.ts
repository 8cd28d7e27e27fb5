/**
 * The error catalog: every error the platform reports has a stable code, an HTTP status, a title
 * and a remedy line that says what to change (STYLE.md 6). Codes never change meaning once
 * published; docs/errors.md lists them for users.
 *
 * Ingest reasons (`ingest.*`) are also the reason codes of dead letters.
 */
export const ERROR_CATALOG = {
  // Requests in general
  'request.invalid': {
    status: 400,
    title: 'Invalid request',
    remedy: 'Fix the request as the detail says and send it again.',
  },
  'request.body-too-large': {
    status: 413,
    title: 'Request body too large',
    remedy: 'Send a smaller body or split it; the limit is in the detail.',
  },
  'request.unsupported-media-type': {
    status: 415,
    title: 'Unsupported media type',
    remedy: 'Send the body as application/json.',
  },
  'request.route-not-found': {
    status: 404,
    title: 'No such route',
    remedy: 'Check the method and path against /api/v1/openapi.json.',
  },
  'request.precondition-failed': {
    status: 412,
    title: 'Precondition failed',
    remedy:
      'The resource changed since you read it: read it again, re-apply your change and send it with the new ETag.',
  },
  'internal.error': {
    status: 500,
    title: 'Internal error',
    remedy: 'This is a bug in Doppel: report it with the log line that carries the same trace.',
  },
  'service.unavailable': {
    status: 503,
    title: 'Service unavailable',
    remedy: 'The platform is starting or stopping; retry shortly.',
  },

  // Models
  'model.invalid': {
    status: 400,
    title: 'Invalid DTDL model',
    remedy: 'Fix the listed elements of the DTDL document and upload it again.',
  },
  'model.already-exists': {
    status: 409,
    title: 'Model already exists',
    remedy: 'Models are immutable: upload a new version (;2) instead of replacing ;1.',
  },
  'model.not-found': {
    status: 404,
    title: 'Model not found',
    remedy: 'Check the DTMI, including its version suffix (;1); GET /api/v1/models lists the models.',
  },
  'model.in-use': {
    status: 409,
    title: 'Model in use',
    remedy: 'Delete or re-model the twins that use this model (or that extend it) first, or decommission it instead.',
  },
  'model.decommissioned': {
    status: 400,
    title: 'Model decommissioned',
    remedy: 'Create the twin with a model that is not decommissioned.',
  },

  // Twins and relationships
  'twin.invalid': {
    status: 400,
    title: 'Invalid twin',
    remedy: 'Fix the twin document as the detail says: property names and types must match its model.',
  },
  'twin.invalid-id': {
    status: 400,
    title: 'Invalid twin id',
    remedy:
      'Use 1 to 128 characters: letters, digits and . _ : @ ~ - (no slashes, spaces, + or #), starting with a letter or digit.',
  },
  'source.not-found': {
    status: 404,
    title: 'Source not found',
    remedy: 'Check the source id (an MQTT client id or an HTTP caller); GET /api/v1/sources lists the sources seen.',
  },
  'twin.not-found': {
    status: 404,
    title: 'Twin not found',
    remedy: 'Check the twin id; GET /api/v1/digitaltwins lists the twins.',
  },
  'twin.has-relationships': {
    status: 409,
    title: 'Twin has relationships',
    remedy: "Delete the twin's incoming and outgoing relationships first.",
  },
  'relationship.invalid': {
    status: 400,
    title: 'Invalid relationship',
    remedy: "Use a relationship name that the source twin's model defines, and a target that the model allows.",
  },
  'relationship.not-found': {
    status: 404,
    title: 'Relationship not found',
    remedy: 'Check the twin id and the relationship id.',
  },

  // Commands and desired properties (sync)
  'command.unknown': {
    status: 404,
    title: 'Unknown command',
    remedy:
      "Use a Command (or, for desired values, a writable Property) that the twin's model defines; GET /api/v1/models/{id} lists them.",
  },
  'command.request-invalid': {
    status: 400,
    title: 'Invalid command request',
    remedy:
      "Send the request value the Command's request schema describes (or none if it has no request), and timeoutMs / ttlMs in range.",
  },
  'command.not-found': {
    status: 404,
    title: 'Command not found',
    remedy: "Check the command id; GET /api/v1/digitaltwins/{id}/commands lists a twin's recent commands.",
  },
  'command.not-cancellable': {
    status: 409,
    title: 'Command already sent or finished',
    remedy: 'Only a pending command (not yet delivered to the device) can be cancelled.',
  },
  'command.queue-full': {
    status: 503,
    title: 'Too many pending commands',
    remedy:
      'Devices are not taking their commands: wait for them to reconnect, cancel pending commands, or raise limits.commandsPendingMax.',
  },
  'command.response-unknown': {
    status: 422,
    title: 'Response to no known command',
    remedy:
      'Answer on twins/{twinId}/commands/{name}/response with the correlationId of a command the platform sent (within its timeout).',
  },
  'command.response-invalid': {
    status: 422,
    title: 'Invalid command response',
    remedy:
      'Send {"correlationId": "…", "status": "acknowledged" | "succeeded" | "failed", "response"?: value matching the Command\'s response schema, "error"?: text}.',
  },

  // Work orders (sync)
  'workorder.invalid': {
    status: 400,
    title: 'Invalid work order',
    remedy:
      'Send {"twinId", "title", "description"?} to open one, {"status"?, "assignee"?, "note"?} to update one (docs/sync.md).',
  },
  'workorder.invalid-move': {
    status: 409,
    title: 'Work order cannot make that move',
    remedy: 'open → assigned → done; open or assigned → cancelled; done and cancelled are final.',
  },
  'workorder.not-found': {
    status: 404,
    title: 'Work order not found',
    remedy: 'Check the id; GET /api/v1/workorders lists them.',
  },

  // Rules and alerts (analytics)
  'alert.rule-invalid': {
    status: 400,
    title: 'Invalid alert rule',
    remedy:
      'Fix the field the detail names: a rule is {"id", "name", "severity", "models" or "twins", "condition", "forMs"?, "channels"?} (docs/alerts.md).',
  },
  'alert.rule-not-found': {
    status: 404,
    title: 'Alert rule not found',
    remedy: 'Check the id; GET /api/v1/alert-rules lists the rules.',
  },
  'alert.channel-invalid': {
    status: 400,
    title: 'Invalid notification channel',
    remedy: 'A channel is {"id", "kind": "webhook", "url"} or {"id", "kind": "mqtt", "topic"} (docs/alerts.md).',
  },
  'alert.not-found': {
    status: 404,
    title: 'Alert not found',
    remedy: 'Check the id; GET /api/v1/alerts lists the alerts.',
  },
  'alert.invalid-move': {
    status: 409,
    title: 'Alert cannot make that move',
    remedy: 'active → acknowledged → cleared, or active → cleared; a cleared alert is final.',
  },

  // Models in production (analytics): per-asset isolation forests, ONNX models and their bindings
  'anomaly.model-invalid': {
    status: 400,
    title: 'Invalid asset anomaly model',
    remedy:
      'Send {"properties": [numeric telemetry of the twin], "trainFrom", "trainTo"} over a window of normal operation that history holds (docs/models.md).',
  },
  'anomaly.model-not-found': {
    status: 404,
    title: 'Asset anomaly model not found',
    remedy: 'Train one first: PUT /api/v1/digitaltwins/{id}/anomaly-model (docs/models.md).',
  },
  'mlmodel.invalid': {
    status: 400,
    title: 'Invalid ONNX model',
    remedy:
      'Upload an ONNX file (application/octet-stream) with one float input of shape [batch, features] or [batch, window, inputs] and a float output (docs/models.md).',
  },
  'mlmodel.not-found': {
    status: 404,
    title: 'ONNX model or version not found',
    remedy: 'Check the name and version; GET /api/v1/ml-models lists them.',
  },
  'mlmodel.in-use': {
    status: 409,
    title: 'ONNX model version in use',
    remedy: 'A binding runs this version (active or shadow): change or delete the binding first.',
  },
  'mlbinding.invalid': {
    status: 400,
    title: 'Invalid model binding',
    remedy: 'Fix the field the detail names (docs/models.md "Bindings").',
  },
  'mlbinding.not-found': {
    status: 404,
    title: 'Model binding not found',
    remedy: 'Check the id; GET /api/v1/ml-bindings lists them.',
  },

  // Floor plans
  'plan.invalid': {
    status: 400,
    title: 'Invalid floor plan',
    remedy:
      'Fix the field the detail names: a plan is {"width", "height", "unit"?, "name"?, "background", "placements"?}, placements lie inside the frame and name existing twins (docs/plans.md).',
  },
  'plan.not-found': {
    status: 404,
    title: 'Floor plan not found',
    remedy: 'Check the space id; GET /api/v1/plans lists the plans and PUT /api/v1/plans/{spaceId} creates one.',
  },
  'plan.placement-not-found': {
    status: 404,
    title: 'Twin not placed on this plan',
    remedy: 'Check the twin id; GET /api/v1/plans/{spaceId} lists the placements of a plan.',
  },

  // Ingest (also dead-letter reasons)
  'ingest.payload-malformed': {
    status: 400,
    title: 'Malformed payload',
    remedy: 'Send a UTF-8 JSON object, or an array of objects, as documented in the README ("Topics and payloads").',
  },
  'ingest.payload-too-large': {
    status: 413,
    title: 'Payload too large',
    remedy: 'Split the payload: the limit per message is in the detail.',
  },
  'ingest.batch-too-large': {
    status: 413,
    title: 'Too many samples in one payload',
    remedy: 'Split the array into smaller batches; the limit is in the detail.',
  },
  'ingest.twin-unknown': {
    status: 404,
    title: 'Unknown twin',
    remedy:
      'Create the twin first (PUT /api/v1/digitaltwins/{id}) or fix the twin id in the topic or URL, then replay the dead letter.',
  },
  'ingest.name-unknown': {
    status: 422,
    title: 'Unknown telemetry or property name',
    remedy: "Use a name that the twin's model defines, or add it to a new model version, then replay the dead letter.",
  },
  'ingest.value-invalid': {
    status: 422,
    title: 'Value does not match the schema',
    remedy: 'Send a value of the type the model declares (see the detail for the expected schema).',
  },
  'ingest.value-not-in-enum': {
    status: 422,
    title: 'Value not in enum',
    remedy: 'Send one of the enum values the model declares.',
  },
  'ingest.property-not-reportable': {
    status: 422,
    title: 'Not a property',
    remedy: 'Report telemetry on the telemetry topic and properties on the properties/reported topic.',
  },
  'ingest.timestamp-invalid': {
    status: 422,
    title: 'Invalid timestamp',
    remedy: 'Send "ts" as an ISO 8601 string with a time zone, or as epoch milliseconds.',
  },
  'ingest.timestamp-out-of-range': {
    status: 422,
    title: 'Timestamp out of range',
    remedy:
      'Check the device clock: "ts" must lie between the configured bounds around the receive time (see the detail).',
  },
  'ingest.quality-invalid': {
    status: 422,
    title: 'Invalid quality',
    remedy:
      'Send "$quality" as "good", "uncertain" or "bad" for every value of the sample, or as an object of such qualities keyed by the names of values in the sample ("component/name" inside a component).',
  },
  'ingest.topic-invalid': {
    status: 400,
    title: 'Unrecognised ingest topic',
    remedy:
      "Publish to twins/{twinId}/telemetry or twins/{twinId}/properties/reported (or the model's Mqtt telemetryTopic).",
  },
  'ingest.overloaded': {
    status: 503,
    title: 'Ingest overloaded',
    remedy: 'Retry after the delay in Retry-After; the pipeline is saturated.',
  },

  // History
  'history.unavailable': {
    status: 503,
    title: 'History unavailable',
    remedy: 'History is disabled or still opening; check the platform log.',
  },
  'history.series-unknown': {
    status: 404,
    title: 'Unknown series',
    remedy:
      "Check the twin id and the path: a path is a telemetry or property name of the twin's model (component contents as component/name).",
  },
  'history.range-invalid': {
    status: 400,
    title: 'Invalid time range',
    remedy: 'Give "from" before "to", as ISO 8601 or epoch milliseconds ("from" inclusive, "to" exclusive).',
  },
  'history.too-many-points': {
    status: 400,
    title: 'Too many points',
    remedy: 'Narrow the range, use a larger "step", or pass "maxPoints" to downsample; the limit is in the detail.',
  },
  'history.aggregation-unsupported': {
    status: 400,
    title: 'Unsupported aggregation',
    remedy: 'Use one of avg, min, max, sum, count, first, last (and give "step" with it).',
  },
  'history.sql-refused': {
    status: 400,
    title: 'SQL refused',
    remedy:
      'Send one read-only SELECT (or WITH … SELECT) over the history tables of docs/history.md; writes, file and extension functions are not allowed.',
  },
  'history.query-timeout': {
    status: 408,
    title: 'Query took too long',
    remedy: 'Narrow the range or the number of series, or read a coarser tier (a larger step).',
  },

  // Twin queries (packages/query, POST /api/v1/query)
  'query.syntax': {
    status: 400,
    title: 'Query syntax error',
    remedy: 'Fix the query at the line and column given; the message says what was expected there (docs/query.md).',
  },
  'query.unknown-alias': {
    status: 400,
    title: 'Unknown alias in query',
    remedy: 'Start every property path with an alias the query declares (FROM DIGITALTWINS T, JOIN C RELATED …).',
  },
  'query.unknown-function': {
    status: 400,
    title: 'Unknown query function',
    remedy: 'Use one of the functions listed in docs/query.md.',
  },
  'query.invalid-argument': {
    status: 400,
    title: 'Invalid query argument',
    remedy: 'Give the function or clause the arguments the message names.',
  },
  'query.unsupported': {
    status: 400,
    title: 'Query form not supported',
    remedy: 'Rewrite the query as the message suggests (docs/query.md lists what is supported).',
  },
  'query.timeout': {
    status: 408,
    title: 'Query took too long',
    remedy: 'Narrow the query: anchor it on an id or a model, or use fewer hops.',
  },
  'query.too-many-rows': {
    status: 400,
    title: 'Query examined too many rows',
    remedy: 'Narrow the query: anchor it on an id or a model, or use fewer hops.',
  },
  'query.invalid-continuation': {
    status: 400,
    title: 'Invalid continuation token',
    remedy: 'Send the continuationToken of the previous page together with the same query text.',
  },

  // Dead letters
  'deadletter.not-found': {
    status: 404,
    title: 'Dead letter not found',
    remedy: 'Check the id; GET /api/v1/deadletters lists dead letters.',
  },
  'deadletter.already-replayed': {
    status: 409,
    title: 'Dead letter already replayed',
    remedy: 'Nothing to do: this dead letter was replayed successfully before.',
  },

  // Live (WebSocket)
  'live.frame-invalid': {
    status: 400,
    title: 'Invalid WebSocket frame',
    remedy: 'Send a JSON frame of a type listed in packages/protocol (subscribe, unsubscribe, ping).',
  },
  'live.subscription-limit': {
    status: 429,
    title: 'Too many subscriptions',
    remedy: 'Subscribe to a model instead of many twins, or open fewer subscriptions.',
  },
} as const satisfies Record<string, { status: number; title: string; remedy: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

/** Where in a document or payload an error is (JSON pointer or element id), with its own message. */
export interface ErrorDetail {
  readonly pointer?: string;
  readonly message: string;
  readonly code?: ErrorCode;
}

/**
 * An expected failure, named by its catalog code. Unknown throws are converted to
 * `internal.error` once, at the boundary, keeping the original as `cause`.
 */
export class DoppelError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: readonly ErrorDetail[];
  /** Extra response headers (e.g. Retry-After for `ingest.overloaded`). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: readonly ErrorDetail[]; cause?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'DoppelError';
    this.code = code;
    this.status = ERROR_CATALOG[code].status;
    this.details = options.details ?? [];
    this.headers = options.headers ?? {};
  }

  get title(): string {
    return ERROR_CATALOG[this.code].title;
  }

  get remedy(): string {
    return ERROR_CATALOG[this.code].remedy;
  }
}

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_CATALOG, value);
}

/** Converts anything thrown into a DoppelError, keeping the original as `cause`. */
export function toDoppelError(thrown: unknown): DoppelError {
  if (thrown instanceof DoppelError) return thrown;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new DoppelError('internal.error', message, { cause: thrown });
}

/** RFC 9457 problem details, as every REST error is sent. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: ErrorCode;
  readonly remedy: string;
  readonly instance?: string;
  readonly errors?: readonly ErrorDetail[];
}

export function toProblemDetails(error: DoppelError, instance?: string): ProblemDetails {
  return {
    type: `https://doppel.dev/errors#${error.code}`,
    title: error.title,
    status: error.status,
    detail: error.message,
    code: error.code,
    remedy: error.remedy,
    ...(instance === undefined ? {} : { instance }),
    ...(error.details.length === 0 ? {} : { errors: error.details }),
  };
}
