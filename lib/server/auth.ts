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
