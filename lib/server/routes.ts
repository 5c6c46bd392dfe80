import type { Registry } from 'prom-client';
import { readBody, refuseDeclaredOverLimit, requireMediaType } from './body.js';
import { dashboardPage } from './dashboardPage.js';
import type { Deployments } from './deployments.js';
import type { EventStream } from './eventStream.js';
import { healthReport, performanceReport } from './health.js';
import { HttpError } from './httpError.js';
import type { IngestHub } from './ingestHub.js';
import { jobView } from './jobView.js';
import { openApiDocument } from './openApi.js';
import { streamQuery } from './queryStream.js';
import type { Route } from './router.js';
import { sendJson, sendText } from './send.js';

/** What the routes work with. */
export interface RouteContext {
  readonly deployments: Deployments;
  readonly ingest: IngestHub;
  readonly metrics: Registry;
  readonly events: EventStream;
  readonly version: string;
  readonly startedAt: number;
  /** Body limits in bytes: of `POST /sql`, and of `POST /ingest/:stream`. */
  readonly limits: { readonly sql: number; readonly ingest: number };
}

/** The media types `POST /ingest/:stream` takes: NDJSON under its usual names (not `application/json`: the body is not one JSON document). */
const NDJSON_TYPES = ['application/x-ndjson', 'application/jsonl', 'text/plain'];

/** Every route of the server (their schemas are in {@link openApiDocument}). */
export function serverRoutes(context: RouteContext): Route[] {
  const { deployments, ingest, metrics, events, version, startedAt, limits } = context;
  const jobs = deployments.jobs;
  const views = (): unknown[] => jobs.list.map((job) => jobView(job));
  return [
    { method: 'GET', path: '/', mutating: false, handle: async ({ response }) => sendText(response, 200, dashboardPage(version), 'text/html; charset=utf-8') },
    { method: 'GET', path: '/events', mutating: false, handle: async ({ response }) => events.add(response, { event: 'jobs', data: views() }) },
    { method: 'GET', path: '/health/live', mutating: false, handle: async ({ response }) => sendJson(response, 200, { status: 'live' }) },
    {
      method: 'GET',
      path: '/health/ready',
      mutating: false,
      handle: async ({ response }) => {
        const opening = deployments.starting || jobs.busy;
        sendJson(response, opening ? 503 : 200, { status: opening ? 'starting' : 'ready', reason: opening ? "jobs' sources and sinks are being connected" : 'every deployed job is connected' });
      },
    },
    { method: 'GET', path: '/health', mutating: false, handle: async ({ response }) => sendJson(response, 200, healthReport(jobs.list, version, startedAt)) },
    { method: 'GET', path: '/report', mutating: false, handle: async ({ response }) => sendText(response, 200, performanceReport(jobs.list, version, startedAt)) },
    { method: 'GET', path: '/metrics', mutating: false, handle: async ({ response }) => sendText(response, 200, await metrics.metrics(), metrics.contentType) },
    { method: 'GET', path: '/openapi.json', mutating: false, handle: async ({ response }) => sendJson(response, 200, openApiDocument(version)) },
    { method: 'GET', path: '/jobs', mutating: false, handle: async ({ response }) => sendJson(response, 200, views()) },
    { method: 'GET', path: '/jobs/:name', mutating: false, handle: async ({ response, params }) => sendJson(response, 200, jobView(jobs.get(params.name!))) },
    {
      method: 'DELETE',
      path: '/jobs/:name',
      mutating: true,
      handle: async ({ response, params }) => {
        await deployments.control('STOP', params.name!);
        sendJson(response, 200, jobView(jobs.get(params.name!)));
      },
    },
    {
      method: 'POST',
      path: '/jobs/:name/pause',
      mutating: true,
      handle: async ({ response, params }) => {
        await deployments.control('PAUSE', params.name!);
        sendJson(response, 200, jobView(jobs.get(params.name!)));
      },
    },
    {
      method: 'POST',
      path: '/jobs/:name/resume',
      mutating: true,
      handle: async ({ response, params }) => {
        await deployments.control('RESUME', params.name!);
        sendJson(response, 200, jobView(jobs.get(params.name!)));
      },
    },
    {
      method: 'POST',
      path: '/sql',
      mutating: true,
      handle: async ({ request, response }) => {
        requireMediaType(request, ['text/plain', 'application/sql']);
        const text = (await readBody(request, limits.sql)).toString('utf8');
        const outcome = await deployments.execute(text);
        if (outcome.query !== undefined) return streamQuery(outcome.query, response, deployments.options);
        // Exactly {"jobs": [...]} when nothing answered with text (the contract of a deployment).
        sendJson(response, 200, outcome.results.length === 0 ? { jobs: outcome.jobs } : { jobs: outcome.jobs, results: outcome.results });
      },
    },
    {
      method: 'POST',
      path: '/ingest/:stream',
      mutating: true,
      handle: async ({ request, response, params }) => {
        // A body declared too large is refused first, whatever the stream.
        refuseDeclaredOverLimit(request, limits.ingest);
        const stream = params.stream!;
        const entry = deployments.entry(stream);
        if (entry === undefined) throw new HttpError(404, 'UNKNOWN_STREAM', `no stream '${stream}': declare it with CREATE STREAM ${stream} (...) WITH ('${stream}.type' = 'http_source')`);
        if (entry.connector?.type !== 'http_source') {
          throw new HttpError(409, 'NOT_HTTP_SOURCE', `stream '${entry.name}' is a ${entry.connector?.type ?? 'job output'}, not an http_source: only streams declared with '${entry.name}.type' = 'http_source' take posts`);
        }
        requireMediaType(request, NDJSON_TYPES);
        const body = await readBody(request, limits.ingest);
        const outcome = await ingest.post(entry.name, body.toString('utf8').split(/\r?\n/), body.length);
        if (outcome === undefined) throw new HttpError(409, 'NO_READER', `no running job reads stream '${entry.name}': deploy one (POST /sql) before posting, or nothing would receive the records`);
        sendJson(response, 200, outcome);
      },
    },
  ];
}
