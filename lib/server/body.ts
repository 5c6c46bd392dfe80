import type { IncomingMessage } from 'node:http';
import { HttpError } from './httpError.js';

/**
 * Reads a request body of at most `limit` bytes. A declared `content-length` above the limit
 * is refused before anything is read; a body that grows past it while arriving is refused as
 * soon as it does. Both are a 413, and the server closes such a connection after answering.
 */
export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  refuseDeclaredOverLimit(request, limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/** A 413 when the request declares a `content-length` over `limit` (nothing is read). */
export function refuseDeclaredOverLimit(request: IncomingMessage, limit: number): void {
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  if (declared > limit) throw tooLarge(limit);
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'BODY_TOO_LARGE', `the request body is larger than the limit of ${limit} bytes`, { connection: 'close' });
}

/**
 * What `curl -d` sends: such a body (or one without a content-type) is read as the text it is,
 * never form-decoded, so that `curl -d 'SHOW STREAMS' .../sql` works as people expect.
 */
const TEXT_AS_IS = ['application/x-www-form-urlencoded', ''];

/**
 * Checks the media type of a request body (parameters such as `charset` ignored): one of
 * `accepted`, or a body `curl -d` sends ({@link TEXT_AS_IS}); anything else (JSON, a form
 * upload) is a 415 naming the accepted types.
 */
export function requireMediaType(request: IncomingMessage, accepted: readonly string[]): void {
  const type = (request.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (!accepted.includes(type) && !TEXT_AS_IS.includes(type)) {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `content-type must be ${accepted.join(' or ')}, got '${type}'`);
  }
}
