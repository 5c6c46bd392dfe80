/** A JSON Schema object of the OpenAPI document (OpenAPI 3.0 flavour: `nullable`, `$ref` to components). */
type Schema = { readonly [key: string]: unknown };

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema, description: string): Schema => ({ description, content: { 'application/json': { schema } } });
const text = (description: string, type = 'text/plain'): Schema => ({ description, content: { [type]: { schema: { type: 'string' } } } });
const error = (description: string): Schema => json(ref('Error'), description);
const nameParameter = (name: string, what: string): Schema => ({ name, in: 'path', required: true, description: what, schema: { type: 'string', pattern: '^[^\\s/"]{1,128}$' } });
const AUTH = { security: [{ bearer: [] }] };
const UNAUTHORIZED = { '401': error('missing or wrong bearer token (when the server has one)'), '403': error('sent by a browser from another site (its Origin is not this server)') };

const JOB: Schema = {
  type: 'object',
  required: ['name', 'status', 'rows_in', 'rows_out', 'bad_records', 'late_records', 'rate_in', 'rate_out', 'watermark', 'lag_ms', 'state', 'last_error', 'started_at', 'finished_at', 'sql'],
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    status: { type: 'string', enum: ['running', 'paused', 'stopped', 'failed', 'finished'] },
    rows_in: { type: 'integer', minimum: 0 },
    rows_out: { type: 'integer', minimum: 0 },
    bad_records: { type: 'integer', minimum: 0 },
    late_records: { type: 'integer', minimum: 0 },
    rate_in: { type: 'number', description: 'rows read per second over the last second' },
    rate_out: { type: 'number', description: 'rows written per second over the last second' },
    watermark: { type: 'string', format: 'date-time', nullable: true },
    lag_ms: { type: 'number', nullable: true, description: 'wall clock minus the watermark' },
    state: {
      type: 'object',
      required: ['windows', 'rows'],
      additionalProperties: false,
      properties: { windows: { type: 'integer', minimum: 0 }, rows: { type: 'integer', minimum: 0 } },
    },
    last_error: { type: 'string', nullable: true },
    started_at: { type: 'string', format: 'date-time', nullable: true },
    finished_at: { type: 'string', format: 'date-time', nullable: true },
    sql: { type: 'string' },
  },
};

const COUNTS: Schema = {
  type: 'object',
  required: ['total', 'running', 'paused', 'stopped', 'failed', 'finished'],
  additionalProperties: false,
  properties: Object.fromEntries(['total', 'running', 'paused', 'stopped', 'failed', 'finished'].map((k) => [k, { type: 'integer', minimum: 0 }])),
};

const HEALTH: Schema = {
  type: 'object',
  required: ['status', 'version', 'uptime_seconds', 'jobs', 'performance', 'memory'],
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: ['healthy', 'degraded'] },
    version: { type: 'string' },
    uptime_seconds: { type: 'integer', minimum: 0 },
    jobs: COUNTS,
    performance: {
      type: 'object',
      required: ['records_in_total', 'records_out_total', 'records_in_per_second', 'records_out_per_second'],
      additionalProperties: false,
      properties: Object.fromEntries(['records_in_total', 'records_out_total', 'records_in_per_second', 'records_out_per_second'].map((k) => [k, { type: 'number', minimum: 0 }])),
    },
    memory: {
      type: 'object',
      required: ['rss_bytes', 'heap_used_bytes'],
      additionalProperties: false,
      properties: { rss_bytes: { type: 'integer' }, heap_used_bytes: { type: 'integer' } },
    },
  },
};

/** The OpenAPI 3 document of the server's routes, served at `GET /openapi.json`. */
export function openApiDocument(version: string): Schema {
  return {
    openapi: '3.0.3',
    info: { title: 'FerrisStreams job server', version, description: 'Deploy streaming-SQL jobs, watch and control them, feed http_source streams.' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'the token of --token or --token-file; needed by every mutating route' } },
      schemas: {
        Job: JOB,
        Error: {
          type: 'object',
          required: ['code', 'message'],
          additionalProperties: false,
          properties: { code: { type: 'string' }, message: { type: 'string' }, line: { type: 'integer', minimum: 1 }, column: { type: 'integer', minimum: 1 } },
        },
        SqlResult: {
          type: 'object',
          required: ['jobs'],
          additionalProperties: false,
          properties: {
            jobs: { type: 'array', items: { type: 'string' }, description: 'the jobs deployed by the request' },
            results: {
              type: 'array',
              description: 'the text answers of SHOW, DESCRIBE, EXPLAIN, DROP, STOP, PAUSE, RESUME and START; absent when there is none',
              items: { type: 'object', required: ['statement', 'output'], additionalProperties: false, properties: { statement: { type: 'string' }, output: { type: 'string' } } },
            },
          },
        },
        IngestResult: {
          type: 'object',
          required: ['accepted', 'rejected'],
          additionalProperties: false,
          properties: { accepted: { type: 'integer', minimum: 0 }, rejected: { type: 'integer', minimum: 0 } },
        },
        Health: HEALTH,
        Probe: {
          type: 'object',
          required: ['status'],
          additionalProperties: false,
          properties: { status: { type: 'string', enum: ['live', 'ready', 'starting'] }, reason: { type: 'string' } },
        },
      },
    },
    paths: {
      '/sql': {
        post: {
          summary: 'Run SQL statements: CSAS, CTAS and INSERT deploy jobs; SHOW, DESCRIBE, EXPLAIN, DROP, STOP, PAUSE, RESUME, START run; a final SELECT streams its rows as NDJSON',
          ...AUTH,
          requestBody: { required: true, content: { 'text/plain': { schema: { type: 'string' } }, 'application/sql': { schema: { type: 'string' } } } },
          responses: {
            '200': { description: 'what the statements did, or the rows of a final SELECT', content: { 'application/json': { schema: ref('SqlResult') }, 'application/x-ndjson': { schema: { type: 'string' } } } },
            '400': error('a SQL error (with line and column) or a configuration error'),
            ...UNAUTHORIZED,
            '409': error('a job of that name is running'),
            '413': error('the body is over the limit (--max-sql-bytes)'),
            '415': error('the body is not text/plain'),
          },
        },
      },
      '/jobs': { get: { summary: 'Every job', responses: { '200': json({ type: 'array', items: ref('Job') }, 'the jobs, in deployment order') } } },
      '/jobs/{name}': {
        parameters: [nameParameter('name', 'the job')],
        get: { summary: 'One job', responses: { '200': json(ref('Job'), 'the job'), '404': error('no such job') } },
        delete: { summary: 'Drain and stop a job (it stays listed as stopped)', ...AUTH, responses: { '200': json(ref('Job'), 'the stopped job'), ...UNAUTHORIZED, '404': error('no such job') } },
      },
      '/jobs/{name}/pause': {
        parameters: [nameParameter('name', 'the job')],
        post: { summary: 'Pause a running job: its sources stop reading', ...AUTH, responses: { '200': json(ref('Job'), 'the paused job'), ...UNAUTHORIZED, '404': error('no such job'), '409': error('the job is not running') } },
      },
      '/jobs/{name}/resume': {
        parameters: [nameParameter('name', 'the job')],
        post: { summary: 'Resume a paused job', ...AUTH, responses: { '200': json(ref('Job'), 'the running job'), ...UNAUTHORIZED, '404': error('no such job'), '409': error('the job is not paused') } },
      },
      '/ingest/{stream}': {
        parameters: [nameParameter('stream', "a stream declared with '<stream>.type' = 'http_source'")],
        post: {
          summary: 'Feed NDJSON records (one JSON object per line) to an http_source stream; answered once every job reading it took them',
          ...AUTH,
          requestBody: { required: true, content: { 'application/x-ndjson': { schema: { type: 'string' } } } },
          responses: {
            '200': json(ref('IngestResult'), 'lines read into rows, and lines refused (routed by the job failure_strategy)'),
            '400': error('a bad line failed the job (failure_strategy = fail)'),
            ...UNAUTHORIZED,
            '404': error('no such stream'),
            '409': error('the stream is not an http_source, or no running job reads it'),
            '413': error('the body is over the limit (--max-ingest-bytes)'),
            '503': error('the job reading the stream is stopping'),
          },
        },
      },
      '/health': { get: { summary: 'Health with performance figures', responses: { '200': json(ref('Health'), 'the health of the server and its jobs') } } },
      '/health/live': { get: { summary: 'Liveness', responses: { '200': json(ref('Probe'), 'the process serves requests') } } },
      '/health/ready': {
        get: { summary: 'Readiness', responses: { '200': json(ref('Probe'), "every deployed job's sources and sinks are connected"), '503': json(ref('Probe'), 'jobs are still being connected') } },
      },
      '/report': { get: { summary: 'A text performance report', responses: { '200': text('the report') } } },
      '/metrics': { get: { summary: 'Prometheus metrics (ferris_*, labelled by job)', responses: { '200': text('the metrics in the Prometheus text format') } } },
      '/openapi.json': { get: { summary: 'This document', responses: { '200': json({ type: 'object' }, 'the OpenAPI 3 document') } } },
      '/events': { get: { summary: 'Server-sent events: `jobs`, the array of every job, each second and on every change', responses: { '200': text('the event stream', 'text/event-stream') } } },
      '/': { get: { summary: 'The live dashboard', responses: { '200': text('the dashboard page', 'text/html') } } },
    },
  };
}
