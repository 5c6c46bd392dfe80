import { isAbsolute, resolve } from 'node:path';
import type { ConnectorSpec, JobSpec } from '../plan/app/analyzeApp.js';
import { FAILURE_STRATEGIES, type FailureStrategy } from '../plan/app/jobKeys.js';
import { durationKey } from '../plan/timeConfig.js';
import { FerrisError, notSupported } from '../types/errors.js';
import { loadConfigFile } from './configFile.js';
import type { FailureRoute } from './failureRouter.js';

/** A connector's keys ready for its factory, and how its bad records are routed. */
export interface PreparedConnector {
  readonly properties: Map<string, string>;
  readonly route: FailureRoute;
  /** A sink's `batch.*` keys (its re-batching before writes; see docs/batching.md). */
  readonly batchKeys: Map<string, string>;
}

/** The failure keys a connector may set for itself, taken out of its properties. */
const FAILURE_KEYS = ['failure_strategy', 'dlq.path', 'dlq.topic', 'max_retries', 'retry_backoff'] as const;
/** The strategies only a Kafka source carries out (it can drop a fetched batch, or read a record again). */
const KAFKA_ONLY: readonly FailureStrategy[] = ['fail_batch', 'retry_with_backoff'];
const DEFAULT_BROKERS = 'localhost:9092';

/**
 * Prepares a connector's keys: merges its `config_file` (YAML, relative to the SQL file; the
 * keys written in SQL win) and takes out the runtime's own keys (`failure_strategy`,
 * `dlq.path`, `dlq.topic`, `max_retries`, `retry_backoff`, which fall back to the job's, and a
 * sink's `batch.*` keys, except a Kafka sink's `batch.size`, which is Kafka's, in bytes). A source's dead-letter topic is written through the brokers the
 * source reads from. Strategies a source cannot carry out are refused.
 */
export function prepareConnector(spec: ConnectorSpec, baseDir: string, jobRoute: FailureRoute, side: 'source' | 'sink' = 'source'): PreparedConnector {
  const properties = new Map<string, string>();
  const configFile = spec.properties.get('config_file');
  if (configFile !== undefined) {
    for (const [key, value] of loadConfigFile(resolvePath(configFile, baseDir))) properties.set(key, value);
  }
  for (const [key, value] of spec.properties) if (key !== 'config_file') properties.set(key, value);
  const own = new Map<string, string>();
  for (const key of FAILURE_KEYS) {
    const value = properties.get(key);
    if (value !== undefined) own.set(key, value);
    properties.delete(key);
  }
  const batchKeys = new Map<string, string>();
  if (side === 'sink') {
    for (const [key, value] of properties) {
      // A Kafka sink's batch.size is Kafka's producer batch.size, in bytes (docs/connectors.md).
      if (key.startsWith('batch.') && !(spec.type === 'kafka_sink' && key === 'batch.size')) {
        batchKeys.set(key, value);
        properties.delete(key);
      }
    }
  }
  const kafka = spec.type === 'kafka_source';
  const route = routeOf(own, baseDir, jobRoute, `${spec.name}.`, kafka ? brokersOf(properties) : undefined);
  if (kafka && route.strategy === 'send_to_dlq' && own.has('dlq.path')) {
    throw new FerrisError('CONFIG', `'${spec.name}.dlq.path' is not used: failure_strategy 'send_to_dlq' on a Kafka source sends to its dead-letter topic ('${spec.name}.dlq.topic', default '<job>-dlq')`);
  }
  if (side === 'source' && !kafka) {
    if (KAFKA_ONLY.includes(route.strategy)) throw notSupported(`failure_strategy = '${route.strategy}' for ${spec.type} '${spec.name}' (it applies to kafka_source)`);
    if (route.strategy === 'send_to_dlq' && route.dlqPath === undefined) {
      throw new FerrisError('CONFIG', `failure_strategy 'send_to_dlq' for ${spec.type} '${spec.name}' needs a file: set '${spec.name}.dlq.path' or 'dlq.path' (a Kafka source sends to its dlq.topic)`);
    }
  }
  return { properties, batchKeys, route };
}

/**
 * The job's own route from its unprefixed keys (`failure_strategy`, `dlq.path`, `dlq.topic`,
 * `max_retries`, `retry_backoff`). Given the job, its dead-letter topic (default
 * `<job>-dlq`) goes through the brokers of its first Kafka source.
 */
export function jobRoute(jobKeys: ReadonlyMap<string, string>, baseDir: string, job?: Pick<JobSpec, 'name' | 'sources'>): FailureRoute {
  const kafkaSource = job === undefined ? undefined : [...job.sources.values()].find((s) => s.type === 'kafka_source');
  const defaults: FailureRoute = {
    strategy: 'log_and_continue',
    dlqPath: undefined,
    dlqTopic: `${job?.name ?? 'ferris'}-dlq`,
    dlqBrokers: undefined,
    maxRetries: 3,
    retryBackoffMs: 100,
  };
  return routeOf(jobKeys, baseDir, defaults, '', kafkaSource === undefined ? undefined : brokersOf(kafkaSource.properties));
}

function brokersOf(properties: ReadonlyMap<string, string>): readonly string[] {
  return (properties.get('bootstrap.servers') ?? DEFAULT_BROKERS)
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
}

/** A route from failure keys (named with `prefix` in messages), falling back to `base`; `brokers`: a Kafka source's, for its DLQ topic. */
function routeOf(keys: ReadonlyMap<string, string>, baseDir: string, base: FailureRoute, prefix: string, brokers: readonly string[] | undefined): FailureRoute {
  const strategy = keys.get('failure_strategy');
  const dlqPath = keys.get('dlq.path');
  const retries = keys.get('max_retries');
  const backoff = keys.get('retry_backoff');
  return {
    strategy: strategy === undefined ? base.strategy : failureStrategy(strategy, `${prefix}failure_strategy`),
    dlqPath: dlqPath === undefined ? base.dlqPath : resolvePath(dlqPath, baseDir),
    dlqTopic: keys.get('dlq.topic') ?? base.dlqTopic,
    dlqBrokers: brokers ?? base.dlqBrokers,
    maxRetries: retries === undefined ? base.maxRetries : positiveInteger(retries, `${prefix}max_retries`),
    retryBackoffMs: backoff === undefined ? base.retryBackoffMs : durationKey(`${prefix}retry_backoff`, backoff),
  };
}

function positiveInteger(value: string, key: string): number {
  if (!/^[1-9]\d*$/.test(value.trim())) throw new FerrisError('CONFIG', `invalid value '${value}' for '${key}': expected a whole number ≥ 1`);
  return Number(value);
}

/** A path relative to the SQL file's directory, or absolute. */
export function resolvePath(path: string, baseDir: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

function failureStrategy(value: string, key: string): FailureStrategy {
  const lower = value.toLowerCase();
  const match = FAILURE_STRATEGIES.find((s) => s === lower);
  if (!match) throw new FerrisError('CONFIG', `invalid value '${value}' for '${key}'; accepted values: ${FAILURE_STRATEGIES.join(', ')}`);
  return match;
}
