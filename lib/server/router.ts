import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './httpError.js';

/** The methods the server answers. */
export type Method = 'GET' | 'POST' | 'DELETE';

/** What a route handler gets: the request, the response, the path parameters and the parsed URL. */
export interface RequestContext {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly params: Readonly<Record<string, string>>;
  readonly url: URL;
}

/** One route: a method, a path pattern (`/jobs/:name`), whether it changes anything (then it needs the token), and its handler. */
export interface Route {
  readonly method: Method;
  readonly path: string;
  readonly mutating: boolean;
  handle(context: RequestContext): Promise<void>;
}

/** What a path parameter may hold: a stream or job name (an SQL identifier, quoted ones included), at most 128 characters. */
const PARAMETER = /^[^\s/"]{1,128}$/;

/** A route found for a request, with its path parameters. */
export interface RouteMatch {
  readonly route: Route;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Finds the route of a request by method and path. A path that matches no route is a 404; one
 * that matches routes of other methods only is a 405 naming them (`allow`); a path parameter
 * that is not a plausible name (empty, bad percent-encoding, blanks, longer than 128) is a 400.
 */
export class Router {
  private readonly compiled: readonly { readonly route: Route; readonly segments: readonly string[] }[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map((route) => ({ route, segments: route.path.split('/').slice(1) }));
  }

  /** The route of `method` and `pathname`, or the error answering it. */
  match(method: string, pathname: string): RouteMatch {
    const parts = pathname.split('/').slice(1);
    const allowed: string[] = [];
    for (const { route, segments } of this.compiled) {
      const params = matchSegments(segments, parts);
      if (params === undefined) continue;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { route, params };
      allowed.push(route.method);
    }
    if (allowed.length > 0) throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${method} ${pathname} is not served; allowed: ${allowed.join(', ')}`, { allow: allowed.join(', ') });
    throw new HttpError(404, 'NOT_FOUND', `no route ${pathname}; see GET /openapi.json`);
  }
}

/** The parameters of `parts` against a pattern's `segments`, or undefined when they do not match. */
function matchSegments(segments: readonly string[], parts: readonly string[]): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment.startsWith(':')) params[segment.slice(1)] = parameter(segment.slice(1), parts[i]!);
    else if (segment !== parts[i]) return undefined;
  }
  return params;
}

function parameter(name: string, raw: string): string {
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    throw new HttpError(400, 'BAD_PARAMETER', `:${name} is not valid percent-encoding: '${raw}'`);
  }
  if (!PARAMETER.test(value)) throw new HttpError(400, 'BAD_PARAMETER', `:${name} must be a name of 1 to 128 characters without blanks, '/' or '"'; got '${value}'`);
  return value;
}
