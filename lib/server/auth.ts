import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError } from './httpError.js';

/** SHA-256 of a text, so tokens of any length are compared in constant time. */
const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Checks `Authorization: Bearer <token>` in constant time. Without a configured token every
 * request passes; with one, a missing or wrong token is a 401 with `WWW-Authenticate: Bearer`.
 */
export function bearerGuard(token: string | undefined): (request: IncomingMessage) => void {
  if (token === undefined) return () => undefined;
  const expected = digest(token);
  return (request) => {
    const header = request.headers.authorization;
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match === null || !timingSafeEqual(digest(match[1]!), expected)) {
      throw new HttpError(401, 'UNAUTHORIZED', header === undefined ? 'this route needs Authorization: Bearer <token>' : 'the bearer token is not the server\'s', {
        'www-authenticate': 'Bearer realm="ferris"',
      });
    }
  };
}

/**
 * Refuses a mutating request a browser sent from another site (403): a page elsewhere could
 * otherwise post SQL to a server on localhost that has no token (a form's `text/plain` POST
 * needs no preflight). Browsers send `Origin` with such requests; it must name the host the
 * request was sent to (the dashboard's own requests do). Requests without `Origin` (curl,
 * programs) pass.
 */
export function sameOriginGuard(request: IncomingMessage): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    host = '';
  }
  if (host === '' || host !== request.headers.host) {
    throw new HttpError(403, 'CROSS_ORIGIN', `a request from ${origin} cannot change this server (only its own pages, or clients that send no Origin)`);
  }
}

/** The names of this machine a loopback server may be reached by. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * For a server bound to a loopback address: refuses (403) a request whose `Host` is not a
 * loopback name with the server's port, which is what a DNS-rebinding page sends (its own
 * domain, resolved to 127.0.0.1). Other binds know no list of their names and pass everything.
 */
export function loopbackHostGuard(boundHost: string, port: () => number): (request: IncomingMessage) => void {
  if (!['127.0.0.1', '::1', 'localhost'].includes(boundHost)) return () => undefined;
  return (request) => {
    const host = request.headers.host ?? '';
    if (!LOOPBACK_NAMES.some((name) => host === `${name}:${port()}`)) {
      throw new HttpError(403, 'WRONG_HOST', `this server answers only to ${LOOPBACK_NAMES.map((n) => `${n}:${port()}`).join(', ')}; Host was '${host}'`);
    }
  };
}
