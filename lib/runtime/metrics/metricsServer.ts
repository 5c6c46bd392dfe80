import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FerrisError } from '../../types/errors.js';

/** What the server answers `GET /metrics` with: a prom-client `Registry` fits. */
export interface MetricsText {
  readonly contentType: string;
  metrics(): Promise<string>;
}

/** Where the metrics are served: an address of this machine and a port (0: any free port). */
export interface MetricsAddress {
  readonly host: string;
  readonly port: number;
}

/** A listening metrics server. */
export interface MetricsServer {
  /** `http://HOST:PORT/metrics`, with the port actually bound. */
  readonly url: string;
  /** Stops listening; resolves once the open connections are closed. */
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` (Prometheus text from `source`) on Node's own `http`; any other path
 * answers 404 and any other method 405. Rejects with an error naming the address when it
 * cannot listen (a port in use, an address not of this machine).
 */
export async function serveMetrics(source: MetricsText, { host, port }: MetricsAddress): Promise<MetricsServer> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?', 1)[0];
    if (path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: only /metrics is served\n');
    } else if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else {
      source.metrics().then(
        (text) => response.writeHead(200, { 'content-type': source.contentType }).end(request.method === 'HEAD' ? undefined : text),
        (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${error instanceof Error ? error.message : String(error)}\n`),
      );
    }
  });
  await listen(server, host, port);
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()).closeAllConnections()),
  };
}

/** `server.listen`, as a promise that rejects with a clear error naming the address. */
function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'EADDRINUSE' ? `port ${port} is already in use on ${host}` : error.code === 'EADDRNOTAVAIL' ? `${host} is not an address of this machine` : error.message;
      reject(new FerrisError('CONFIG', `--metrics-port ${port}: cannot serve metrics on ${host}:${port}: ${reason}`, { cause: error }));
    });
    server.listen(port, host, () => resolve());
  });
}
