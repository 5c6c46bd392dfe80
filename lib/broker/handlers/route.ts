import type { ApiSchema } from '../protocol/api.js';
import type { SaslSession } from '../auth/saslSession.js';
import type { BrokerState } from '../state.js';

/** What a handler knows about the request besides its body. */
export interface RequestContext {
  readonly version: number;
  readonly clientId: string;
  readonly clientHost: string;
  /** The connection's SASL state; undefined when the broker has no `--users`. */
  readonly sasl: SaslSession | undefined;
}

/** A handler's answer: a response, a response later (long poll, barriers), or none (acks=0). */
export type Reply<Res> = Res | Promise<Res> | null;

/** One API served by the broker: its schema, its handler, and how to answer it with an error. */
export interface Route {
  readonly schema: ApiSchema<unknown, unknown>;
  handle(state: BrokerState, request: unknown, context: RequestContext): Reply<unknown>;
  /** Builds a response reporting `errorCode` everywhere without running the handler (fault injection). */
  reject(request: unknown, errorCode: number): unknown;
}

/** Ties a schema to its typed handler and error builder. */
export function route<Req, Res>(
  schema: ApiSchema<Req, Res>,
  handle: (state: BrokerState, request: Req, context: RequestContext) => Reply<Res>,
  reject: (request: Req, errorCode: number) => Res,
): Route {
  return {
    schema: schema as ApiSchema<unknown, unknown>,
    handle: handle as Route['handle'],
    reject: reject as Route['reject'],
  };
}

/** Maps each topic's partitions of a request to per-partition results (shared by many APIs). */
export function perPartition<T extends { readonly name: string }, P, R>(
  topics: readonly T[],
  partitionsOf: (topic: T) => readonly P[],
  result: (topic: T, partition: P) => R,
): { name: string; partitions: R[] }[] {
  return topics.map((t) => ({ name: t.name, partitions: partitionsOf(t).map((p) => result(t, p)) }));
}
