import { isAbsolute, resolve } from 'node:path';
import type { ConnectorSpec } from '../plan/app/analyzeApp.js';
import { FAILURE_STRATEGIES, type FailureStrategy } from '../plan/app/jobKeys.js';
import { FerrisError } from '../types/errors.js';
import { loadConfigFile } from './configFile.js';
import type { FailureRoute } from './failureRouter.js';

/** A connector's keys ready for its factory, and how its bad records are routed. */
export interface PreparedConnector {
  readonly properties: Map<string, string>;
  readonly route: FailureRoute;
  /** A sink's `batch.*` keys (its re-batching before writes; see docs/batching.md). */
  readonly batchKeys: Map<string, string>;
}

/**
 * Prepares a connector's keys: merges its `config_file` (YAML, relative to the SQL file; the
 * keys written in SQL win) and takes out the runtime's own keys (`failure_strategy`,
 * `dlq.path`, which fall back to the job's, and a sink's `batch.*` keys).
 */
export function prepareConnector(spec: ConnectorSpec, baseDir: string, jobRoute: FailureRoute, side: 'source' | 'sink' = 'source'): PreparedConnector {
  const properties = new Map<string, string>();
  const configFile = spec.properties.get('config_file');
  if (configFile !== undefined) {
    for (const [key, value] of loadConfigFile(resolvePath(configFile, baseDir))) properties.set(key, value);
  }
  for (const [key, value] of spec.properties) if (key !== 'config_file') properties.set(key, value);
  const strategy = properties.get('failure_strategy');
  const dlqPath = properties.get('dlq.path');
  properties.delete('failure_strategy');
  properties.delete('dlq.path');
  const batchKeys = new Map<string, string>();
  if (side === 'sink') {
    for (const [key, value] of properties) {
      if (key.startsWith('batch.')) {
        batchKeys.set(key, value);
        properties.delete(key);
      }
    }
  }
  return {
    properties,
    batchKeys,
    route: {
      strategy: strategy === undefined ? jobRoute.strategy : failureStrategy(strategy, `${spec.name}.failure_strategy`),
      dlqPath: dlqPath === undefined ? jobRoute.dlqPath : resolvePath(dlqPath, baseDir),
    },
  };
}

/** The job's own route from its unprefixed keys (`failure_strategy`, `dlq.path`). */
export function jobRoute(jobKeys: ReadonlyMap<string, string>, baseDir: string): FailureRoute {
  const strategy = jobKeys.get('failure_strategy');
  const dlqPath = jobKeys.get('dlq.path');
  return {
    strategy: strategy === undefined ? 'log_and_continue' : failureStrategy(strategy, 'failure_strategy'),
    dlqPath: dlqPath === undefined ? undefined : resolvePath(dlqPath, baseDir),
  };
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
