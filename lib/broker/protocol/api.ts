import type { Codec } from './schema.js';

/** An API's identity and supported version range. */
export interface ApiInfo {
  readonly key: number;
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  /** First flexible (KIP-482) version; above `maxVersion` when the API has none here. */
  readonly flexibleFrom: number;
}

/** The wire description of one Kafka API: its key, supported version range and both schemas. */
export interface ApiSchema<ReqIn, ResOut> extends ApiInfo {
  readonly request: Codec<ReqIn, unknown>;
  readonly response: Codec<unknown, ResOut>;
}

/** Builds an {@link ApiSchema}; `flexibleFrom` defaults to "never". */
export function api<ReqIn, ReqOut, ResIn, ResOut>(spec: {
  key: number;
  name: string;
  versions: [number, number];
  flexibleFrom?: number;
  request: Codec<ReqIn, ReqOut>;
  response: Codec<ResIn, ResOut>;
}): ApiSchema<ReqIn, ResOut> {
  return {
    key: spec.key,
    name: spec.name,
    minVersion: spec.versions[0],
    maxVersion: spec.versions[1],
    flexibleFrom: spec.flexibleFrom ?? Number.MAX_SAFE_INTEGER,
    request: spec.request as Codec<ReqIn, unknown>,
    response: spec.response as Codec<unknown, ResOut>,
  };
}

/** The decoded request type of an API. */
export type RequestOf<A> = A extends ApiSchema<infer Q, infer _R> ? Q : never;
/** The response type an API's handler returns. */
export type ResponseOf<A> = A extends ApiSchema<infer _Q, infer R> ? R : never;
