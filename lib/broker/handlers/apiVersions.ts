import type { RequestOf, ResponseOf } from '../protocol/api.js';
import { ErrorCode } from '../protocol/errorCodes.js';
import { ApiVersions } from '../protocol/messages/cluster.js';
import { ALL_APIS } from '../protocol/messages/index.js';
import { SaslAuthenticate, SaslHandshake } from '../protocol/messages/sasl.js';
import type { BrokerState } from '../state.js';
import { route } from './route.js';

type Response = ResponseOf<typeof ApiVersions>;

const SASL_APIS: ReadonlySet<number> = new Set([SaslHandshake.key, SaslAuthenticate.key]);

/** The advertised version range of every API, capped by the `maxVersions` option; SASL only with `--users`. */
export function advertisedApis(state: BrokerState): { apiKey: number; minVersion: number; maxVersion: number }[] {
  const apis = state.credentials === undefined ? ALL_APIS.filter((a) => !SASL_APIS.has(a.key)) : ALL_APIS;
  return apis.map((a) => ({
    apiKey: a.key,
    minVersion: a.minVersion,
    maxVersion: Math.max(a.minVersion, Math.min(a.maxVersion, state.options.maxVersions[a.key] ?? a.maxVersion)),
  }));
}

/**
 * The KIP-511 answer to an ApiVersions version above ours: a v0-shaped body with
 * UNSUPPORTED_VERSION that still lists ApiVersions' own range, so the client retries lower.
 */
export function unsupportedApiVersionsBody(): Response {
  return { errorCode: ErrorCode.UNSUPPORTED_VERSION, apiKeys: [{ apiKey: ApiVersions.key, minVersion: ApiVersions.minVersion, maxVersion: ApiVersions.maxVersion }] };
}

/** ApiVersions: the advertised table. */
export const apiVersionsRoute = route(
  ApiVersions,
  (state, _req: RequestOf<typeof ApiVersions>): Response => ({ errorCode: ErrorCode.NONE, apiKeys: advertisedApis(state) }),
  (_req, errorCode) => ({ errorCode, apiKeys: [] }),
);
