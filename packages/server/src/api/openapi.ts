/**
 * The OpenAPI 3.1 description of the REST API, served at /api/v1/openapi.json and rendered at
 * /api/docs. Written by hand next to the routes; a test checks that every route is described.
 */
const problem = { $ref: '#/components/schemas/Problem' };
const errors = {
  '400': { description: 'Invalid request', content: { 'application/problem+json': { schema: problem } } },
  '404': { description: 'Not found', content: { 'application/problem+json': { schema: problem } } },
};
const json = (schema: unknown, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const spaceIdParam = {
  name: 'spaceId',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description: 'The id of the twin the plan shows (a floor, a room, any space)',
};
const twinIdParam = { name: 'twinId', in: 'path', required: true, schema: { type: 'string' } };
const relIdParam = { name: 'relationshipId', in: 'path', required: true, schema: { type: 'string' } };
const paging = [
  { name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
  { name: 'continuationToken', in: 'query', schema: { type: 'string' } },
];
const etagHeaders = [
  {
    name: 'If-Match',
    in: 'header',
    schema: { type: 'string' },
    description: 'Only if the current ETag matches ("*" = exists).',
  },
  {
    name: 'If-None-Match',
    in: 'header',
    schema: { type: 'string' },
    description: '"*" = only if it does not exist yet.',
  },
];
const page = (item: unknown) => ({
  type: 'object',
  properties: { value: { type: 'array', items: item }, nextLink: { type: ['string', 'null'] } },
});
const ingestBody = {
  required: true,
  content: {
    'application/json': {
      schema: { $ref: '#/components/schemas/IngestPayload' },
      example: { ts: '2026-01-31T12:00:00Z', flowRate: 12.5, pressure: 3.1 },
    },
  },
};

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Doppel API',
    version: '1',
    description:
      "REST API of the Doppel digital twin platform. Models, twins and relationships follow Azure Digital Twins' data-plane shapes. Errors are RFC 9457 problem+json with a stable `code` (docs/errors.md). The live WebSocket is at /api/v1/live (packages/protocol/src/live.ts).",
  },
  servers: [{ url: '/api/v1' }],
  paths: {
    '/models': {
      get: {
        summary: 'List models',
        parameters: [...paging, { name: 'includeModelDefinition', in: 'query', schema: { type: 'boolean' } }],
        responses: { '200': json(page({ $ref: '#/components/schemas/ModelData' })) },
      },
      post: {
        summary: 'Upload DTDL models (all or nothing)',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'array', items: { type: 'object' } } } },
        },
        responses: {
          '201': json({ type: 'array', items: { $ref: '#/components/schemas/ModelData' } }, 'Created'),
          ...errors,
          '409': { description: 'Model already exists' },
        },
      },
    },
    '/models/{id}': {
      get: {
        summary: 'Get a model',
        parameters: [idParam],
        responses: { '200': json({ $ref: '#/components/schemas/ModelData' }), ...errors },
      },
      patch: {
        summary: 'Decommission or recommission a model',
        parameters: [idParam],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { type: 'array' },
              example: [{ op: 'replace', path: '/decommissioned', value: true }],
            },
          },
        },
        responses: { '200': json({ $ref: '#/components/schemas/ModelData' }), ...errors },
      },
      delete: {
        summary: 'Delete a model not in use',
        parameters: [idParam],
        responses: { '204': { description: 'Deleted' }, ...errors, '409': { description: 'Model in use' } },
      },
    },
    '/digitaltwins': {
      get: {
        summary: 'List twins',
        parameters: [
          ...paging,
          {
            name: 'model',
            in: 'query',
            schema: { type: 'string' },
            description: 'Only twins of this model or of models extending it.',
          },
        ],
        responses: { '200': json(page({ $ref: '#/components/schemas/DigitalTwin' })) },
      },
    },
    '/digitaltwins/{id}': {
      get: {
        summary: 'Get a twin',
        parameters: [idParam],
        responses: { '200': json({ $ref: '#/components/schemas/DigitalTwin' }), ...errors },
      },
      put: {
        summary: 'Create or replace a twin',
        parameters: [idParam, ...etagHeaders],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/DigitalTwin' } } },
        },
        responses: {
          '200': json({ $ref: '#/components/schemas/DigitalTwin' }),
          ...errors,
          '412': { description: 'Precondition failed' },
        },
      },
      patch: {
        summary: 'Update a twin with JSON Patch',
        parameters: [idParam, ...etagHeaders],
        requestBody: {
          required: true,
          content: {
            'application/json-patch+json': { schema: { type: 'array' } },
            'application/json': { schema: { type: 'array' } },
          },
        },
        responses: { '204': { description: 'Updated' }, ...errors, '412': { description: 'Precondition failed' } },
      },
      delete: {
        summary: 'Delete a twin without relationships',
        parameters: [idParam, ...etagHeaders],
        responses: { '204': { description: 'Deleted' }, ...errors },
      },
    },
    '/digitaltwins/{id}/state': {
      get: {
        summary: 'Live state of a twin: every path with value, source time, receive time and source',
        parameters: [idParam],
        responses: { '200': json({ $ref: '#/components/schemas/TwinState' }), ...errors },
      },
    },
    '/digitaltwins/{id}/telemetry': {
      post: {
        summary: 'Ingest telemetry (same payloads as MQTT)',
        parameters: [idParam],
        requestBody: ingestBody,
        responses: {
          '200': json(
            { $ref: '#/components/schemas/IngestResult' },
            'Stored durably (partially valid batches list their dead-lettered samples)',
          ),
          ...errors,
          '413': { description: 'Payload too large (dead-lettered)' },
          '422': { description: 'Nothing valid (dead-lettered)' },
          '503': { description: 'Saturated; see Retry-After' },
        },
      },
    },
    '/digitaltwins/{id}/properties/reported': {
      post: {
        summary: 'Ingest reported properties',
        parameters: [idParam],
        requestBody: ingestBody,
        responses: {
          '200': json({ $ref: '#/components/schemas/IngestResult' }),
          ...errors,
          '503': { description: 'Saturated; see Retry-After' },
        },
      },
    },
    '/digitaltwins/{id}/relationships': {
      get: {
        summary: 'List outgoing relationships',
        parameters: [idParam, ...paging, { name: 'relationshipName', in: 'query', schema: { type: 'string' } }],
        responses: { '200': json(page({ $ref: '#/components/schemas/Relationship' })), ...errors },
      },
    },
    '/digitaltwins/{id}/incomingrelationships': {
      get: {
        summary: 'List incoming relationships',
        parameters: [idParam, ...paging],
        responses: { '200': json(page({ type: 'object' })), ...errors },
      },
    },
    '/digitaltwins/{id}/relationships/{relationshipId}': {
      get: {
        summary: 'Get a relationship',
        parameters: [idParam, relIdParam],
        responses: { '200': json({ $ref: '#/components/schemas/Relationship' }), ...errors },
      },
      put: {
        summary: 'Create or replace a relationship',
        parameters: [idParam, relIdParam, ...etagHeaders],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Relationship' } } },
        },
        responses: { '200': json({ $ref: '#/components/schemas/Relationship' }), ...errors },
      },
      delete: {
        summary: 'Delete a relationship',
        parameters: [idParam, relIdParam, ...etagHeaders],
        responses: { '204': { description: 'Deleted' }, ...errors },
      },
    },
    '/tree': {
      get: {
        summary: 'One level of the navigation tree (contains relationships)',
        parameters: [
          ...paging,
          { name: 'parentId', in: 'query', schema: { type: 'string' } },
          { name: 'relationshipName', in: 'query', schema: { type: 'string', default: 'contains' } },
        ],
        responses: { '200': json(page({ $ref: '#/components/schemas/TreeNode' })), ...errors },
      },
    },
    '/digitaltwins/{id}/history': {
      get: {
        summary: 'History of one or more paths of a twin, raw or aggregated; columnar result',
        parameters: [
          idParam,
          {
            name: 'path',
            in: 'query',
            required: true,
            schema: { type: 'string' },
            description: 'Telemetry or property path; repeat or comma-separate for several.',
          },
          {
            name: 'from',
            in: 'query',
            schema: { type: 'string' },
            description: 'ISO 8601 or epoch ms, inclusive (default: to − 1 h)',
          },
          {
            name: 'to',
            in: 'query',
            schema: { type: 'string' },
            description: 'ISO 8601 or epoch ms, exclusive (default: now)',
          },
          {
            name: 'step',
            in: 'query',
            schema: { type: 'string' },
            description: 'Bucket width: 1m, 15m, 1h, 1d, PT15M or ms',
          },
          { name: 'agg', in: 'query', schema: { enum: ['avg', 'min', 'max', 'sum', 'count', 'first', 'last'] } },
          {
            name: 'tz',
            in: 'query',
            schema: { type: 'string' },
            description: 'IANA time zone for buckets of a day or more',
          },
          {
            name: 'maxPoints',
            in: 'query',
            schema: { type: 'integer' },
            description: 'Downsample (avg per bucket) to at most this many points',
          },
        ],
        responses: { '200': json({ $ref: '#/components/schemas/HistoryResult' }), ...errors },
      },
    },
    '/digitaltwins/{id}/history/export': {
      get: {
        summary:
          'Download a range of history as CSV, NDJSON (streamed) or Parquet (one row per timestamp, one column per path)',
        description:
          'Parquet: `ts` (TIMESTAMP WITH TIME ZONE, UTC; the bucket start with `step`) and one column per path typed double, bigint, boolean or string (JSON values as text); at most historyPointsMax rows, within historyQueryTimeoutMs (docs/history.md).',
        parameters: [
          idParam,
          {
            name: 'path',
            in: 'query',
            required: true,
            schema: { type: 'string' },
            description: 'Comma-separated paths',
          },
          { name: 'from', in: 'query', required: true, schema: { type: 'string' } },
          { name: 'to', in: 'query', required: true, schema: { type: 'string' } },
          { name: 'format', in: 'query', schema: { enum: ['csv', 'ndjson', 'parquet'], default: 'csv' } },
          { name: 'step', in: 'query', schema: { type: 'string' } },
          { name: 'agg', in: 'query', schema: { enum: ['avg', 'min', 'max', 'sum', 'count', 'first', 'last'] } },
          {
            name: 'tz',
            in: 'query',
            schema: { type: 'string' },
            description: 'IANA time zone for buckets of a day or more',
          },
        ],
        responses: {
          '200': {
            description: 'The range, as an attachment',
            content: {
              'text/csv': { schema: { type: 'string' } },
              'application/x-ndjson': { schema: { type: 'string' } },
              'application/vnd.apache.parquet': { schema: { type: 'string', format: 'binary' } },
            },
          },
          ...errors,
        },
      },
    },
    '/history/query': {
      post: {
        summary: 'History of many series at once',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  series: {
                    type: 'array',
                    items: { type: 'object', properties: { twinId: { type: 'string' }, path: { type: 'string' } } },
                  },
                  from: { type: 'string' },
                  to: { type: 'string' },
                  step: { type: 'string' },
                  agg: { type: 'string' },
                  tz: { type: 'string' },
                  maxPoints: { type: 'integer' },
                },
              },
            },
          },
        },
        responses: { '200': json({ $ref: '#/components/schemas/HistoryResult' }), ...errors },
      },
    },
    '/history/sql': {
      post: {
        summary: 'Read-only SQL over the history tables (docs/history.md), bounded in rows and time',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object', properties: { sql: { type: 'string' } } } } },
        },
        responses: {
          '200': json({ type: 'object', properties: { columns: { type: 'array' }, rows: { type: 'array' } } }),
          ...errors,
        },
      },
    },
    '/graph/export': {
      get: {
        summary:
          "The whole graph as NDJSON in Azure Digital Twins' import format (sections Header, Models, Twins, Relationships), streamed",
        responses: {
          '200': { description: 'NDJSON', content: { 'application/x-ndjson': { schema: { type: 'string' } } } },
        },
      },
    },
    '/graph/import': {
      post: {
        summary:
          "Import NDJSON in Azure Digital Twins' import format (what /graph/export writes): batches of 1,000 lines, each all or nothing, with a per-line error report",
        parameters: [
          {
            name: 'kind',
            in: 'query',
            schema: { type: 'string', enum: ['twins', 'relationships'] },
            description: 'what a text/csv body holds',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/x-ndjson': { schema: { type: 'string' } },
            'text/csv': { schema: { type: 'string' } },
          },
        },
        responses: {
          '200': json({
            type: 'object',
            properties: {
              models: { type: 'object' },
              twins: { type: 'object' },
              relationships: { type: 'object' },
              batchesRefused: { type: 'integer' },
              errorCount: { type: 'integer' },
              errors: { type: 'array' },
            },
          }),
          ...errors,
        },
      },
    },
    '/query': {
      post: {
        summary:
          "Twin query in Azure Digital Twins' language over the graph and live values (docs/query.md); EXPLAIN SELECT … returns the plan",
        parameters: [
          {
            name: 'max-items-per-page',
            in: 'header',
            schema: { type: 'integer', minimum: 1, maximum: 10000 },
            description: 'page size when the body has no pageSize (default 1000)',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['query'],
                properties: {
                  query: { type: 'string' },
                  continuationToken: { type: 'string' },
                  pageSize: { type: 'integer', minimum: 1, maximum: 10000 },
                },
              },
            },
          },
        },
        responses: {
          '200': json({
            type: 'object',
            properties: {
              value: { type: 'array' },
              continuationToken: { type: 'string' },
              explain: { type: 'array', items: { type: 'string' } },
              stats: { type: 'object' },
            },
          }),
          ...errors,
        },
      },
    },
    '/history/status': {
      get: {
        summary: 'History store size, checkpoint and consumer lag',
        responses: { '200': json({ type: 'object' }) },
      },
    },
    '/digitaltwins/{id}/commands/{name}': {
      post: {
        summary:
          "Invoke a DTDL Command of the twin's model: 202 with the command (pending or sent), or with waitMs its final status",
        parameters: [
          idParam,
          { name: 'name', in: 'path', required: true, schema: { type: 'string' } },
          {
            name: 'waitMs',
            in: 'query',
            schema: { type: 'integer', maximum: 60000 },
            description: 'wait this long for the final status',
          },
        ],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { request: {}, timeoutMs: { type: 'integer' }, ttlMs: { type: 'integer' } },
              },
            },
          },
        },
        responses: { '200': json({ type: 'object' }), '202': json({ type: 'object' }), ...errors },
      },
    },
    '/digitaltwins/{id}/properties/{name}/desired': {
      put: {
        summary:
          'Set a writable property to a desired value; done when the reported value converges (within tolerance)',
        parameters: [
          idParam,
          { name: 'name', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'waitMs', in: 'query', schema: { type: 'integer', maximum: 60000 } },
        ],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['value'],
                properties: {
                  value: {},
                  tolerance: { type: 'number' },
                  timeoutMs: { type: 'integer' },
                  ttlMs: { type: 'integer' },
                },
              },
            },
          },
        },
        responses: { '200': json({ type: 'object' }), '202': json({ type: 'object' }), ...errors },
      },
    },
    '/digitaltwins/{id}/commands': {
      get: {
        summary: "The twin's commands and desired values, newest first",
        parameters: [
          idParam,
          { name: 'status', in: 'query', schema: { type: 'string' } },
          { name: 'pageSize', in: 'query', schema: { type: 'integer' } },
          { name: 'continuationToken', in: 'query', schema: { type: 'string' } },
        ],
        responses: { '200': json(page({ type: 'object' })), ...errors },
      },
    },
    '/commands': {
      get: {
        summary: 'All commands (the audit trail), newest first, by twin and status',
        parameters: [
          { name: 'twinId', in: 'query', schema: { type: 'string' } },
          { name: 'status', in: 'query', schema: { type: 'string' } },
          { name: 'pageSize', in: 'query', schema: { type: 'integer' } },
          { name: 'continuationToken', in: 'query', schema: { type: 'string' } },
        ],
        responses: { '200': json(page({ type: 'object' })), ...errors },
      },
    },
    '/commands/{id}': {
      get: {
        summary: 'One command with its status times',
        parameters: [idParam],
        responses: { '200': json({ type: 'object' }), ...errors },
      },
    },
    '/commands/{id}/cancel': {
      post: {
        summary: 'Cancel a command still pending',
        parameters: [idParam],
        responses: { '200': json({ type: 'object' }), ...errors },
      },
    },
    '/workorders': {
      post: {
        summary: 'Open a maintenance work order on a twin: {"twinId", "title", "description"?}',
        responses: { '201': json({ type: 'object' }), ...errors },
      },
      get: {
        summary: 'Work orders, newest first, by twin and status',
        parameters: [
          { name: 'twinId', in: 'query', schema: { type: 'string' } },
          { name: 'status', in: 'query', schema: { type: 'string', enum: ['open', 'assigned', 'done', 'cancelled'] } },
          { name: 'limit', in: 'query', schema: { type: 'integer' } },
        ],
        responses: { '200': json({ type: 'object' }), ...errors },
      },
    },
    '/workorders/{id}': {
      get: {
        summary: 'One work order with its log',
        parameters: [idParam],
        responses: { '200': json({ type: 'object' }), ...errors },
      },
      patch: {
        summary: 'Move a work order: {"status"?, "assignee"?, "note"?} (open → assigned → done; cancelled)',
        parameters: [idParam],
        responses: { '200': json({ type: 'object' }), ...errors },
      },
    },
    '/alert-rules': {
      get: { summary: 'Alert rules (docs/alerts.md)', responses: { '200': json({ type: 'object' }) } },
    },
    '/alert-rules/export': {
      get: {
        summary: 'The rule set as a file: {"version": 1, "channels": [...], "rules": [...]} (configuration as code)',
        responses: { '200': json({ type: 'object' }) },
      },
    },
    '/alert-rules/import': {
      post: {
        summary:
          'Import a rule set file, checked whole: mode=replace (default) drops what it does not hold, merge keeps it',
        parameters: [{ name: 'mode', in: 'query', schema: { type: 'string', enum: ['replace', 'merge'] } }],
        responses: { '200': json({ type: 'object' }), ...errors },
      },
    },
    '/alert-rules/{id}': {
      get: {
        summary: 'One alert rule',
        parameters: [idParam],
        responses: { '200': json({ type: 'object' }), ...errors },
      },
      put: {
        summary:
          'Create or replace a rule: {"name", "severity", "models"|"twins", "condition", "forMs"?, "channels"?, "enabled"?}',
        parameters: [idParam],
        responses: { '200': json({ type: 'object' }), ...errors },
      },
      delete: {
        summary: 'Delete a rule (its open alerts clear)',
        parameters: [idParam],
        responses: { '204': { description: 'deleted' }, ...errors },
      },
    },
    '/alert-channels': {
      get: {
        summary: 'Notification channels, with delivered / retried / failed / dropped counts per channel',
        responses: { '200': json({ type: 'object' }) },
      },
    },
    '/alert-channels/{id}': {
      put: {
        summary:
          'Create or replace a channel: {"kind": "webhook", "url", "headers"?} or {"kind": "mqtt", "topic"}, "minSeverity"?',
        parameters: [idParam],
        responses: { '200': json({ type: 'object' }), ...errors },
      },
      delete: {
        summary: 'Delete a channel no rule uses',
        parameters: [idParam],
        responses: { '204': { description: 'deleted' }, ...errors },
      },
    },
    '/alerts': {
      get: {
        summary: 'Alerts, newest first, by twin, rule, severity and status (open = active or acknowledged)',
        parameters: [
          { name: 'twinId', in: 'query', schema: { type: 'string' } },
          { name: 'ruleId', in: 'query', schema: { type: 'string' } },
          {
            name: 'status',
            in: 'query',
            schema: { type: 'string', enum: ['open', 'active', 'acknowledged', 'cleared'] },
          },
          {
            name: 'severity',
            in: 'query',
            schema: { type: 'string', enum: ['critical', 'major', 'minor', 'warning'] },
          },
          { name: 'limit', in: 'query', schema: { type: 'integer' } },
        ],
        responses: { '200': json({ type: 'object' }), ...errors },
      },
    },
    '/alerts/{id}': {
      get: {
        summary: 'One alert with its log',
        parameters: [idParam],
        responses: { '200': json({ type: 'object' }), ...errors },
      },
    },
    '/alerts/{id}/acknowledge': {
      post: {
        summary: 'Acknowledge an active alert: {"by"?, "note"?}',
        parameters: [idParam],
        responses: { '200': json({ type: 'object' }), ...errors },
      },
    },
    '/alerts/{id}/label': {
      post: {
        summary: 'Label an alert: {"label": "real" | "expected", "by"?}; detectors are scored against these labels',
        parameters: [idParam],
        responses: { '200': json({ type: 'object' }), ...errors },
      },
    },
    '/alerts/{id}/clear': {
      post: {
        summary:
          'Clear an open alert by hand: {"by"?, "note"?} (the rule raises it again only after its condition stopped holding)',
        parameters: [idParam],
        responses: { '200': json({ type: 'object' }), ...errors },
      },
    },
    '/detectors': {
      get: {
        summary:
          'The streaming anomaly detectors: series watched, and per kind (spike, stuck, drift, level-shift, outlier) alerts raised, labelled real or expected, missed, precision and recall',
        responses: { '200': json({ type: 'object' }), ...errors },
      },
    },
    '/detectors/missed': {
      post: {
        summary:
          'Report an anomaly the detectors missed: {"twinId", "path", "kind", "at"?, "by"?, "note"?} (counts against recall)',
        responses: { '201': json({ type: 'object' }), ...errors },
      },
    },
    '/digitaltwins/{id}/anomaly-scores': {
      get: {
        summary: 'Each watched telemetry of a twin: its latest robust z-score against its time-of-day baseline',
        parameters: [idParam],
        responses: { '200': json({ type: 'object' }), ...errors },
      },
    },
    '/anomaly-models': {
      get: {
        summary:
          'Every asset anomaly model (isolation forest per twin): inputs, training window, threshold, version, last score, labels, precision and recall',
        responses: { '200': json({ type: 'object' }), ...errors },
      },
    },
    '/digitaltwins/{id}/anomaly-model': {
      put: {
        summary:
          'Train (or replace) the twin\'s anomaly model on a window of normal operation: {"properties", "trainFrom", "trainTo", "extension"?, "contamination"?, "outputProperty"?, "everyMs"?}',
        parameters: [idParam],
        requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
        responses: { '200': json({ type: 'object' }), ...errors },
      },
      get: {
        summary: "The twin's anomaly model",
        parameters: [idParam],
        responses: { '200': json({ type: 'object' }), ...errors },
      },
      delete: {
        summary: "Delete the twin's anomaly model (its scores stay in history)",
        parameters: [idParam],
        responses: { '204': { description: 'Deleted' }, ...errors },
      },
    },
    '/digitaltwins/{id}/anomaly-model/retrain': {
      post: {
        summary: 'Retrain on the same window with the labels (real / expected) operators gave its alerts',
        parameters: [idParam],
        responses: { '200': json({ type: 'object' }), ...errors },
      },
    },
    '/digitaltwins/{id}/anomaly-model/missed': {
      post: {
        summary: 'Report an anomaly the model missed: {"at"?, "note"?, "by"?} (counts against recall)',
        parameters: [idParam],
        responses: { '201': json({ type: 'object' }), ...errors },
      },
    },
    '/ml-models': {
      get: {
        summary: 'Uploaded ONNX models with their versions (size, sha256, inputs and outputs)',
        responses: { '200': json({ type: 'object' }), ...errors },
      },
    },
    '/ml-models/{name}/versions/{version}': {
      put: {
        summary:
          'Upload a version of an ONNX model (the file as application/octet-stream, ≤ 64 MiB); versions are immutable',
        parameters: [
          { name: 'name', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'version', in: 'path', required: true, schema: { type: 'string' } },
        ],
        requestBody: { content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
        responses: { '201': json({ type: 'object' }), '200': json({ type: 'object' }), ...errors },
      },
      delete: {
        summary: 'Delete a version no binding runs',
        parameters: [
          { name: 'name', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'version', in: 'path', required: true, schema: { type: 'string' } },
        ],
        responses: { '204': { description: 'Deleted' }, ...errors },
      },
    },
    '/ml-bindings': {
      get: {
        summary: 'Model bindings with their status, shadow comparison and drifted inputs',
        responses: { '200': json({ type: 'object' }), ...errors },
      },
    },
    '/ml-bindings/{id}': {
      put: {
        summary:
          'Create or replace a binding: {"modelId", "mlModel", "version", "shadowVersion"?, "inputs", "window"?, "everyMs"?, "outputProperty", "shadowOutputProperty"?, "referenceFrom"?, "referenceTo"?}',
        parameters: [idParam],
        requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
        responses: { '200': json({ type: 'object' }), ...errors },
      },
      get: {
        summary: 'One binding',
        parameters: [idParam],
        responses: { '200': json({ type: 'object' }), ...errors },
      },
      delete: {
        summary: 'Stop and delete a binding (its outputs stay in history)',
        parameters: [idParam],
        responses: { '204': { description: 'Deleted' }, ...errors },
      },
    },
    '/ml-bindings/{id}/promote': {
      post: {
        summary: 'Promote the shadow version: it becomes the active one and writes the output',
        parameters: [idParam],
        responses: { '200': json({ type: 'object' }), ...errors },
      },
    },
    '/digitaltwins/{id}/models': {
      get: {
        summary: 'What runs on the twin: its anomaly model and the bindings of its model, with their latest outputs',
        parameters: [idParam],
        responses: { '200': json({ type: 'object' }), ...errors },
      },
    },
    '/digitaltwins/{id}/maintenance': {
      post: {
        summary: 'Record a failure, repair or inspection of the twin: {"kind", "at"?, "note"?, "by"?}',
        parameters: [idParam],
        responses: { '201': json({ type: 'object' }), ...errors },
      },
      get: {
        summary: "The twin's maintenance events, newest first",
        parameters: [idParam],
        responses: { '200': json({ type: 'object' }), ...errors },
      },
    },
    '/maintenance/outcomes': {
      get: {
        summary:
          'Predicted vs actual per predictive rule (reading the remaining useful life or the health index): alerts, failures that followed within the horizon, failures missed, precision, recall, median lead time',
        parameters: [{ name: 'horizonDays', in: 'query', schema: { type: 'number', default: 14 } }],
        responses: { '200': json({ type: 'object' }), ...errors },
      },
    },
    '/plans': {
      get: {
        summary: 'Floor plans, sorted by space: name, frame, unit, how many twins are placed, last change',
        responses: {
          '200': json({
            type: 'object',
            properties: { value: { type: 'array', items: { $ref: '#/components/schemas/PlanSummary' } } },
          }),
        },
      },
    },
    '/plans/{spaceId}': {
      get: {
        summary: 'The plan of a space (any twin): background and placements, with an ETag',
        parameters: [spaceIdParam],
        responses: { '200': json({ $ref: '#/components/schemas/FloorPlan' }), ...errors },
      },
      put: {
        summary:
          'Create (201) or replace (200) the plan of an existing twin; placements must lie in the frame and name existing twins (docs/plans.md)',
        parameters: [spaceIdParam],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/PlanInput' } } },
        },
        responses: {
          '200': json({ $ref: '#/components/schemas/FloorPlan' }, 'Replaced'),
          '201': json({ $ref: '#/components/schemas/FloorPlan' }, 'Created'),
          ...errors,
        },
      },
      delete: {
        summary: 'Delete the plan of a space (the space twin stays)',
        parameters: [spaceIdParam],
        responses: { '204': { description: 'Deleted' }, ...errors },
      },
    },
    '/plans/{spaceId}/placements/{twinId}': {
      put: {
        summary: "Place a twin on the plan, or move it: {x, y, area?}; the plan's new ETag in the ETag header",
        parameters: [spaceIdParam, twinIdParam],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['x', 'y'],
                properties: {
                  x: { type: 'number' },
                  y: { type: 'number' },
                  area: { $ref: '#/components/schemas/Area' },
                },
              },
            },
          },
        },
        responses: { '200': json({ $ref: '#/components/schemas/Placement' }), ...errors },
      },
      delete: {
        summary: 'Take a twin off the plan',
        parameters: [spaceIdParam, twinIdParam],
        responses: { '204': { description: 'Removed' }, ...errors },
      },
    },
    '/consistency': {
      get: {
        summary:
          'Consistency rules (one value resolved from several inputs) with the resolutions so far: which input won and why',
        parameters: [
          { name: 'rule', in: 'query', schema: { type: 'string' } },
          { name: 'twinId', in: 'query', schema: { type: 'string' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', default: 100, maximum: 1000 } },
        ],
        responses: { '200': json({ type: 'object' }), ...errors },
      },
    },
    '/freshness/degraded': {
      get: {
        summary: 'Twins whose freshness roll-up is degraded now (a critical series at or below them is stale)',
        responses: { '200': json({ type: 'object' }) },
      },
    },
    '/discrepancies': {
      get: { summary: 'Discrepancies the configured rules see now', responses: { '200': json({ type: 'object' }) } },
    },
    '/freshness': {
      get: {
        summary: 'Freshness of every series: counts, sources by status, and the stale series (oldest first)',
        parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', default: 100, maximum: 1000 } }],
        responses: { '200': json({ type: 'object' }), ...errors },
      },
    },
    '/digitaltwins/{id}/freshness': {
      get: {
        summary:
          'Freshness rolled up: degraded if a critical series of the twin or of a twin below it (contains) is stale',
        parameters: [idParam],
        responses: { '200': json({ type: 'object' }), ...errors },
      },
    },
    '/digitaltwins/{id}/freshness/history': {
      get: {
        summary: "The twin's freshness transitions (stale, fresh again) kept in history, oldest first",
        parameters: [
          idParam,
          { name: 'path', in: 'query', schema: { type: 'string' } },
          {
            name: 'from',
            in: 'query',
            schema: { type: 'string' },
            description: 'ISO 8601 or epoch ms, inclusive (default: to − 1 day)',
          },
          {
            name: 'to',
            in: 'query',
            schema: { type: 'string' },
            description: 'ISO 8601 or epoch ms, exclusive (default: now)',
          },
          { name: 'limit', in: 'query', schema: { type: 'integer', default: 1000, maximum: 10000 } },
        ],
        responses: { '200': json({ type: 'object' }), ...errors },
      },
    },
    '/sources': {
      get: {
        summary:
          'Sources seen (MQTT client ids, HTTP callers) with status online | disconnected | offline and last seen',
        responses: { '200': json({ type: 'object' }) },
      },
    },
    '/sources/{id}/heartbeat': {
      post: {
        summary: 'A heartbeat from a source with nothing else to send: it is seen (and back online)',
        parameters: [idParam],
        responses: { '204': { description: 'Seen' }, ...errors },
      },
    },
    '/sources/{id}': {
      get: {
        summary: 'One source',
        parameters: [idParam],
        responses: { '200': json({ type: 'object' }), ...errors },
      },
    },
    '/deadletters': {
      get: {
        summary: 'List dead letters, newest first',
        parameters: [
          { name: 'pageSize', in: 'query', schema: { type: 'integer' } },
          { name: 'continuationToken', in: 'query', schema: { type: 'string' } },
          { name: 'twinId', in: 'query', schema: { type: 'string' } },
          { name: 'reason', in: 'query', schema: { type: 'string' } },
          { name: 'from', in: 'query', schema: { type: 'string' }, description: 'ISO 8601 or epoch ms, inclusive' },
          { name: 'to', in: 'query', schema: { type: 'string' }, description: 'ISO 8601 or epoch ms, inclusive' },
          { name: 'includeReplayed', in: 'query', schema: { type: 'boolean', default: true } },
        ],
        responses: { '200': json(page({ $ref: '#/components/schemas/DeadLetter' })) },
      },
    },
    '/deadletters/{id}': {
      get: {
        summary: 'Get a dead letter',
        parameters: [idParam],
        responses: { '200': json({ $ref: '#/components/schemas/DeadLetter' }), ...errors },
      },
    },
    '/deadletters/{id}/replay': {
      post: {
        summary: 'Replay a dead letter after fixing its model or twin',
        parameters: [idParam],
        responses: {
          '200': json({ type: 'object' }),
          ...errors,
          '409': { description: 'Already replayed' },
          '422': { description: 'Would fail again' },
        },
      },
    },
    '/metrics': {
      get: { summary: 'Prometheus metrics', responses: { '200': { description: 'text/plain; version=0.0.4' } } },
    },
    '/stats': { get: { summary: 'Platform figures for the UI', responses: { '200': json({ type: 'object' }) } } },
    '/healthz': { get: { summary: 'Liveness', responses: { '200': json({ type: 'object' }) } } },
    '/live': {
      get: {
        summary: 'WebSocket upgrade for live twin updates (protocol v1)',
        responses: { '101': { description: 'Switching protocols' } },
      },
    },
  },
  components: {
    schemas: {
      Problem: {
        type: 'object',
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          code: { type: 'string' },
          remedy: { type: 'string' },
          instance: { type: 'string' },
          errors: { type: 'array', items: { type: 'object' } },
        },
      },
      ModelData: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          displayName: { type: 'object' },
          description: { type: 'object' },
          uploadTime: { type: 'string', format: 'date-time' },
          decommissioned: { type: 'boolean' },
          model: { type: 'object' },
        },
      },
      DigitalTwin: {
        type: 'object',
        required: ['$metadata'],
        properties: {
          $dtId: { type: 'string' },
          $etag: { type: 'string' },
          $metadata: { type: 'object', properties: { $model: { type: 'string' } } },
        },
        additionalProperties: true,
      },
      Relationship: {
        type: 'object',
        required: ['$targetId', '$relationshipName'],
        properties: {
          $relationshipId: { type: 'string' },
          $etag: { type: 'string' },
          $sourceId: { type: 'string' },
          $targetId: { type: 'string' },
          $relationshipName: { type: 'string' },
        },
        additionalProperties: true,
      },
      TwinState: {
        type: 'object',
        properties: {
          $dtId: { type: 'string' },
          $model: { type: 'string' },
          paths: { type: 'object', additionalProperties: { $ref: '#/components/schemas/PathState' } },
        },
      },
      PathState: {
        type: 'object',
        properties: {
          value: {},
          sourceTimeMs: { type: 'integer' },
          receivedMs: { type: 'integer' },
          source: { type: 'string' },
          kind: { enum: ['telemetry', 'property'] },
        },
      },
      TreeNode: {
        type: 'object',
        properties: {
          $dtId: { type: 'string' },
          $model: { type: 'string' },
          label: { type: 'string' },
          childCount: { type: 'integer' },
        },
      },
      IngestPayload: {
        oneOf: [{ type: 'object' }, { type: 'array', items: { type: 'object' } }],
        description:
          '{ "ts"?: ISO 8601 | epoch ms, "$quality"?: "good" | "uncertain" | "bad" | { "<name>" or "<component>/<name>": quality }, "<name>": value, … } or an array of them',
      },
      IngestResult: {
        type: 'object',
        properties: {
          received: { type: 'integer' },
          applied: { type: 'integer' },
          deadLettered: { type: 'integer' },
          errors: { type: 'array', items: { type: 'object' } },
        },
      },
      HistoryResult: {
        type: 'object',
        properties: {
          fromMs: { type: 'integer' },
          toMs: { type: 'integer' },
          tier: { enum: ['raw', '1m', '15m'] },
          stepMs: { type: ['integer', 'null'] },
          agg: { type: ['string', 'null'] },
          downsampled: { type: ['string', 'null'] },
          frames: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                series: { type: 'object' },
                timestamps: { type: 'array', items: { type: 'integer' } },
                values: { type: 'array' },
              },
            },
          },
        },
      },
      PlanBackground: {
        description:
          'Drawn under the placements, stretched over the frame; the UI shows it as an image, so scripts in an SVG never run.',
        oneOf: [
          {
            type: 'object',
            required: ['kind', 'svg'],
            properties: {
              kind: { const: 'svg' },
              svg: { type: 'string', description: 'An SVG document with xmlns="http://www.w3.org/2000/svg"' },
            },
          },
          {
            type: 'object',
            required: ['kind', 'dataUrl'],
            properties: {
              kind: { const: 'image' },
              dataUrl: { type: 'string', pattern: '^data:image/(png|jpeg|webp);base64,' },
            },
          },
          { type: 'object', required: ['kind'], properties: { kind: { const: 'none' } } },
        ],
      },
      Area: {
        type: 'array',
        minItems: 3,
        maxItems: 1000,
        items: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
        description: 'A polygon [[x, y], …] the twin covers, in the plan frame',
      },
      Placement: {
        type: 'object',
        required: ['twinId', 'x', 'y'],
        properties: {
          twinId: { type: 'string' },
          x: { type: 'number', description: 'In the frame: 0 ≤ x ≤ width' },
          y: { type: 'number', description: 'In the frame: 0 ≤ y ≤ height' },
          area: { $ref: '#/components/schemas/Area' },
        },
      },
      PlanInput: {
        type: 'object',
        required: ['width', 'height', 'background'],
        properties: {
          name: { type: 'string', description: "Default: the space twin's name property, or its id" },
          width: { type: 'number', exclusiveMinimum: 0, description: 'The frame: x right, y down, origin top-left' },
          height: { type: 'number', exclusiveMinimum: 0 },
          unit: { enum: ['m', 'px'], default: 'm' },
          background: { $ref: '#/components/schemas/PlanBackground' },
          placements: { type: 'array', items: { $ref: '#/components/schemas/Placement' } },
        },
      },
      FloorPlan: {
        allOf: [
          { $ref: '#/components/schemas/PlanInput' },
          {
            type: 'object',
            required: ['spaceId', 'name', 'unit', 'placements', 'updatedAt', 'etag'],
            properties: {
              spaceId: { type: 'string' },
              updatedAt: { type: 'string', format: 'date-time' },
              etag: { type: 'string' },
            },
          },
        ],
      },
      PlanSummary: {
        type: 'object',
        properties: {
          spaceId: { type: 'string' },
          name: { type: 'string' },
          width: { type: 'number' },
          height: { type: 'number' },
          unit: { enum: ['m', 'px'] },
          placements: { type: 'integer', description: 'How many twins are placed' },
          updatedAt: { type: 'string', format: 'date-time' },
        },
      },
      DeadLetter: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          reason: { type: 'string' },
          message: { type: 'string' },
          transport: { type: 'string' },
          topic: { type: 'string' },
          clientId: { type: 'string' },
          twinId: { type: ['string', 'null'] },
          receivedAt: { type: 'string' },
          points: { type: 'integer' },
          payload: { type: 'string' },
          payloadEncoding: { enum: ['utf8', 'base64'] },
          rawTruncated: { type: 'boolean' },
          replayedAt: { type: ['string', 'null'] },
        },
      },
    },
  },
} as const;
