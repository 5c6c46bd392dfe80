import { SERVER_SETTINGS } from './config/settings.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { eventLatencyObserver } from '../runtime/metrics/eventLatency.js';
import { allObservers } from '../runtime/metrics/outputObservers.js';
import { userMetricsObserver } from '../runtime/metrics/userMetrics.js';
import type { Logger } from '../runtime/logger.js';
import { FerrisError } from '../types/errors.js';
import { bearerGuard, loopbackHostGuard, sameOriginGuard } from './auth.js';
import { Deployments } from './deployments.js';
import { EventStream } from './eventStream.js';
import { errorAnswer, HttpError } from './httpError.js';
import { IngestHub } from './ingestHub.js';
import { JobManager } from './jobManager.js';
import { jobView } from './jobView.js';
import { Router } from './router.js';
import { serverRoutes } from './routes.js';
import { sendJson } from './send.js';
import { registerServerMetrics } from './serverMetrics.js';
import { StateStore } from './stateStore.js';

/** How the job server runs. */
export interface ServerOptions {
  readonly host: string;
  /** 0: any free port. */
  readonly port: number;
  /** With a token, every mutating route needs `Authorization: Bearer <token>`. */
  readonly token: string | undefined;
  /** Where deployed jobs and their SQL are kept across restarts; none: nothing survives. */
  readonly dataDir: string | undefined;
  /** Relative paths of the jobs' connectors resolve against this directory. */
  readonly baseDir: string;
  /** Body limits in bytes: of `POST /sql` and of `POST /ingest/:stream`. */
  readonly limits: { readonly sql: number; readonly ingest: number };
  readonly log: Logger;
  /** Values of `${name}` placeholders in posted SQL. */
  readonly variables: (name: string) => string | undefined;
  readonly version: string;
}

/** A listening job server. */
export interface JobServer {
  /** `http://HOST:PORT`, with the port actually bound. */
  readonly url: string;
  /** Resolves once the saved jobs were brought back (the server is ready). */
  readonly restored: Promise<void>;
  readonly deployments: Deployments;
  /** Drains and stops every running job (their positions committed), then stops listening; a job still opening never runs. */
  close(): Promise<void>;
}

/** Default body limits: 1 MiB of SQL, 1 MiB of NDJSON per ingest post (about 9,000 trades; post more often rather than more at once). */
export const DEFAULT_LIMITS = { sql: SERVER_SETTINGS.maxSqlBytes.fallback, ingest: SERVER_SETTINGS.maxIngestBytes.fallback } as const;

/**
 * Starts the job server on Node's own `http`: listens first (so `/health/live` answers at
 * once), then brings back the jobs saved under the data directory; `/health/ready` answers
 * 503 until that is done. Every request goes through the router (404, 405, bad parameters),
 * the bearer guard for mutating routes (401) and the route's own checks; errors are JSON
 * with a code and a message (and a SQL error's line and column).
 */
export async function startJobServer(options: ServerOptions): Promise<JobServer> {
  const ingest = new IngestHub();
  const events = new EventStream();
  const store = new StateStore(options.dataDir);
  const registry = new Registry();
  const jobOptions = { baseDir: options.baseDir, log: options.log, ingest, observeOutput: allObservers(userMetricsObserver(registry), eventLatencyObserver(registry)) };
  const publish = (): void => events.send('jobs', () => jobs.list.map((job) => jobView(job)));
  const jobs: JobManager = new JobManager(jobOptions, options.log, publish);
  registerServerMetrics(registry, jobs.list);
  const deployments = new Deployments(jobs, store, jobOptions, options.variables);
  const ticker = setInterval(publish, 1000).unref();
  const router = new Router(serverRoutes({ deployments, ingest, metrics: registry, events, version: options.version, startedAt: Date.now(), limits: options.limits }));
  const guard = bearerGuard(options.token);
  const hostGuard = loopbackHostGuard(options.host, () => (server.address() as AddressInfo).port);
  const server = createServer((request, response) => void serve(request, response));

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://server');
    try {
      hostGuard(request);
      const { route, params } = router.match(request.method ?? 'GET', url.pathname);
      if (url.search !== '') throw new HttpError(400, 'BAD_PARAMETER', `no route takes query parameters; got '${url.search}'`);
      if (route.mutating) {
        sameOriginGuard(request);
        guard(request);
      }
      await route.handle({ request, response, params, url });
    } catch (error) {
      const answer = errorAnswer(error);
      if (answer.status >= 500) options.log('error', 'request failed', { method: request.method, path: url.pathname, error: answer.body.message });
      if (response.headersSent) {
        response.destroy();
        return;
      }
      sendJson(response, answer.status, answer.body, answer.headers);
      // What is left of a refused body is read and dropped, so that the client gets the answer rather than a reset.
      if (!request.complete) request.resume();
    }
  }

  await listen(server, options.host, options.port);
  const port = (server.address() as AddressInfo).port;
  const restored = deployments.restore();
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    restored,
    deployments,
    async close() {
      // Not waiting for the restore: a saved job may wait for its source indefinitely (a watched directory still empty).
      await jobs.stopAll();
      clearInterval(ticker);
      events.close();
      await new Promise<void>((resolve) => server.close(() => resolve()).closeAllConnections());
    },
  };
}

/** `server.listen`, as a promise that rejects with a clear error naming the address. */
function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'EADDRINUSE' ? `port ${port} is already in use on ${host}` : error.code === 'EADDRNOTAVAIL' ? `${host} is not an address of this machine` : error.message;
      reject(new FerrisError('CONFIG', `cannot listen on ${host}:${port}: ${reason}`, { cause: error }));
    });
    server.listen(port, host, () => resolve());
  });
}
